import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RingCentralAcoGateway } from '../../src/aco/gateway.js';
import { loadConfig } from '../../src/config.js';
import { CoreEvents } from '../../src/core/events.js';
import { ConnectionWorkflow } from '../../src/core/workflow.js';
import { createHttpServer, type HttpServer } from '../../src/http/server.js';
import { createCapturingLogger } from '../../src/log.js';
import { createStore, type StoreHandle } from '../../src/store/create-store.js';
import { LAST_CONVERSATION_KEY } from '../../src/teams/conversation-refs.js';
import { createTeamsComponent, type TeamsComponent } from '../../src/teams/index.js';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fakes/bot-connector.js';
import {
  invokeActivity,
  messageActivity,
  postActivity,
  submitValue,
  SETTINGS_INPUT,
  ADMIN,
  CLAIMED_TENANT as TENANT,
} from '../support/teams/teams-client.js';
import { startLocalIssuer, type LocalIssuer } from '../support/teams/local-issuer.js';

/*
 * Production mode (MicrosoftAppId set): botbuilder validates the Bot Connector's JWT against OpenID
 * metadata, here served by a local issuer with keys this test generated. The component is composed
 * like main.ts does, because main.ts has no way (on purpose) to move the metadata away from Microsoft.
 */

const APP_ID = '00000000-0000-4000-8000-00000000a99d';
const APP_PASSWORD = 'bot-app-password-must-not-be-logged';

