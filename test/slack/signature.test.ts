import { describe, expect, it } from 'vitest';
import { commandFields, buttonClick } from '../support/slack/payloads.js';
import { SIGNING_SECRET, USERS, useSlackTestApp } from '../support/slack/slack-app.js';
import { slackSignature } from '../support/slack/signed-requests.js';

const VALUES = {
  sip_domain: 'sip.ringcentral.com:5090',
  outbound_proxy: 'sip10.ringcentral.com:5090',
  recording: 'no',
} as const;

describe('Slack request signing at POST /slack/events', () => {
  const app = useSlackTestApp();

  /** Nothing reached Slack beyond start-up, nothing was answered through a response_url, nothing stored. */
  async function expectNoSideEffect(t: ReturnType<typeof app>, callsBefore: number): Promise<void> {
    expect(t.slack.calls.length).toBe(callsBefore);
    expect(t.slack.responses).toHaveLength(0);
    expect(await t.app.store.settings.get(t.tenant)).toBeUndefined();
  }

  it('answers a correctly signed command (the control)', async () => {
    const t = app();
    const reply = await t.command(USERS.admin, 'help');
    expect(reply.status).toBe(200);
    await t.slack.waitForResponse();
  });

  it('answers 401 to a forged signature, a wrong secret or missing headers, with no side effect', async () => {
    const t = app();
    const before = t.slack.calls.length;
    const fields = commandFields(t.slack, USERS.admin, 'help');
    expect((await t.requester.command(fields, { signature: `v0=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await t.requester.command(fields, { secret: 'not-the-signing-secret' })).status).toBe(401);
    const body = new URLSearchParams(fields).toString();
    const res = await fetch(`${t.app.url}/slack/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(res.status).toBe(401);
    // The signature covers the body: a signed body with one field changed is forged.
    const ts = Math.floor(Date.now() / 1000);
    const sig = slackSignature(SIGNING_SECRET, ts, body);
    const tampered = new URLSearchParams({ ...fields, user_id: USERS.owner.id }).toString();
    expect((await t.requester.post(tampered, { timestamp: ts, signature: sig })).status).toBe(401);
    await expectNoSideEffect(t, before);
  });

  it('answers 401 to a correctly signed request older than 5 minutes (replay), with no side effect', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    const { draftId, at } = await t.submitToConfirm(USERS.admin, VALUES);
    const before = t.slack.calls.length;
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const click = await t.requester.interaction(buttonClick(t.slack, USERS.admin, 'aco_confirm_ok', draftId, at), {
      timestamp: old,
    });
    expect(click.status).toBe(401);
    const command = await t.requester.command(commandFields(t.slack, USERS.admin, ''), { timestamp: old });
    expect(command.status).toBe(401);
    await expectNoSideEffect(t, before);
    expect((await t.app.store.drafts.get(t.tenant, draftId))?.status).toBe('pending');
  });
});
