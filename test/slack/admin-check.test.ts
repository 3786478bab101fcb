import { afterEach, describe, expect, it } from 'vitest';
import { AdminVerdicts } from '../../src/slack/admin-verdicts.js';
import type { FakeSlackUser } from '../support/fakes/slack-api.js';
import { commandFields } from '../support/slack/payloads.js';
import { USERS, useSlackTestApp } from '../support/slack/slack-app.js';
import { startSlackComponent, type SlackComponentRig } from '../support/slack/slack-component.js';
import { assertWithinSlackLimits } from '../support/slack/limits.js';

const VALUES = {
  sip_domain: 'sip.ringcentral.com:5090',
  outbound_proxy: 'sip10.ringcentral.com:5090',
  recording: 'no',
} as const;
const HELP = 'aco-connect help';
const REFUSAL =
  'Only Slack workspace admins and owners (or users listed by the operator) may change the ACO connection.';

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
    await t.formShown(1);
    await t.command(USERS.listed);
    await t.formShown(2);
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

describe('Slack: a yes from users.info is reused for 10 s per (team, user); a no or a failure never is', () => {
  const rigs: SlackComponentRig[] = [];
  afterEach(async () => {
    for (const r of rigs.splice(0)) await r.close();
  });

  /** The Slack component with a clock the test moves; commands are `/aco-connect help` (no store, no modal). */
  async function start() {
    let now = Date.UTC(2026, 0, 1);
    const t = await startSlackComponent({ now: () => now });
    rigs.push(t);
    let sent = 0;
    return {
      t,
      advance: (ms: number) => void (now += ms),
      usersInfo: () => t.slack.callsTo('users.info').length,
      /** Sends a command and waits for its ephemeral answer; returns the answer's text. */
      async command(user: FakeSlackUser, team = t.slack.teamId): Promise<string> {
        const ack = await t.requester.command({ ...commandFields(t.slack, user, 'help'), team_id: team });
        expect(ack.status).toBe(200);
        sent += 1;
        return String((await t.slack.waitForResponse(sent)).body.text);
      },
    };
  }

  it('asks users.info once for two commands within 10 s, and again after', async () => {
    const { command, advance, usersInfo } = await start();
    expect(await command(USERS.admin)).toBe(HELP);
    advance(9_999);
    expect(await command(USERS.admin)).toBe(HELP);
    expect(usersInfo()).toBe(1);
    advance(1);
    expect(await command(USERS.admin)).toBe(HELP);
    expect(usersInfo()).toBe(2);
  });

  it('keys the verdict by team and user', async () => {
    const { command, usersInfo } = await start();
    await command(USERS.admin);
    await command(USERS.owner);
    await command(USERS.admin, 'T0OTHERTEAM');
    expect(usersInfo()).toBe(3);
  });

  it('re-checks a refusal every time, so a newly promoted admin is let in at once', async () => {
    const { t, command, usersInfo } = await start();
    expect(await command(USERS.member)).toBe(REFUSAL);
    expect(await command(USERS.member)).toBe(REFUSAL);
    expect(usersInfo()).toBe(2);
    t.slack.addUser({ ...USERS.member, is_admin: true });
    expect(await command(USERS.member)).toBe(HELP);
    expect(usersInfo()).toBe(3);
  });

  it('re-checks after a failed lookup', async () => {
    const { t, command, usersInfo } = await start();
    // The rig retries once: both attempts fail.
    t.slack.fail('users.info', { status: 503, times: 2 });
    expect(await command(USERS.admin)).toMatch(/could not check your Slack role/);
    expect(usersInfo()).toBe(2);
    expect(await command(USERS.admin)).toBe(HELP);
    expect(t.slack.okCallsTo('users.info')).toHaveLength(1);
  });

  it('the trade-off: a demoted admin keeps access until the 10 s are up', async () => {
    const { t, command, advance } = await start();
    await command(USERS.admin);
    t.slack.addUser({ ...USERS.admin, is_admin: false });
    advance(5_000);
    expect(await command(USERS.admin)).toBe(HELP);
    advance(5_000);
    expect(await command(USERS.admin)).toBe(REFUSAL);
  });
});

describe('AdminVerdicts', () => {
  it('keeps at most maxEntries pairs, dropping the oldest', () => {
    const verdicts = new AdminVerdicts({ maxEntries: 2, now: () => 0 });
    const actor = (id: string) => ({ platform: 'slack' as const, id, name: id });
    verdicts.remember('T1', 'U1', actor('U1'));
    verdicts.remember('T1', 'U2', actor('U2'));
    verdicts.remember('T1', 'U1', actor('U1'));
    verdicts.remember('T1', 'U3', actor('U3'));
    expect(verdicts.size).toBe(2);
    expect(verdicts.get('T1', 'U2')).toBeUndefined();
    expect(verdicts.get('T1', 'U1')?.id).toBe('U1');
    expect(verdicts.get('T1', 'U3')?.id).toBe('U3');
  });
});
