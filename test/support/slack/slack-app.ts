import { afterEach, beforeEach } from 'vitest';
import { webApi } from '@slack/bolt';
import type { App } from '../../../src/main.js';
import { actorOf, tenantOf } from '../../../src/slack/identity.js';
import { FAKE_ACO_CLIENT_SECRET, type FakeAco } from '../fakes/aco-server.js';
import { FakeSlackApi, type FakeChannel, type FakeSlackUser, type RecordedCall } from '../fakes/slack-api.js';
import { approveConsent, settledReadiness, startTestApp } from '../app/start-app.js';
import { assertWithinSlackLimits } from './limits.js';
import {
  appHomeOpened,
  buttonClick,
  commandFields,
  homeClick,
  viewSubmission,
  type ButtonTarget,
  type FormValues,
} from './payloads.js';
import { SlackRequester, type SendOptions, type SlackReply } from './signed-requests.js';

export const BOT_TOKEN = 'xoxb-1111-2222-slackTestBotToken0123';
export const APP_TOKEN = 'xapp-1-A0ACOTEST-3333-slackTestAppToken4567';
export const SIGNING_SECRET = 'slack-signing-secret-for-tests-0123456789abcdef';
export const ADMIN_CHANNEL = 'CADMINS01';

export const USERS = {
  admin: { id: 'UADMIN001', name: 'ada', display_name: 'Ada Admin', is_admin: true },
  owner: { id: 'UOWNER001', name: 'otto', is_owner: true },
  member: { id: 'UMEMBER01', name: 'mel' },
  listed: { id: 'ULISTED01', name: 'lis' },
  admin2: { id: 'UADMIN002', name: 'bea', is_admin: true },
} satisfies Record<string, FakeSlackUser>;

export interface SlackAppOptions {
  env?: Record<string, string | undefined>;
  /** Admin channel in the fake and in SLACK_ADMIN_CHANNEL (null: none configured). */
  adminChannel?: FakeChannel | null;
  /** Reuse a fake ACO. */
  aco?: FakeAco;
}

/**
 * The real app (Slack on, HTTP mode) on a free port with a temp SQLite store, against the fake ACO
 * and the fake Slack Web API; Slack's retries made fast. Checks after each test that every payload
 * kept Slack's limits and that no secret reached a log line or Slack.
 */
export class SlackTestApp {
  private constructor(
    readonly app: App,
    readonly slack: FakeSlackApi,
    readonly aco: FakeAco,
    readonly logs: string[],
    readonly requester: SlackRequester,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async start(opts: SlackAppOptions = {}): Promise<SlackTestApp> {
    const adminChannel = opts.adminChannel === undefined ? { id: ADMIN_CHANNEL, member: true } : opts.adminChannel;
    const slack = await FakeSlackApi.start({
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      users: Object.values(USERS),
      channels: [{ id: 'CGENERAL', member: true }, ...(adminChannel ? [adminChannel] : [])],
    });
    const t = await startTestApp({
      aco: opts.aco,
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        SLACK_ADMIN_CHANNEL: adminChannel?.id,
        SLACK_ADMIN_USERS: USERS.listed.id,
        ...opts.env,
      },
      appOptions: { slack: { retryConfig: { ...webApi.retryPolicies.rapidRetryPolicy, retries: 2 } } },
    });
    const { app, aco, logs: lines } = t;
    // The token is verified in the background; the tests talk to Slack once it is.
    await settledReadiness(app.url);
    const requester = new SlackRequester(`${app.url}/slack/events`, SIGNING_SECRET);
    return new SlackTestApp(app, slack, aco, lines, requester, async () => {
      await t.close();
      await slack.close();
    });
  }

  get tenant(): string {
    return tenantOf(this.slack.teamId);
  }

  command(user: FakeSlackUser, text = '', opts?: SendOptions): Promise<SlackReply> {
    return this.requester.command(commandFields(this.slack, user, text), opts);
  }

  submit(user: FakeSlackUser, values: FormValues, opts?: SendOptions): Promise<SlackReply> {
    return this.requester.interaction(viewSubmission(this.slack, user, values), opts);
  }

  click(
    user: FakeSlackUser,
    actionId: string,
    value: string | undefined,
    at: ButtonTarget,
    opts?: SendOptions,
  ): Promise<SlackReply> {
    return this.requester.interaction(buttonClick(this.slack, user, actionId, value, at), opts);
  }

  /** The user opens the app's Home tab. */
  openHome(user: FakeSlackUser, opts?: SendOptions): Promise<SlackReply> {
    return this.requester.event(appHomeOpened(this.slack, user), opts);
  }

  /** A click on a button of the user's Home tab. */
  clickHome(user: FakeSlackUser, actionId: string, opts?: SendOptions): Promise<SlackReply> {
    return this.requester.interaction(homeClick(this.slack, user, actionId), opts);
  }

  /** Waits for the n-th successful views.publish to this user; returns the view published. */
  async homePublished(user: FakeSlackUser, n = 1, where?: (c: RecordedCall) => boolean): Promise<RecordedCall> {
    return this.slack.waitForCall('views.publish', n, (c) => c.params.user_id === user.id && (!where || where(c)));
  }

