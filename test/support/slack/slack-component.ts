import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import { RingCentralAcoGateway } from '../../../src/aco/gateway.js';
import { loadConfig } from '../../../src/config.js';
import { CoreEvents } from '../../../src/core/events.js';
import type { Store } from '../../../src/core/ports.js';
import { ConnectionWorkflow } from '../../../src/core/workflow.js';
import { createHttpServer } from '../../../src/http/server.js';
import { createCapturingLogger } from '../../../src/log.js';
import { createSlackComponent, type SlackComponentDeps } from '../../../src/slack/index.js';
import { tenantOf } from '../../../src/slack/identity.js';
import { createStore } from '../../../src/store/create-store.js';
import { FakeSlackApi, type FakeSlackUser } from '../fakes/slack-api.js';
import { BOT_TOKEN, SIGNING_SECRET, USERS } from './slack-app.js';
import { SlackRequester } from './signed-requests.js';

export interface SlackComponentRig {
  slack: FakeSlackApi;
  /** The real SQLite store under the component (before any `wrapStore`). */
  store: Store;
  tenant: string;
  requester: SlackRequester;
  logs: string[];
  close(): Promise<void>;
}

export interface SlackComponentRigOptions
  extends Pick<SlackComponentDeps, 'formBudgetMs' | 'adminVerdictTtlMs' | 'now'> {
  users?: FakeSlackUser[];
  /** Put something between the component and the real store (a slow read, say). */
  wrapStore?: (real: Store) => Store;
}

/**
 * The Slack component alone on our HTTP server, over a temp SQLite store and the fake Slack, for the options the
 * composition root does not pass (form budget, admin verdict clock). No ACO credentials: sign-in is unavailable.
 */
export async function startSlackComponent(opts: SlackComponentRigOptions = {}): Promise<SlackComponentRig> {
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  };
  try {
    const slack = await FakeSlackApi.start({
      botToken: BOT_TOKEN,
      users: opts.users ?? Object.values(USERS),
      channels: [{ id: 'CGENERAL', member: true }],
    });
    cleanups.push(() => slack.close());
    const dir = await mkdtemp(path.join(tmpdir(), 'aco-slack-component-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const { logger, lines } = createCapturingLogger('debug');
    const real = await createStore({
      url: `sqlite://${path.join(dir, 's.sqlite')}`,
      encryptionKey: randomBytes(32),
      logger,
    });
    cleanups.push(() => real.close());
    const store = opts.wrapStore ? opts.wrapStore(real) : real;

    const loaded = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_ADMIN_USERS: USERS.listed.id,
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const events = new CoreEvents();
    const aco = new RingCentralAcoGateway({
      serverUrl: 'http://127.0.0.1:9',
      redirectUri: 'http://x/cb',
      brandId: '6010',
    });
    const workflow = new ConnectionWorkflow({ store, events, logger, recordingLicensed: false, aco });
    const component = createSlackComponent({
      config: loaded.config,
      workflow,
      events,
      store,
      logger,
      retryConfig: { ...webApi.retryPolicies.rapidRetryPolicy, retries: 1 },
      formBudgetMs: opts.formBudgetMs,
      adminVerdictTtlMs: opts.adminVerdictTtlMs,
      now: opts.now,
    });
    const http = createHttpServer({ logger, components: [component] });
    await component.start!();
    await component.settled();
    cleanups.push(() => component.stop!());
    const { url } = await http.listen(0, '127.0.0.1');
    cleanups.push(() => http.close());
    return {
      slack,
      store: real,
      tenant: tenantOf(slack.teamId),
      requester: new SlackRequester(`${url}/slack/events`, SIGNING_SECRET),
      logs: lines,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