describe('Teams production-mode authentication', () => {
  let issuer: LocalIssuer;
  let bc: FakeBotConnector;
  let store: StoreHandle;
  let http: HttpServer;
  let teams: TeamsComponent;
  let url: string;
  let dir: string;
  let logs: string[];

  beforeAll(async () => {
    issuer = await startLocalIssuer();
    bc = await startFakeBotConnector({ requireAuth: true });
    dir = await mkdtemp(path.join(tmpdir(), 'aco-teams-prod-'));
    const loaded = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_PASSWORD,
      MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      TEAMS_ADMIN_USERS: ADMIN.aadObjectId,
      STORE_URL: `sqlite://${path.join(dir, 'store.sqlite')}`,
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const config = loaded.config;
    const captured = createCapturingLogger('debug');
    logs = captured.lines;
    const logger = captured.logger;
    store = await createStore({ url: config.STORE_URL, encryptionKey: randomBytes(32), logger });
    const events = new CoreEvents();
    const aco = new RingCentralAcoGateway({
      serverUrl: config.ACO_SERVER_URL,
      redirectUri: 'http://127.0.0.1/cb',
      brandId: '6010',
    });
    const workflow = new ConnectionWorkflow({ store, aco, events, logger, recordingLicensed: false });
    teams = createTeamsComponent({
      config,
      workflow,
      events,
      store,
      logger,
      auth: { openIdMetadataUrl: issuer.metadataUrl, tokenIssuer: issuer.issuer },
    });
    http = createHttpServer({ logger, components: [teams] });
    await teams.start?.();
    url = (await http.listen(0, '127.0.0.1')).url;
  });

  afterAll(async () => {
    await http?.close();
    await teams?.stop?.();
    await store?.close();
    await bc?.close();
    await issuer?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const claims = (over: Record<string, unknown> = {}) => ({ aud: APP_ID, serviceurl: bc.url, ver: '1.0', ...over });
  const fetchDialog = (token?: string) =>
    postActivity(
      url,
      invokeActivity(bc.url, 'task/fetch', { data: { msteams: { type: 'task/fetch' } } }),
      token === undefined ? {} : { Authorization: `Bearer ${token}` },
    );
  // Activities with side effects when accepted: a stored admin channel, a posted reply, a draft and a consent link.
  const sideEffects = (token?: string) => {
    const headers: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` };
    return Promise.all([
      postActivity(url, messageActivity(bc.url, 'admin-channel', { where: 'channel' }), headers),
      postActivity(url, invokeActivity(bc.url, 'task/submit', submitValue(SETTINGS_INPUT)), headers),
    ]);
  };

  it('starts in production mode and says so', () => {
    expect(logs.join('\n')).toContain('Bot Framework authentication on');
    expect(logs.join('\n')).not.toContain('local-emulator');
  });

  it.each([
    ['a wrong issuer', () => issuer.sign(claims({ iss: 'https://api.botframework.com.evil.example' }))],
    ['a wrong audience', () => issuer.sign(claims({ aud: 'some-other-bot' }))],
    ['an expired token', () => issuer.sign(claims(), { issuedAgoSec: 7200, expiresInSec: 3600 })],
    ['a bad signature', () => issuer.sign(claims(), { key: 'stranger' })],
    [
      'a token for another serviceUrl',
      () => issuer.sign(claims({ serviceurl: 'https://smba.trafficmanager.net/amer/' })),
    ],
    ['a missing token', async () => undefined],
    ['a malformed header', async () => 'not-a-jwt'],
  ])('refuses %s with 401 and no side effect', async (_name, token) => {
    const t = await token();
    const from = bc.calls.length;
    const res = await fetchDialog(t);
    expect(res.status).toBe(401);
    expect(res.body?.task).toBeUndefined();
    // Issue 11, finding 8: the body says no more than that (no check name, key download or DNS error text).
    expect(res.text.replace(/^"|"$/g, '')).toBe('Unauthorized');
    for (const r of await sideEffects(t)) expect(r.status).toBe(401);
    expect(bc.calls.length).toBe(from);
    expect(await store.conversations.get(TENANT, LAST_CONVERSATION_KEY)).toBeUndefined();
    expect(await store.conversations.get(TENANT, 'teams.admin-channel')).toBeUndefined();
    expect(await store.audit.list(TENANT, 10)).toEqual([]);
  });

  it('accepts a correctly signed token from the configured issuer', async () => {
    const res = await fetchDialog(await issuer.sign(claims()));
    expect(res.status).toBe(200);
    expect(res.body.task.type).toBe('continue');
    expect(res.body.task.value.card.content.body[0].text).toBe('Platform Settings');
    // The metadata and keys really came from the local issuer.
    expect(issuer.hits).toEqual(expect.arrayContaining(['/.well-known/openid-configuration', '/keys']));
    // An accepted request is a real turn: the admin's conversation is remembered.
    expect(await store.conversations.get(TENANT, LAST_CONVERSATION_KEY)).toMatchObject({ serviceUrl: bc.url });
  });

  it('does not run the emulator loopback rule in production mode', async () => {
    const res = await postActivity(url, invokeActivity(bc.url, 'task/fetch', { data: {} }), {
      Authorization: `Bearer ${await issuer.sign(claims())}`,
      'X-Forwarded-For': '52.112.0.1',
    });
    expect(res.status).toBe(200);
  });

  it('answers a key download that failed (DNS) with the same generic 401, the reason only in the log', async () => {
    const loaded = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      MicrosoftAppPassword: APP_PASSWORD,
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const captured = createCapturingLogger('debug');
    const unreachable = createTeamsComponent({
      config: loaded.config,
      workflow: new ConnectionWorkflow({
        store,
        aco: new RingCentralAcoGateway({
          serverUrl: 'http://127.0.0.1:9',
          redirectUri: 'http://127.0.0.1/cb',
          brandId: '6010',
        }),
        events: new CoreEvents(),
        logger: captured.logger,
        recordingLicensed: false,
      }),
      events: new CoreEvents(),
      store,
      logger: captured.logger,
      auth: {
        openIdMetadataUrl: 'http://openid-keys.invalid/.well-known/openid-configuration',
        tokenIssuer: issuer.issuer,
      },
    });
    const server = createHttpServer({ logger: captured.logger, components: [unreachable] });
    await unreachable.start?.();
    try {
      const other = (await server.listen(0, '127.0.0.1')).url;
      const res = await postActivity(other, invokeActivity(bc.url, 'task/fetch', { data: {} }), {
        Authorization: `Bearer ${await issuer.sign(claims())}`,
      });
      expect(res.status).toBe(401);
      expect(res.text.replace(/^"|"$/g, '')).toBe('Unauthorized');
      expect(captured.lines.join('\n')).toContain('Teams request refused');
    } finally {
      await server.close();
      await unreachable.stop?.();
    }
  });

  it('never logs the app password or a token', async () => {
    const token = await issuer.sign(claims());
    await fetchDialog(token);
    await fetchDialog(await issuer.sign(claims({ aud: 'x' })));
    const all = logs.join('\n');
    expect(all).not.toContain(APP_PASSWORD);
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.split('.')[2]);
  });
});
