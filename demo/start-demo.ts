import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import type { HttpComponent } from '../src/http/server.js';
import { createLogger, type Logger } from '../src/log.js';
import { startApp, type App } from '../src/main.js';
import type { FakeAco } from '../test/support/fakes/aco-server.js';
import { CcaasPane, CCAAS_WEBHOOK_PATH } from './ccaas-pane.js';
import { CONNECTOR_PATH, connectorRoutes, Conversations } from './connector.js';
import {
  ADMIN_CHANNEL,
  DEMO_BOT,
  DEMO_TENANT,
  DEMO_TENANT_ID,
  DEMO_USER,
  PERSONAL_CONVERSATION,
} from './identities.js';
import { LiveFeed } from './live-feed.js';
import { pageRoutes } from './page-routes.js';
import { acoRoutes } from './aco-pane.js';
import { DEMO_ACO_CLIENT_ID, SIMULATED_ACO_PATH, startSimulatedAco } from './simulated-aco.js';

export const DEFAULT_DEMO_PORT = 3000;
export const LOOPBACK = '127.0.0.1';

export interface DemoOptions {
  /** Listen port; default 3000, or a free one when 3000 is taken. */
  port?: number;
  logger?: Logger;
  /** How often the token keeper looks at the grant (real time); default 15 s so refreshes are seen soon. */
  keeperIntervalMs?: number;
}

export interface Demo {
  url: string;
  app: App;
  aco: FakeAco;
  conversations: Conversations;
  ccaas: CcaasPane;
  close(): Promise<void>;
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, LOOPBACK, () => srv.close(() => resolve(true)));
  });

const anyFreePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, LOOPBACK, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

async function choosePort(wanted: number | undefined): Promise<number> {
  if (wanted !== undefined) return wanted;
  return (await portFree(DEFAULT_DEMO_PORT)) ? DEFAULT_DEMO_PORT : anyFreePort();
}

const secret = () => randomBytes(24).toString('base64url');

/** What the page needs to shape its activities as Teams does. */
function pageConfig(base: string) {
  return {
    serviceUrl: `${base}${CONNECTOR_PATH}/`,
    tenantId: DEMO_TENANT_ID,
    tenant: DEMO_TENANT,
    user: DEMO_USER,
    bot: DEMO_BOT,
    personalConversation: PERSONAL_CONVERSATION,
    adminChannel: ADMIN_CHANNEL,
    listen: base,
  };
}

/**
 * The playground: the real composition root (startApp) on loopback with a temporary SQLite store, the
 * simulated ACO, the local Bot Connector the bot replies to, the CCaaS receiver, and the page.
 */
