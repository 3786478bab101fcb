import { describe, expect, it } from 'vitest';
import { SlackTestApp, USERS, useSlackTestApp } from '../../../support/slack/slack-app.js';

const VALUES = {
  sip_domain: 'sip.ringcentral.com:5090',
  outbound_proxy: 'sip10.ringcentral.com:5090',
  recording: 'no',
} as const;

type Reply = {
  response_type?: string;
  replace_original?: boolean;
  text: string;
  blocks?: Array<{ type: string; elements?: Array<{ action_id?: string }> }>;
};
const body = (r: { body: Record<string, unknown> }) => r.body as unknown as Reply;
const buttons = (r: Reply) =>
  (r.blocks ?? [])
    .flatMap((b) => b.elements ?? [])
    .map((e) => e.action_id)
    .filter(Boolean);

describe('/aco-connect sub-commands', () => {
  const app = useSlackTestApp();

  async function saveOnce(t: SlackTestApp): Promise<void> {
    await t.authenticateAs(USERS.admin);
    const { draftId, at } = await t.submitToConfirm(USERS.admin, VALUES);
    await t.click(USERS.admin, 'aco_confirm_ok', draftId, at);
    await t.slack.waitFor(() => t.notices().find((c) => /saved/.test(c.params.text ?? '')), 'saved notice');
  }

  it('status before anything is saved: ephemeral, says so, Not authenticated', async () => {
    const t = app();
    const ack = await t.command(USERS.admin, 'status');
    expect([ack.status, ack.text]).toEqual([200, '']);
    const r = body(await t.slack.waitForResponse());
    expect(r.response_type).toBe('ephemeral');
    expect(r.text).toBe('ACO Platform Settings: nothing saved; API Auth Status: Not authenticated');
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('status after a save: values, version, who and when, API Auth Status', async () => {
    const t = app();
    await saveOnce(t);
    await t.command(USERS.admin, '  STATUS  ');
    const r = body(await t.slack.waitForResponse());
    const text = JSON.stringify(r.blocks);
    expect(r.text).toMatch(
      /^ACO Platform Settings: version 1; API Auth Status: Authenticated as Alice Admin \(ext 101, since /,
    );
    expect(text).toContain('*SIP Domain:* `sip.ringcentral.com:5090`');
    expect(text).toContain('*Secondary Outbound Proxy:* _(none)_');
    expect(text).toContain('*Enable Recording:* `No`');
    expect(text).toMatch(/Version 1, saved by <@UADMIN001> on \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(text).toContain('Refresh token valid until');
  });

  it('help lists every sub-command; an unknown one gets help, not silence', async () => {
    const t = app();
    await t.command(USERS.admin, 'help');
    const help = body(await t.slack.waitForResponse(1));
    for (const sub of ['status', 'history', 'disconnect', 'help'])
      expect(JSON.stringify(help.blocks)).toContain(`/aco-connect ${sub}`);
    await t.command(USERS.admin, 'frobnicate now');
    const unknown = body(await t.slack.waitForResponse(2));
    expect(unknown.response_type).toBe('ephemeral');
    expect(unknown.text).toBe('Unknown sub-command: frobnicate');
    expect(JSON.stringify(unknown.blocks)).toContain('/aco-connect status');
  });

  it('history shows the last 10 entries, newest first', async () => {
    const t = app();
    await t.command(USERS.admin, 'history');
    expect(body(await t.slack.waitForResponse(1)).text).toBe('No history yet');
    await saveOnce(t);
    const actor = { platform: 'slack', id: USERS.admin.id, name: 'ada' };
    for (let i = 0; i < 11; i++) {
      const submit = await t.app.workflow.submitForm(t.tenant, actor, {
        ...{ sipDomain: `sip${i}.example.com:5060`, outboundProxy: 'proxy.example.com:5090', recording: 'no' },
      });
      if (!submit.ok) throw new Error('invalid');
      await t.app.workflow.confirmDraft(t.tenant, actor, submit.draftId);
    }
    await t.command(USERS.admin, 'history');
    const r = body(await t.slack.waitForResponse(2));
    expect(r.text).toBe('Last 10 entries of the aco-connect history');
    const sections = (r.blocks ?? []).filter((b) => b.type === 'section').map((b) => JSON.stringify(b));
    expect(sections).toHaveLength(10);
    expect(sections[0]).toContain('Saved version 12');
    expect(sections[0]).toContain('`sip10.example.com:5060`');
    expect(sections[9]).toContain('Saved version 3');
  });

  it('disconnect asks first, then revokes at ACO, tells the admin channel, and says so in place', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    await t.command(USERS.admin, 'disconnect');
    const ask = await t.slack.waitForResponse(1);
    expect(body(ask).response_type).toBe('ephemeral');
    expect(buttons(body(ask))).toEqual(['aco_disconnect_confirm', 'aco_disconnect_cancel']);
    expect(await t.app.store.grants.get(t.tenant)).toBeDefined();

    const at = { channel: 'CGENERAL', ts: '1700000000.000100' };
    await t.click(USERS.admin, 'aco_disconnect_confirm', 'disconnect', at);
    const done = body(await t.slack.waitForResponse(2));
    expect(done.replace_original).toBe(true);
    expect(done.text).toBe('Disconnected from Avaya Cloud Office');
    expect(JSON.stringify(done.blocks)).toContain('revoked at ACO');
    expect(t.aco.counts.revoke).toBe(1);
    expect(await t.app.store.grants.get(t.tenant)).toBeUndefined();
    const notice = await t.slack.waitFor(
      () => t.notices().find((c) => /disconnected/.test(c.params.text ?? '')),
      'disconnect notice',
    );
    expect(notice.params.text).toBe('ACO disconnected by <@UADMIN001>');
    expect(SlackTestApp.button(notice, 'aco_reauthenticate')).toBeDefined();
  });

  it('a double click on Disconnect revokes once, writes one history line and notifies once', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    const at = { channel: 'CGENERAL', ts: '1700000000.000100' };
    await Promise.all([
      t.click(USERS.admin, 'aco_disconnect_confirm', 'disconnect', at),
      t.click(USERS.admin, 'aco_disconnect_confirm', 'disconnect', at),
    ]);
    await t.slack.waitForResponse(2);
    const texts = t.slack.responses.map((r) => body(r).text).sort();
    expect(texts).toEqual(['Disconnected from Avaya Cloud Office', 'Nothing to disconnect']);
    expect(t.aco.counts.revoke).toBe(1);
    const history = await t.app.workflow.history(t.tenant, 50);
    expect(history.filter((e) => e.action === 'disconnected')).toHaveLength(1);
    await t.app.events.settled();
    expect(t.notices().filter((c) => /disconnected/.test(c.params.text ?? ''))).toHaveLength(1);
  });

  it('Keep connected changes nothing', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    await t.click(USERS.admin, 'aco_disconnect_cancel', 'keep', { channel: 'CGENERAL', ts: '1700000000.000100' });
    const r = body(await t.slack.waitForResponse(1));
    expect([r.replace_original, r.text]).toEqual([true, 'Kept connected']);
    expect(await t.app.store.grants.get(t.tenant)).toBeDefined();
    expect(t.aco.counts.revoke).toBe(0);
  });
});
