import { describe, expect, it } from 'vitest';
import { approveConsent } from '../support/app/start-app.js';
import { viewSubmission } from '../support/slack/payloads.js';
import { USERS, useSlackTestApp } from '../support/slack/slack-app.js';
import { assertWithinSlackLimits } from '../support/slack/limits.js';

const VALUES = {
  sip_domain: 'sip.ringcentral.com:5090',
  outbound_proxy: 'sip10.ringcentral.com:5090',
  recording: 'no',
} as const;

describe('Slack Web API failures', () => {
  const app = useSlackTestApp();

  it('retries a rate-limited call after Retry-After and a 5xx, as the client does for Slack', async () => {
    const t = app();
    t.slack.fail('views.open', { status: 429, retryAfter: 0 });
    t.slack.fail('views.open', { status: 503 });
    await t.command(USERS.admin);
    await t.formShown();
    expect(t.slack.callsTo('views.open').map((c) => c.status)).toEqual([429, 503, 200]);
    expect(t.slack.responses).toHaveLength(0);
  });

  it('tells the admin in a short line when a failure remains, and logs it by code', async () => {
    const t = app();
    t.slack.fail('views.open', { status: 503, times: 3 });
    await t.command(USERS.admin);
    const told = await t.slack.waitForResponse();
    expect(told.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Sorry, opening the form failed (http_503). Please try again in a minute.',
    });
    expect(t.slack.callsTo('views.open')).toHaveLength(3);
    const line = t.logs.find((l) => l.includes('Slack interaction failed'));
    expect(JSON.parse(line!)).toMatchObject({ what: 'opening the form', error: 'http_503' });
  });

  it('says "ratelimited" when Slack keeps rate limiting', async () => {
    const t = app();
    t.slack.fail('views.open', { status: 429, retryAfter: 0, times: 3 });
    await t.command(USERS.admin);
    expect((await t.slack.waitForResponse()).body).toMatchObject({
      text: 'Sorry, opening the form failed (ratelimited). Please try again in a minute.',
    });
  });

  it('answers ephemerally in the command channel when the DM cannot be opened after a submission', async () => {
    const t = app();
    t.slack.fail('conversations.open', { error: 'missing_scope', times: 2 });
    const reply = await t.requester.interaction(
      viewSubmission(t.slack, USERS.admin, VALUES, JSON.stringify({ channel: 'CGENERAL' })),
    );
    expect(reply.text).toBe('');
    const told = await t.slack.waitForCall('chat.postEphemeral');
    expect(told.params).toMatchObject({
      channel: 'CGENERAL',
      user: USERS.admin.id,
      text: 'Sorry, continuing in a direct message failed (missing_scope). Please try again in a minute.',
    });
  });

  it('keeps the modal open with a short message when the submission itself cannot be taken', async () => {
    const t = app();
    t.slack.fail('users.info', { status: 503, times: 3 });
    const reply = await t.submit(USERS.admin, VALUES);
    const body = reply.json() as { response_action: string; view: { title: { text: string }; blocks: unknown[] } };
    expect(body.response_action).toBe('update');
    expect(JSON.stringify(body.view.blocks)).toContain('could not check your Slack role');
    assertWithinSlackLimits(body.view, 'modal');
  });

  it('tells the admin in the DM when Confirm Changes cannot be posted after the sign-in', async () => {
    const t = app();
    await t.submit(USERS.admin, VALUES);
    const prompt = await t.authPrompt();
    t.slack.fail('chat.postMessage', { error: 'internal_error' });
    expect((await fetch(await approveConsent(prompt.url))).status).toBe(200);
    const told = await t.slack.waitForCall('chat.postMessage', 1, (c) => /Sorry/.test(c.params.text ?? ''));
    expect(told.params).toMatchObject({
      channel: 'DADMIN001',
      text: 'Sorry, continuing after the ACO sign-in failed (internal_error). Please try again in a minute.',
    });
    // The admin channel still hears of the sign-in.
    expect(t.notices().map((c) => c.params.text)).toEqual([
      'ACO authenticated as Alice Admin (ext 101) by <@UADMIN001>',
    ]);
  });
});