  /** Waits for the DM message to turn into the Authenticate prompt; returns the call and the consent URL. */
  async authPrompt(n = 1): Promise<{ call: RecordedCall; url: string }> {
    const call = await this.slack.waitForCall('chat.update', n, (c) => !!SlackTestApp.button(c, 'aco_authenticate'));
    return { call, url: SlackTestApp.button(call, 'aco_authenticate')!.url! };
  }

  /** Authenticates the tenant through the real consent round trip, as this Slack user, outside the chat flow. */
  async authenticateAs(user: FakeSlackUser): Promise<void> {
    const { url } = await this.app.workflow.beginAuthentication(this.tenant, actorOf(user.id, user.name));
    const res = await fetch(await approveConsent(url));
    if (res.status !== 200) throw new Error(`callback answered ${res.status}`);
  }

  /** Submits the form and waits for the n-th Confirm Changes message (ACO already authenticated). */
  async submitToConfirm(
    user: FakeSlackUser,
    values: FormValues,
    n = 1,
  ): Promise<{ call: RecordedCall; at: ButtonTarget; draftId: string }> {
    const reply = await this.submit(user, values);
    if (reply.status !== 200 || reply.text !== '') throw new Error(`submission answered ${reply.status} ${reply.text}`);
    const call = await this.slack.waitForCall(
      'chat.postMessage',
      n,
      (c) => c.params.text?.startsWith('Confirm Changes') ?? false,
    );
    const at = { channel: call.params.channel!, ts: call.response.ts as string };
    await this.checkShown(at);
    return { call, at, draftId: SlackTestApp.button(call, 'aco_confirm_ok')!.value! };
  }

  /** Waits until Confirm Changes at `at` shows the connectivity check's results (it runs after the post). */
  checkShown(at: ButtonTarget): Promise<RecordedCall> {
    return this.slack.waitForCall(
      'chat.update',
      1,
      (c) =>
        c.params.ts === at.ts &&
        JSON.stringify(c.params.blocks ?? c.json?.blocks ?? '').includes('Connectivity check') &&
        !JSON.stringify(c.params.blocks ?? c.json?.blocks ?? '').includes('Checking that the SIP Domain'),
    );
  }

  /**
   * Waits for the n-th settings form to reach Slack: in views.open when the store answered within the budget,
   * in views.update after a placeholder otherwise (a busy machine may take either path).
   */
  formShown(n = 1): Promise<RecordedCall> {
    const isForm = (c: RecordedCall) =>
      (c.method === 'views.open' || c.method === 'views.update') &&
      c.response.ok === true &&
      (c.json.view as { callback_id?: string } | undefined)?.callback_id === 'aco_platform_settings';
    return this.slack.waitFor(() => this.slack.calls.filter(isForm)[n - 1], `settings form #${n}`);
  }

  /** Admin-channel posts so far. */
  notices(): RecordedCall[] {
    return this.slack.okCallsTo('chat.postMessage').filter((c) => c.params.channel === ADMIN_CHANNEL);
  }

  /** The button with this action id in a recorded message call (postMessage/update). */
  static button(call: RecordedCall, actionId: string): { value?: string; url?: string } | undefined {
    const blocks = (call.json.blocks ?? []) as Array<{
      type: string;
      elements?: Array<{ action_id?: string; value?: string; url?: string }>;
    }>;
    for (const b of blocks) for (const e of b.elements ?? []) if (e.action_id === actionId) return e;
    return undefined;
  }

  /** Every Block Kit payload sent so far keeps Slack's limits (one helper, used by every test). */
  checkPayloads(): void {
    for (const p of this.slack.payloads()) {
      try {
        assertWithinSlackLimits(p.payload, p.kind);
      } catch (err) {
        throw new Error(`${p.where}: ${(err as Error).message}`);
      }
    }
  }

  /** No secret in any log line, Slack call or response_url post. */
  checkNoSecrets(): void {
    const secrets = [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, FAKE_ACO_CLIENT_SECRET];
    for (const g of this.aco.grants()) secrets.push(g.accessToken, g.refreshToken);
    const haystacks = [
      ...this.logs.map((l, i) => [`log line ${i}`, l] as const),
      // `token` is how the Web API client authenticates (header and form field); everything else must be clean.
      ...this.slack.calls.map(
        (c) => [`${c.method}#${c.seq}`, JSON.stringify({ ...c.params, token: undefined })] as const,
      ),
      ...this.slack.responses.map((r) => [`response_url#${r.seq}`, JSON.stringify(r.body)] as const),
    ];
    for (const [where, text] of haystacks) {
      for (const s of secrets) if (text.includes(s)) throw new Error(`secret found in ${where}`);
    }
  }

  async close(): Promise<void> {
    await this.cleanup();
  }
}

/**
 * One fresh app per test, and after each: every payload within Slack's limits, no secret anywhere.
 * Returns a getter for the running app.
 */
export function useSlackTestApp(opts: SlackAppOptions = {}): () => SlackTestApp {
  let current: SlackTestApp | undefined;
  beforeEach(async () => {
    current = await SlackTestApp.start(opts);
  });
  afterEach(async () => {
    const t = current;
    current = undefined;
    if (!t) return;
    try {
      t.checkPayloads();
      t.checkNoSecrets();
    } finally {
      await t.close();
    }
  });
  return () => {
    if (!current) throw new Error('Slack test app not started');
    return current;
  };
}
