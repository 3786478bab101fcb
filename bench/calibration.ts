import type { BenchFakes } from './fakes.js';
import type { Calibration } from './targets/calibration-file.js';
import { BENCH_SLACK } from './fakes.js';
import { signedSlackHeaders } from './lib/slack-signature.js';
import { prepareCallbacks } from './scenarios/oauth.js';
import {
  cardActionValue,
  commandBody,
  INVALID_FORM,
  taskFetchValue,
  teamsInvoke,
  VALID_FORM,
  viewSubmissionBody,
} from './scenarios/payloads.js';

/*
 * What aco-connect actually answered in one pass of each scenario, so the baseline answers with payloads of
 * the same size: the modal it sent to views.open, the task/fetch and adaptiveCard/action bodies, the page
 * of a successful OAuth callback.
 */
export type { Calibration };

async function post(origin: string, path: string, headers: Record<string, string>, body: string) {
  const res = await fetch(`${origin}${path}`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

const slack = (origin: string, body: string) =>
  post(origin, '/slack/events', signedSlackHeaders(BENCH_SLACK.signingSecret, body), body);
const teams = (origin: string, body: string) =>
  post(origin, '/api/messages', { 'content-type': 'application/json' }, body);

const isFormJson = (view: string | undefined) =>
  !!view && (JSON.parse(view) as { callback_id?: string }).callback_id === 'aco_platform_settings';

function expect(ok: boolean, what: string): void {
  if (!ok) throw new Error(`calibration: ${what}`);
}

/**
 * One pass of every scenario against aco-connect, checking each answer is the right one (a bench of
 * refusals would measure nothing), and keeping what it answered for the baseline to answer alike.
 */
export async function calibrate(fakes: BenchFakes, origin: string): Promise<Calibration> {
  const triggerId = fakes.slack.triggerId();
  const ack = await slack(origin, commandBody(fakes.slack, triggerId));
  expect(ack.status === 200, `/aco-connect answered HTTP ${ack.status}`);
  for (let i = 0; i < 200 && !fakes.modals.get(triggerId)?.updatedAt; i++) await new Promise((r) => setTimeout(r, 25));
  const modal = fakes.modals.get(triggerId);
  expect(!!modal?.ok, `/aco-connect did not open a modal (${modal?.error ?? 'no views.open'})`);
  expect(modal?.updatedAt !== undefined, '/aco-connect never showed the settings form');
  // aco-connect may open a small placeholder and fill the form in with views.update; a bare app opens the
  // form itself, so the baseline's views.open carries the full form either way.
  const views = fakes.lastViews();
  const view = isFormJson(views.open) ? views.open : views.update;
  expect(!!view, 'no views.open payload recorded');

  const invalid = await slack(origin, viewSubmissionBody(fakes.slack, fakes.slack.triggerId(), INVALID_FORM));
  expect(
    invalid.status === 200 && invalid.text.includes('"errors"'),
    `an invalid submission was not answered with field errors (HTTP ${invalid.status})`,
  );
  const valid = await slack(origin, viewSubmissionBody(fakes.slack, fakes.slack.triggerId(), VALID_FORM));
  expect(
    valid.status === 200 && !valid.text.includes('"errors"'),
    `a valid submission was refused (HTTP ${valid.status}: ${valid.text.slice(0, 200)})`,
  );

  const fetched = await teams(origin, teamsInvoke(fakes.connector.url, 'task/fetch', taskFetchValue));
  expect(
    fetched.status === 200 && fetched.text.includes('AdaptiveCard'),
    `task/fetch answered HTTP ${fetched.status}: ${fetched.text.slice(0, 200)}`,
  );
  const action = await teams(
    origin,
    teamsInvoke(fakes.connector.url, 'adaptiveCard/action', cardActionValue(), fakes.cardActivityId),
  );
  expect(
    action.status === 200 && action.text.includes('AdaptiveCard'),
    `adaptiveCard/action answered HTTP ${action.status}: ${action.text.slice(0, 200)}`,
  );

  const [callback] = await prepareCallbacks({ fakes, origin, runId: 'calib' }, 1);
  const page = await fetch(`${origin}${callback}`);
  const oauthPage = await page.text();
  expect(
    page.status === 200 && oauthPage.includes('Authenticated as'),
    `the OAuth callback answered HTTP ${page.status}`,
  );

  await fakes.settle();
  return {
    slackModal: JSON.parse(view!) as Record<string, unknown>,
    teamsTaskFetch: JSON.parse(fetched.text),
    teamsCardAction: JSON.parse(action.text),
    oauthPage,
    bytes: {
      slackModal: Buffer.byteLength(view!),
      slackPlaceholder: isFormJson(views.open) ? 0 : Buffer.byteLength(views.open ?? ''),
      teamsTaskFetch: Buffer.byteLength(fetched.text),
      teamsCardAction: Buffer.byteLength(action.text),
      oauthPage: Buffer.byteLength(oauthPage),
    },
  };
}
