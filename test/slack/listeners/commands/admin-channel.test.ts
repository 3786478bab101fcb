import { describe, expect, it } from 'vitest';
import { SLACK_ADMIN_CHANNEL_KEY } from '../../../../src/slack/admin-channel-ref.js';
import { USERS, useSlackTestApp } from '../../../support/slack/slack-app.js';

const VALUES = {
  sip_domain: 'sip.ringcentral.com:5090',
  outbound_proxy: 'sip10.ringcentral.com:5090',
  recording: 'no',
} as const;
const replyText = (r: { body: Record<string, unknown> }) => String(r.body.text);

describe('/aco-connect admin-channel (per workspace; SLACK_ADMIN_CHANNEL is the default)', () => {
  const app = useSlackTestApp();

  it('refuses a channel the bot is not in and says how to invite it; after the invite, notices go there', async () => {
    const t = app();
    t.slack.addChannel({ id: 'COPS0001', name: 'ops', member: false });
    await t.command(USERS.admin, 'admin-channel <#COPS0001|ops>');
    const refused = await t.slack.waitForResponse(1);
    expect(refused.body.response_type).toBe('ephemeral');
    expect(replyText(refused)).toMatch(/not a member of #ops.*\/invite @aco-connect.*Nothing was changed/);
    expect(await t.app.store.conversations.get(t.tenant, SLACK_ADMIN_CHANNEL_KEY)).toBeUndefined();

    t.slack.addChannel({ id: 'COPS0001', name: 'ops', member: true });
    await t.command(USERS.admin, 'admin-channel <#COPS0001|ops>');
    expect(replyText(await t.slack.waitForResponse(2))).toMatch(/^#ops is now the aco-connect admin channel/);
    expect(t.slack.okCallsTo('conversations.info').map((c) => c.params.channel)).toEqual(['COPS0001', 'COPS0001']);

    await t.authenticateAs(USERS.admin);
    const { draftId, at } = await t.submitToConfirm(USERS.admin, VALUES);
    await t.click(USERS.admin, 'aco_confirm_ok', draftId, at);
    await t.slack.waitFor(
      () =>
        t.slack
          .okCallsTo('chat.postMessage')
          .find((c) => c.params.channel === 'COPS0001' && /saved/i.test(c.params.text ?? '')),
      'the saved notice in #ops',
    );
    expect(t.notices().filter((c) => /saved/i.test(c.params.text ?? ''))).toEqual([]);
  });

  it('without a mention, the channel the command was run in; a user who may not act changes nothing', async () => {
    const t = app();
    await t.command(USERS.member, 'admin-channel');
    await t.slack.waitForResponse(1);
    expect(await t.app.store.conversations.get(t.tenant, SLACK_ADMIN_CHANNEL_KEY)).toBeUndefined();
    await t.command(USERS.admin, 'admin channel');
    expect(replyText(await t.slack.waitForResponse(2))).toMatch(/^#cgeneral is now the aco-connect admin channel/);
    expect(await t.app.store.conversations.get(t.tenant, SLACK_ADMIN_CHANNEL_KEY)).toBe('CGENERAL');
  });

  it('explains a private channel it cannot see and an archived one, and keeps the previous channel', async () => {
    const t = app();
    t.slack.addChannel({ id: 'GSECRET01', name: 'secret', member: false, private: true });
    t.slack.addChannel({ id: 'COLD00001', name: 'old', member: true, archived: true });
    await t.command(USERS.admin, 'admin-channel <#GSECRET01>');
    expect(replyText(await t.slack.waitForResponse(1))).toMatch(
      /cannot see the channel GSECRET01.*\/invite @aco-connect/,
    );
    await t.command(USERS.admin, 'admin-channel <#COLD00001|old>');
    expect(replyText(await t.slack.waitForResponse(2))).toMatch(/#old is archived/);
    expect(await t.app.store.conversations.get(t.tenant, SLACK_ADMIN_CHANNEL_KEY)).toBeUndefined();
    expect(t.logs.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
  });
});
