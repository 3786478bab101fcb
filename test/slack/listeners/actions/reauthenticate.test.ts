import { describe, expect, it } from 'vitest';
import { ADMIN_CHANNEL, SlackTestApp, USERS, useSlackTestApp } from '../../../support/slack/slack-app.js';
import { approveConsent } from '../../../support/app/start-app.js';

/* aco_reauthenticate (admin-channel notices, beside Confirm Changes): a fresh consent link in the admin's DM. */

describe('Re-authenticate button', () => {
  const app = useSlackTestApp();
  const notice = { channel: ADMIN_CHANNEL, ts: '1700000000.000200' };

  it('from the admin channel: the sign-in link goes to the DM, the clicker is told so, and the link signs in', async () => {
    const t = app();
    const ack = await t.click(USERS.admin, 'aco_reauthenticate', 'notice', notice);
    expect([ack.status, ack.text]).toEqual([200, '']);

    const told = await t.slack.waitForResponse(1);
    expect(told.body).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'Sign-in link sent',
    });
    const { call, url } = await t.authPrompt();
    expect(call.params.channel).toBe('DADMIN001');
    expect(t.slack.okCallsTo('conversations.open').map((c) => c.params.users)).toEqual([USERS.admin.id]);
    // Nothing is posted where the notice is.
    expect(t.slack.okCallsTo('chat.postMessage').filter((c) => c.params.channel === ADMIN_CHANNEL)).toHaveLength(0);

    expect(await t.app.store.grants.get(t.tenant)).toBeUndefined();
    expect((await fetch(await approveConsent(url))).status).toBe(200);
    expect(await t.app.store.grants.get(t.tenant)).toBeDefined();
    const done = await t.slack.waitForCall('chat.update', 1, (c) =>
      /Authenticated as Alice Admin/.test(c.params.text ?? ''),
    );
    expect(done.params.channel).toBe('DADMIN001');
  });

  it('from the DM itself: the prompt comes without the extra "sent you a link" reply', async () => {
    const t = app();
    await t.click(USERS.admin, 'aco_reauthenticate', 'confirm', { channel: 'DADMIN001', ts: '1700000000.000300' });
    const { call } = await t.authPrompt();
    expect(call.params.channel).toBe('DADMIN001');
    expect(SlackTestApp.button(call, 'aco_authenticate')?.url).toMatch(/\/restapi\/oauth\/authorize\?/);
    expect(t.slack.responses).toHaveLength(0);
  });
});