export async function startDemo(opts: DemoOptions = {}): Promise<Demo> {
  const logger = opts.logger ?? createLogger({ level: 'info' });
  const port = await choosePort(opts.port);
  const base = `http://${LOOPBACK}:${port}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'aco-connect-demo-'));
  const acoSecret = secret();
  const aco = await startSimulatedAco({
    redirectUri: `${base}/oauth/aco/callback`,
    clientSecret: acoSecret,
    publicUrl: `${base}${SIMULATED_ACO_PATH}`,
  });
  const webhookSecret = secret();
  const apiKey = secret();

  const loaded = loadConfig({
    PORT: String(port),
    HOST: LOOPBACK,
    PUBLIC_BASE_URL: base,
    STORE_URL: `sqlite://${path.join(dataDir, 'aco-connect.sqlite')}`,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    TEAMS_EMULATOR: 'true',
    TEAMS_ADMIN_USERS: DEMO_USER.aadObjectId,
    ACO_SERVER_URL: aco.url,
    ACO_CLIENT_ID: DEMO_ACO_CLIENT_ID,
    ACO_CLIENT_SECRET: acoSecret,
    RECORDING_LICENSED: 'true',
    CCAAS_API_KEY: `${apiKey}@${DEMO_TENANT}`,
    CCAAS_WEBHOOK_URL: `${base}${CCAAS_WEBHOOK_PATH}`,
    CCAAS_WEBHOOK_SECRET: webhookSecret,
    LOG_LEVEL: 'info',
  });
  if (!loaded.ok) {
    await aco.close();
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`playground configuration refused:\n${loaded.problems.join('\n')}`);
  }

  const feed = new LiveFeed();
  const conversations = new Conversations(feed);
  const ccaas = new CcaasPane({
    feed,
    secret: webhookSecret,
    apiKey,
    readUrl: () => `${base}/api/v1/platform-settings?tenant=${encodeURIComponent(DEMO_TENANT)}`,
  });
  const playground: HttpComponent = {
    name: 'playground',
    mount(app) {
      app.use(SIMULATED_ACO_PATH, (req, res) => aco.handler(req, res));
      app.use(pageRoutes(() => pageConfig(base)));
      app.use(CONNECTOR_PATH, connectorRoutes(conversations));
      app.use(ccaas.routes());
      app.use(acoRoutes({ aco, feed }));
      app.get(
        '/demo/events',
        feed.handler(() => ({
          conversations: conversations.snapshot(),
          ccaas: ccaas.snapshot(),
        })),
      );
    },
  };

  let app: App;
  try {
    app = await startApp(loaded.config, {
      logger,
      components: [playground],
      auth: { keeper: { intervalMs: opts.keeperIntervalMs ?? 15_000 } },
    });
  } catch (err) {
    await aco.close();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  logger.warn(
    { url: base, aco: aco.url },
    'PLAYGROUND: simulated ACO (not connected to Avaya Cloud Office), local Bot Connector and CCaaS receiver; listening on 127.0.0.1 only; the store is a temporary file deleted on exit',
  );

  await claimAdminChannel(base, conversations);

  let closing: Promise<void> | undefined;
  return {
    url: base,
    app,
    aco,
    conversations,
    ccaas,
    close: () =>
      (closing ??= (async () => {
        feed.closeAll();
        await app.close();
        await aco.close();
        await rm(dataDir, { recursive: true, force: true });
      })()),
  };
}

/**
 * What an admin does once in Teams: "@aco-connect admin-channel" in the team channel, so notices go there.
 * Sent as the Teams client would, through POST /api/messages; the message shows in the admin channel pane.
 */
async function claimAdminChannel(base: string, conversations: Conversations): Promise<void> {
  const at = `<at>${DEMO_BOT.name}</at>`;
  const posted = conversations.add({
    conversationId: ADMIN_CHANNEL.id,
    from: { id: DEMO_USER.id, name: DEMO_USER.name, role: 'user' },
    text: `${at} admin-channel`,
  });
  const activity = {
    type: 'message',
    id: posted.id,
    timestamp: posted.timestamp,
    serviceUrl: `${base}${CONNECTOR_PATH}/`,
    channelId: 'msteams',
    from: DEMO_USER,
    recipient: DEMO_BOT,
    conversation: {
      isGroup: true,
      conversationType: 'channel',
      tenantId: DEMO_TENANT_ID,
      id: `${ADMIN_CHANNEL.id};messageid=${posted.id}`,
    },
    channelData: {
      tenant: { id: DEMO_TENANT_ID },
      teamsChannelId: ADMIN_CHANNEL.id,
      teamsTeamId: ADMIN_CHANNEL.teamId,
      channel: { id: ADMIN_CHANNEL.id, name: ADMIN_CHANNEL.name },
      team: { id: ADMIN_CHANNEL.teamId, name: ADMIN_CHANNEL.teamName },
    },
    textFormat: 'plain',
    text: `${at} admin-channel`,
    entities: [{ type: 'mention', text: at, mentioned: DEMO_BOT }],
    locale: 'en-US',
  };
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await res.body?.cancel();
  if (res.status >= 300) throw new Error(`the bot refused the admin-channel command (HTTP ${res.status})`);
}
