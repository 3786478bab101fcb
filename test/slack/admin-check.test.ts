import { describe, expect, it } from 'vitest';
import { USERS, useSlackTestApp } from './helpers/slack-app.js';
import { assertWithinSlackLimits } from './limits.js';

const VALUES = { sip_domain: 'sip.ringcentral.com:5090', outbound_proxy: 'sip10.ringcentral.com:5090', recording: 'no' } as const;
const REFUSAL = 'Only Slack workspace admins and owners (or users listed by the operator) may change the ACO connection.';

describe('Slack: only workspace admins/owners and SLACK_ADMIN_USERS may act, checked at every step', () => {
  const app = useSlackTestApp();

  it('refuses every sub-command of a non-admin ephemerally; nothing opens', async () => {
    const t = app();
    const subs = ['', 'status', 'help', 'history', 'disconnect', 'bogus'];
    for (const [i, sub] of subs.entries()) {
      const ack = await t.command(USERS.member, sub);
      expect([ack.status, ack.text]).toEqual([200, '']);
      const r = await t.slack.waitForResponse(i + 1);
      expect(r.body).toMatchObject({ response_type: 'ephemeral', text: REFUSAL });
    }
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('refuses a submission from a non-admin (rights can change after the form opened): nothing stored or posted', async () => {
    const t = app();
    // Was an admin when the form opened; no longer is.
    t.slack.addUser({ ...USERS.admin, is_admin: false });
    const reply = await t.submit(USERS.admin, VALUES);
    expect(reply.status).toBe(200);
    const body = reply.json() as { response_action: string; view: { title: { text: string }; blocks: unknown[] } };
    expect(body.response_action).toBe('update');
    expect(body.view.title.text).toBe('Not allowed');
    assertWithinSlackLimits(body.view, 'modal');
    expect(JSON.stringify(body.view.blocks)).toContain('Only Slack workspace admins');
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(t.slack.callsTo('conversations.open')).toHaveLength(0);
    expect(await t.app.workflow.history(t.tenant)).toEqual([]);
  });

  it('refuses every button of a non-admin: nothing saved, discarded, opened or revoked', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    const { draftId, at } = await t.submitToConfirm(USERS.admin, VALUES);
    const updatesBefore = t.slack.callsTo('chat.update').length;
    const clicks: Array<[string, string]> = [
      ['aco_confirm_ok', draftId],
      ['aco_confirm_cancel', draftId],
      ['aco_reauthenticate', 'notice'],
      ['aco_reopen_form', 'reopen'],
      ['aco_disconnect_confirm', 'disconnect'],
      ['aco_disconnect_cancel', 'keep'],
    ];
    for (const [i, [action, value]] of clicks.entries()) {
      expect((await t.click(USERS.member, action, value, at)).status).toBe(200);
      const r = await t.slack.waitForResponse(i + 1);
      expect(r.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: REFUSAL });
    }
    expect(t.slack.callsTo('chat.update')).toHaveLength(updatesBefore);
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect(await t.app.store.settings.get(t.tenant)).toBeUndefined();
    expect((await t.app.store.drafts.get(t.tenant, draftId))?.status).toBe('pending');
    expect(await t.app.store.grants.get(t.tenant)).toBeDefined();
    expect(t.aco.counts.revoke).toBe(0);
  });

  it('lets an owner and a listed (non-admin) user act', async () => {
    const t = app();
    await t.command(USERS.owner);
    await t.slack.waitForCall('views.update');
    await t.command(USERS.listed);
    await t.slack.waitForCall('views.update', 2);
    expect(t.slack.responses).toHaveLength(0);
  });

  it('refuses when Slack cannot say who the user is, unless they are listed', async () => {
    const t = app();
    t.slack.fail('users.info', { status: 503, times: 3 });
    await t.command(USERS.admin);
    expect((await t.slack.waitForResponse(1)).body).toMatchObject({
      text: 'I could not check your Slack role just now, so nothing was done. Please try again in a minute.',
    });
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    t.slack.fail('users.info', { status: 503, times: 3 });
    await t.command(USERS.listed);
    await t.slack.waitForCall('views.open');
  });
});
