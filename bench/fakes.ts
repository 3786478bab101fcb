import { performance } from 'node:perf_hooks';
import {
  FAKE_ACO_CLIENT_ID,
  FAKE_ACO_CLIENT_SECRET,
  startFakeAco,
  type FakeAco,
} from '../test/support/fakes/aco-server.js';
import { startFakeBotConnector, type FakeBotConnector } from '../test/support/fakes/bot-connector.js';
import { FakeSlackApi } from '../test/support/fakes/slack-api.js';

/* The test suite's fakes of Slack's Web API, the Bot Connector and ACO, in the bench process, on 127.0.0.1. */

export const BENCH_SLACK = {
  botToken: 'xoxb-0000-1111-benchBotToken000000',
  signingSecret: 'bench-signing-secret-0123456789abcdef',
  admin: { id: 'UBENCHADM', name: 'bench-admin', display_name: 'Bench Admin', is_admin: true },
  channel: 'CBENCH0001',
};

export const BENCH_TEAMS = {
  adminAad: '00000000-bench-0000-0000-00000000a0a0',
  tenantId: '11111111-bench-1111-1111-111111111111',
  conversationId: 'a:bench-personal-conversation',
};

export const BENCH_ACO = { clientId: FAKE_ACO_CLIENT_ID, clientSecret: FAKE_ACO_CLIENT_SECRET };

/** When Slack saw the views.open of each trigger_id, and the settings form in it, on the bench's clock. */
export interface ModalArrival {
  openedAt: number;
  ok: boolean;
  error?: string;
  viewId?: string;
  /** When the Platform Settings form itself arrived: in the views.open, or in a views.update after a placeholder. */
  updatedAt?: number;
}

/** The Platform Settings form (Slack contract in docs/slack.md), as opposed to a placeholder or notice modal. */
const isForm = (view: unknown) =>
  (view as { callback_id?: string } | undefined)?.callback_id === 'aco_platform_settings';

export interface BenchFakes {
  slack: FakeSlackApi;
  aco: FakeAco;
  connector: FakeBotConnector;
  /** An activity the connector issued, so card actions can name a message to update. */
  cardActivityId: string;
  modals: Map<string, ModalArrival>;
  /** The `view` parameters of the latest views.open and views.update, as sent (JSON strings): calibrate the baseline's modal. */
  lastViews(): { open?: string; update?: string };
  /** performance.now() of the latest Web API call Slack received. */
  lastSlackCallAt(): number;
  /** Resolves once Slack has heard nothing for `quietMs` (the app's post-ack work is done), or after `maxMs`. */
  settle(quietMs?: number, maxMs?: number): Promise<void>;
  /** Web API calls Slack received since the last reset, by method. */
  slackCalls: Map<string, number>;
  /** A new workspace admin the fake Slack knows (users.info says is_admin), never seen by the app before. */
  newAdmin(): { id: string; name: string };
  /** Forget what earlier runs left in the fakes (their records would grow for the whole run otherwise). */
  reset(): void;
  close(): Promise<void>;
}

export async function startBenchFakes(): Promise<BenchFakes> {
  const slack = await FakeSlackApi.start({
    botToken: BENCH_SLACK.botToken,
    users: [BENCH_SLACK.admin],
    channels: [{ id: BENCH_SLACK.channel, member: true }],
  });
  const aco = await startFakeAco({ autoApprove: true });
  const connector = await startFakeBotConnector();

  const modals = new Map<string, ModalArrival>();
  const byViewId = new Map<string, ModalArrival>();
  let lastCallAt = performance.now();
  const lastView: { open?: string; update?: string } = {};
  const slackCalls = new Map<string, number>();
  let stopped = false;
  // The fake re-checks its waiters after every call it records: a waiter that never matches is a tap on
  // the stream of calls, timed on arrival. Records are dropped once read so a long run holds no history.
  const tap = slack.waitFor(
    () => {
      const now = performance.now();
      lastCallAt = now;
      for (const call of slack.calls.splice(0)) {
        slackCalls.set(call.method, (slackCalls.get(call.method) ?? 0) + 1);
        if (call.method === 'views.open') {
          const view = call.response.view as { id?: string } | undefined;
          const arrival: ModalArrival = {
            openedAt: now,
            ok: call.response.ok === true,
            error: call.response.error as string | undefined,
            viewId: view?.id,
          };
          if (arrival.ok && isForm(call.json.view)) arrival.updatedAt = now;
          modals.set(call.params.trigger_id ?? '', arrival);
          if (view?.id) byViewId.set(view.id, arrival);
          lastView.open = call.params.view;
        } else if (call.method === 'views.update' && call.response.ok === true && isForm(call.json.view)) {
          const arrival = byViewId.get(call.params.view_id ?? '');
          if (arrival && arrival.updatedAt === undefined) arrival.updatedAt = now;
          lastView.update = call.params.view;
        }
      }
      slack.responses.splice(0);
      return stopped ? true : undefined;
    },
    'bench tap',
    2 ** 31 - 1,
  );

  const res = await fetch(
    `${connector.url}v3/conversations/${encodeURIComponent(BENCH_TEAMS.conversationId)}/activities`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'a card the bench clicks on' }),
    },
  );
  const cardActivityId = ((await res.json()) as { id: string }).id;

  const internals = slack as unknown as {
    views: Map<string, unknown>;
    triggers: Map<string, unknown>;
    users: Map<string, unknown>;
  };
  let admins = 0;
  return {
    slack,
    aco,
    connector,
    cardActivityId,
    modals,
    slackCalls,
    lastViews: () => ({ ...lastView }),
    lastSlackCallAt: () => lastCallAt,
    newAdmin() {
      // Unique over the whole bench run, so no target has a verdict for it from an earlier run.
      const user = {
        id: `UBADM${(++admins).toString(36).toUpperCase().padStart(6, '0')}`,
        name: `bench-admin-${admins}`,
        is_admin: true,
      };
      slack.addUser(user);
      return user;
    },
    async settle(quietMs = 300, maxMs = 15_000) {
      const until = performance.now() + maxMs;
      while (performance.now() - lastCallAt < quietMs && performance.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    reset() {
      modals.clear();
      slackCalls.clear();
      byViewId.clear();
      slack.messages.clear();
      internals.views?.clear();
      internals.triggers?.clear();
      for (const id of internals.users?.keys() ?? []) if (id !== BENCH_SLACK.admin.id) internals.users.delete(id);
      connector.calls.splice(0);
      aco.resetCalls();
    },
    async close() {
      stopped = true;
      // One more call makes the fake run its waiters, so the tap resolves and its guard timer is cleared.
      await fetch(`${slack.apiUrl}auth.test`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BENCH_SLACK.botToken}` },
      }).catch(() => undefined);
      await tap.catch(() => undefined);
      await Promise.all([slack.close(), aco.close(), connector.close()]);
    },
  };
}
