import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { RingCentralAcoGateway } from '../../src/aco/gateway.js';
import { loadConfig, type Config } from '../../src/config.js';
import { CoreEvents } from '../../src/core/events.js';
import type { Store } from '../../src/core/ports.js';
import { ConnectionWorkflow } from '../../src/core/workflow.js';
import { createHttpServer } from '../../src/http/server.js';
import { createCapturingLogger } from '../../src/log.js';
import { createSlackComponent, slackDisabledReason } from '../../src/slack/index.js';
import { createStore } from '../../src/store/create-store.js';
import { FakeSlackApi } from '../support/fakes/slack-api.js';
import { startTestApp } from '../support/app/start-app.js';
import { assertWithinSlackLimits } from '../support/slack/limits.js';
import { commandFields, viewSubmission } from '../support/slack/payloads.js';
import { BOT_TOKEN, SIGNING_SECRET, USERS } from '../support/slack/slack-app.js';
import { SlackRequester } from '../support/slack/signed-requests.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function slackConfig(apiUrl: string, extra: Record<string, string> = {}): Config {
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    ...extra,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return loaded.config;
}

describe('createSlackComponent', () => {
  it('stays off with a log line naming the variables when the credentials are absent', async () => {
    const t = await startTestApp();
    cleanups.push(() => t.close());
    expect(t.logs.some((l) => l.includes('Slack is off: SLACK_BOT_TOKEN is not set'))).toBe(true);
    const res = await fetch(`${t.url}/slack/events`, { method: 'POST', body: 'x=1' });
    expect(res.status).toBe(404);
    expect(slackDisabledReason(t.app.config)).toBeDefined();
  });

  it('reports a token Slack does not accept as refused (token), without printing the token', async () => {
    const slack = await FakeSlackApi.start({ botToken: 'xoxb-the-real-one' });
    cleanups.push(() => slack.close());
    const { logger, lines } = createCapturingLogger();
    const store = await createStore({ url: 'sqlite://:memory:', encryptionKey: randomBytes(32), logger });
    cleanups.push(() => store.close());
    const config = slackConfig(slack.apiUrl);
    const events = new CoreEvents();
    const workflow = new ConnectionWorkflow({
      store,
      events,
      logger,
      recordingLicensed: false,
      aco: new RingCentralAcoGateway({ serverUrl: 'http://127.0.0.1:9', redirectUri: 'http://x/cb', brandId: '6010' }),
    });
    const component = createSlackComponent({ config, workflow, events, store, logger, retryConfig: { retries: 0 } });
    await component.start!();
    cleanups.push(() => component.stop!());
    await component.settled();
    expect(component.health!()).toMatchObject({ ok: false, status: 'refused' });
    expect(component.health!().detail).toBe(
      'Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth); fix the token and restart',
    );
    expect(lines.join('\n')).toContain('Slack: refused (token): auth.test answered invalid_auth');
    expect(lines.join('\n')).not.toContain(BOT_TOKEN);
  });

  it('opens the modal and answers submissions before a slow store has answered, then carries on', async () => {
    const slack = await FakeSlackApi.start({ botToken: BOT_TOKEN, users: [USERS.admin] });
    cleanups.push(() => slack.close());
    const dir = await mkdtemp(path.join(tmpdir(), 'aco-slack-slow-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const { logger } = createCapturingLogger();
    const real = await createStore({
      url: `sqlite://${path.join(dir, 's.sqlite')}`,
      encryptionKey: randomBytes(32),
      logger,
    });
    cleanups.push(() => real.close());

    // The store's settings read waits until the test opens the gate.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let readStarted!: () => void;
    const reading = new Promise<void>((resolve) => (readStarted = resolve));
    const slow: Store = Object.create(real) as Store;
    Object.defineProperty(slow, 'settings', {
      value: {
        get: async (tenant: string) => (readStarted(), await gate, real.settings.get(tenant)),
        put: real.settings.put.bind(real.settings),
      },
    });

    const config = slackConfig(slack.apiUrl);
    const events = new CoreEvents();
    const workflow = new ConnectionWorkflow({
      store: slow,
      events,
      logger,
      recordingLicensed: false,
      aco: new RingCentralAcoGateway({ serverUrl: 'http://127.0.0.1:9', redirectUri: 'http://x/cb', brandId: '6010' }),
    });
    const component = createSlackComponent({
      config,
      workflow,
      events,
      store: slow,
      logger,
      retryConfig: { ...webApi.retryPolicies.rapidRetryPolicy, retries: 1 },
    });
    const http = createHttpServer({ logger, components: [component] });
    await component.start!();
    cleanups.push(() => component.stop!());
    await component.settled();
    const { url } = await http.listen(0, '127.0.0.1');
    cleanups.push(() => http.close());

    const requester = new SlackRequester(`${url}/slack/events`, SIGNING_SECRET);
    const ack = await requester.command(commandFields(slack, USERS.admin));
    expect(ack.status).toBe(200);
    // The store has not answered within the budget (400 ms by default): a placeholder opens at once.
    const opened = await slack.waitForCall('views.open');
    assertWithinSlackLimits(opened.json.view, 'modal');
    expect((opened.json.view as { callback_id: string }).callback_id).toBe('aco_platform_settings_loading');
    await reading;
    // The modal is open while the store still has not answered.
    expect(slack.callsTo('views.update')).toHaveLength(0);

    // Submissions are answered before the store answers too: field errors, and the close of a valid form.
    const invalid = await requester.interaction(
      viewSubmission(slack, USERS.admin, { sip_domain: 'nope', outbound_proxy: 'p.example.com:5090', recording: 'no' }),
    );
    expect(invalid.json()).toMatchObject({ response_action: 'errors', errors: { sip_domain: expect.any(String) } });
    const valid = await requester.interaction(
      viewSubmission(slack, USERS.admin, {
        sip_domain: 'sip.example.com:5060',
        outbound_proxy: 'p.example.com:5090',
        recording: 'no',
      }),
    );
    expect([valid.status, valid.text]).toEqual([200, '']);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    open();
    // Then the DM follows; this server has no ACO credentials, so it says sign-in is not available.
    const unavailable = await slack.waitForCall('chat.update', 1, (c) => /not available/.test(c.params.text ?? ''));
    assertWithinSlackLimits({ text: unavailable.params.text, blocks: unavailable.json.blocks }, 'message');
    const filled = await slack.waitForCall('views.update');
    assertWithinSlackLimits(filled.json.view, 'modal');
    expect((filled.json.view as { callback_id: string }).callback_id).toBe('aco_platform_settings');
    expect(filled.params.view_id).toBe((opened.response.view as { id: string }).id);
    expect(slack.callsTo('views.open')).toHaveLength(1);
  });
});
