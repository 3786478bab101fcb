import type { BenchFakes } from '../fakes.js';
import { BENCH_SLACK } from '../fakes.js';
import type { RequestFactory } from '../lib/load-types.js';
import { signedSlackHeaders } from '../lib/slack-signature.js';
import { prepareCallbacks } from './oauth.js';
import {
  cardActionValue,
  commandBody,
  INVALID_FORM,
  taskFetchValue,
  teamsInvoke,
  VALID_FORM,
  viewSubmissionBody,
} from './payloads.js';

export type LoadShape =
  | { kind: 'paced'; rate: number; durationMs: number }
  | { kind: 'max'; connections: number; durationMs: number };

export interface RunContext {
  fakes: BenchFakes;
  origin: string;
  /** Unique per run: keeps tenants of OAuth runs apart. */
  runId: string;
}

export interface Scenario {
  id: string;
  title: string;
  load: LoadShape;
  /** Commands whose views.open the fake Slack times (command → views.open, lost trigger ids). */
  tracksModal: boolean;
  /** The benchmark's goal (p99 ratios at 300/s) is judged on these. */
  goal: boolean;
  /** Work before the timed part (OAuth: mint states, consent, collect callback URLs). */
  prepare?(ctx: RunContext, count: number): Promise<string[]>;
  /** `trigger` tells the bench which trigger_id went out when, for the views.open match. */
  requests(ctx: RunContext, prepared: string[], trigger: (id: string, sentAt: number) => void): RequestFactory;
}

const slackPost = (body: string) => ({
  method: 'POST' as const,
  path: '/slack/events',
  headers: signedSlackHeaders(BENCH_SLACK.signingSecret, body),
  body,
});
const teamsPost = (body: string) => ({
  method: 'POST' as const,
  path: '/api/messages',
  headers: { 'content-type': 'application/json' },
  body,
});

export interface ScenarioSettings {
  /** Multiplies every duration (quick runs and the smoke test shrink it). */
  durationScale: number;
  /** The fixed rate of the command scenario (the goal's 300/s). */
  commandRate: number;
  /** The fixed rate of the other paced scenarios. */
  otherRate: number;
  oauthRate: number;
  maxConnections: number;
}

export const DEFAULT_SCENARIO_SETTINGS: ScenarioSettings = {
  durationScale: 1,
  commandRate: 300,
  otherRate: 100,
  oauthRate: 50,
  maxConnections: 32,
};

export function buildScenarios(s: ScenarioSettings): Scenario[] {
  const ms = (seconds: number) => Math.max(500, Math.round(seconds * 1000 * s.durationScale));
  const command = (load: LoadShape, id: string, title: string, goal: boolean, newAdminEach = false): Scenario => ({
    id,
    title,
    load,
    tracksModal: true,
    goal,
    requests: (ctx, _p, trigger) => (_i, sentAt) => {
      const triggerId = ctx.fakes.slack.triggerId();
      trigger(triggerId, sentAt);
      // aco-connect reuses an admin's users.info yes for 10 s: one admin's burst costs one users.info, a burst of
      // different admins one each. A fresh admin per command measures the second.
      const user = newAdminEach ? ctx.fakes.newAdmin() : undefined;
      return { ...slackPost(commandBody(ctx.fakes.slack, triggerId, '', user)), tag: triggerId };
    },
  });
  const submission = (valid: boolean): Scenario => ({
    id: valid ? 'slack-submit-valid' : 'slack-submit-invalid',
    title: `Slack view_submission, ${valid ? 'valid' : 'invalid'} form, ${s.otherRate}/s`,
    load: { kind: 'paced', rate: s.otherRate, durationMs: ms(5) },
    tracksModal: false,
    goal: false,
    requests: (ctx) => () =>
      slackPost(viewSubmissionBody(ctx.fakes.slack, ctx.fakes.slack.triggerId(), valid ? VALID_FORM : INVALID_FORM)),
  });
  return [
    command(
      { kind: 'paced', rate: s.commandRate, durationMs: ms(20) },
      'slack-command-fixed',
      `Slack /aco-connect, ${s.commandRate}/s`,
      true,
    ),
    command(
      { kind: 'paced', rate: s.commandRate, durationMs: ms(20) },
      'slack-command-admins',
      `Slack /aco-connect, ${s.commandRate}/s, a different admin each time`,
      true,
      true,
    ),
    command(
      { kind: 'max', connections: s.maxConnections, durationMs: ms(5) },
      'slack-command-max',
      `Slack /aco-connect, highest rate (${s.maxConnections} connections)`,
      false,
    ),
    submission(true),
    submission(false),
    {
      id: 'teams-task-fetch',
      title: `Teams task/fetch invoke, ${s.otherRate}/s`,
      load: { kind: 'paced', rate: s.otherRate, durationMs: ms(5) },
      tracksModal: false,
      goal: false,
      requests: (ctx) => () => teamsPost(teamsInvoke(ctx.fakes.connector.url, 'task/fetch', taskFetchValue)),
    },
    {
      id: 'teams-card-action',
      title: `Teams adaptiveCard/action invoke, ${s.otherRate}/s`,
      load: { kind: 'paced', rate: s.otherRate, durationMs: ms(5) },
      tracksModal: false,
      goal: false,
      requests: (ctx) => () =>
        teamsPost(
          teamsInvoke(ctx.fakes.connector.url, 'adaptiveCard/action', cardActionValue(), ctx.fakes.cardActivityId),
        ),
    },
    {
      id: 'oauth-callback',
      title: `ACO OAuth callback (code exchange at the fake ACO), ${s.oauthRate}/s`,
      load: { kind: 'paced', rate: s.oauthRate, durationMs: ms(4) },
      tracksModal: false,
      goal: false,
      prepare: (ctx, count) => prepareCallbacks(ctx, count),
      requests: (_ctx, prepared) => (i) => {
        const url = prepared[i];
        return url ? { method: 'GET', path: url } : undefined;
      },
    },
  ];
}

/** How many requests a run of this shape may send (OAuth prepares that many single-use callbacks). */
export function plannedRequests(load: LoadShape): number {
  return load.kind === 'paced'
    ? Math.max(1, Math.round((load.rate * load.durationMs) / 1000))
    : Number.POSITIVE_INFINITY;
}
