import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveConsent } from '../support/app/start-app.js';
import { ADMIN_CHANNEL, SlackTestApp, USERS, useSlackTestApp } from '../support/slack/slack-app.js';
import { FAKE_ACO_NON_ADMIN, FAKE_ACO_ADMIN } from '../support/fakes/aco-server.js';

const VALUES = {
  sip_domain: 'sip.ringcentral.com:5090',
  outbound_proxy: 'sip10.ringcentral.com:5090',
  recording: 'no',
} as const;

describe('Slack: /aco-connect → form → Authenticate → Confirm Changes → saved, over HTTP', () => {
  let t: SlackTestApp;
  beforeEach(async () => {
    t = await SlackTestApp.start();
  });
  afterEach(async () => {
    try {
      t.checkPayloads();
      t.checkNoSecrets();
    } finally {
      await t.close();
    }
  });

  it('runs the whole flow from the command through the OAuth callback to a saved version and the admin notice', async () => {
    const { slack } = t;
    // 1. The command is acked at once (empty 200), then the form opens (settings-modal-flow.test.ts covers
    // the one-call path and the placeholder for a slow store).
    const ack = await t.command(USERS.admin);
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    const filled = await t.formShown();
    const view = filled.json.view as {
      callback_id: string;
      blocks: Array<{
        block_id?: string;
        type: string;
        optional?: boolean;
        hint?: { text: string };
        elements?: Array<{ text: string }>;
      }>;
    };
    expect(view.callback_id).toBe('aco_platform_settings');
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual(['sip_domain', 'outbound_proxy', 'secondary_proxy', 'recording']);
    expect(inputs.find((b) => b.block_id === 'secondary_proxy')?.optional).toBe(true);
    expect(inputs.find((b) => b.block_id === 'recording')?.hint?.text).toMatch(/UC Realtime Logging license/);
    expect(JSON.stringify(view.blocks.at(-1))).toContain('API Auth Status:* Not authenticated');

    // 2. A valid submission closes the modal; the admin gets a DM with the Authenticate link button.
    const submitted = await t.submit(USERS.admin, VALUES);
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe('');
    const placeholder = await slack.waitForCall('chat.postMessage');
    expect(placeholder.params.channel).toBe('DADMIN001');
    const prompt = await t.authPrompt();
    expect(prompt.call.params).toMatchObject({
      channel: 'DADMIN001',
      ts: placeholder.response.ts,
      text: 'API Auth Status: Not authenticated',
    });
    expect(prompt.url).toMatch(new RegExp(`^${t.aco.url}/restapi/oauth/authorize\\?`));
    const promptTs = placeholder.response.ts as string;

    // 3. The admin follows the link; ACO redirects to our callback; the same message is updated.
    const callback = await fetch(await approveConsent(prompt.url));
    expect(callback.status).toBe(200);
    const updated = await slack.waitForCall('chat.update', 2);
    expect(updated.params).toMatchObject({
      channel: 'DADMIN001',
      ts: promptTs,
      text: 'API Auth Status: Authenticated as Alice Admin (ext 101)',
    });
    expect(slack.message('DADMIN001', promptTs)?.text).toContain('Authenticated as Alice Admin (ext 101)');

    // 4. Confirm Changes follows in the DM, with the diff and OK / Cancel / Re-authenticate.
    const confirm = await slack.waitForCall(
      'chat.postMessage',
      1,
      (c) => c.params.text?.startsWith('Confirm Changes') ?? false,
    );
    expect(confirm.params.channel).toBe('DADMIN001');
    const confirmText = JSON.stringify(confirm.json.blocks);
    expect(confirmText).toContain('*SIP Domain:* _(none)_ → `sip.ringcentral.com:5090`');
    expect(confirmText).toContain('*Outbound Proxy:* _(none)_ → `sip10.ringcentral.com:5090`');
    const ok = SlackTestApp.button(confirm, 'aco_confirm_ok');
    expect(SlackTestApp.button(confirm, 'aco_confirm_cancel')?.value).toBe(ok?.value);
    expect(SlackTestApp.button(confirm, 'aco_reauthenticate')).toBeDefined();
    const authNotice = await slack.waitForCall('chat.postMessage', 1, (c) => c.params.channel === ADMIN_CHANNEL);
    expect(authNotice.params.text).toBe('ACO authenticated as Alice Admin (ext 101) by <@UADMIN001>');

    // 5. The connectivity check's results replace "checking…" on Confirm Changes (advisory, OK works all along).
    const at = { channel: 'DADMIN001', ts: confirm.response.ts as string };
    expect(confirmText).toContain('Checking that the SIP Domain and proxies answer');
    const checked = JSON.stringify((await t.checkShown(at)).params.blocks);
    expect(checked).toContain('⚠ SIP Domain sip.ringcentral.com:5090');
    expect(checked).toContain('Advisory only');
    expect(SlackTestApp.button(await t.checkShown(at), 'aco_confirm_ok')?.value).toBe(ok?.value);

    // 6. OK saves version 1; the message says so with the buttons gone; the admin channel hears of it.
    expect((await t.click(USERS.admin, 'aco_confirm_ok', ok!.value, at)).status).toBe(200);
    const saved = await slack.waitForCall(
      'chat.update',
      1,
      (c) => c.params.ts === at.ts && c.params.text !== confirm.params.text,
    );
    expect(saved.params.text).toBe('Saved — version 1 by <@UADMIN001>');
    expect(SlackTestApp.button(saved, 'aco_confirm_ok')).toBeUndefined();
    const notice = await slack.waitForCall('chat.postMessage', 2, (c) => c.params.channel === ADMIN_CHANNEL);
    expect(notice.params.text).toBe('ACO Platform Settings saved — version 1 by <@UADMIN001>');
    expect(JSON.stringify(notice.json.blocks)).toContain('`sip.ringcentral.com:5090`');

    const record = await t.app.store.settings.get(t.tenant);
    expect(record).toMatchObject({
      version: 1,
      savedBy: { platform: 'slack', id: 'UADMIN001', name: 'Ada Admin' },
      settings: {
        sipDomain: { host: 'sip.ringcentral.com', port: 5090 },
        outboundProxy: { host: 'sip10.ringcentral.com', port: 5090 },
        recording: false,
      },
    });
  });
});

describe('Slack: the form, Confirm Changes and their edges', () => {
  const app = useSlackTestApp();

  it('goes straight to Confirm Changes, with Re-authenticate beside, when ACO is already authenticated', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    const { call } = await t.submitToConfirm(USERS.admin, VALUES);
    expect(call.params.channel).toBe('DADMIN001');
    expect(SlackTestApp.button(call, 'aco_reauthenticate')).toBeDefined();
    expect(JSON.stringify(call.json.blocks)).toContain('Authenticated as Alice Admin (ext 101');
    expect(
      t.slack
        .okCallsTo('chat.postMessage')
        .filter((c) => c.params.channel === 'DADMIN001' && /Not authenticated/.test(c.params.text ?? '')),
    ).toHaveLength(0);
  });

  it('prefills the form with the saved values and the auth status', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    const { draftId, at } = await t.submitToConfirm(USERS.admin, {
      ...VALUES,
      secondary_proxy: 'sip20.ringcentral.com:5090',
    });
    await t.click(USERS.admin, 'aco_confirm_ok', draftId, at);
    await t.slack.waitForCall('chat.update', 2, (c) => c.params.ts === at.ts);
    await t.command(USERS.admin);
    const filled = await t.formShown();
    const view = filled.json.view as {
      blocks: Array<{ block_id?: string; element?: { initial_value?: string; initial_option?: { value: string } } }>;
    };
    const initial = Object.fromEntries(
      view.blocks
        .filter((b) => b.block_id)
        .map((b) => [b.block_id, b.element?.initial_value ?? b.element?.initial_option?.value]),
    );
    expect(initial).toEqual({
      sip_domain: 'sip.ringcentral.com:5090',
      outbound_proxy: 'sip10.ringcentral.com:5090',
      secondary_proxy: 'sip20.ringcentral.com:5090',
      recording: 'no',
    });
    expect(JSON.stringify(view.blocks)).toMatch(/API Auth Status:\* Authenticated as Alice Admin/);
    expect(JSON.stringify(view.blocks)).toContain('Editing saved version 1.');
  });

  it('returns field errors keyed by block id, and nothing is stored or posted', async () => {
    const t = app();
    const reply = await t.submit(USERS.admin, {
      sip_domain: 'sip.ringcentral.com',
      outbound_proxy: 'not a host',
      secondary_proxy: 'x:99999',
      recording: 'yes',
    });
    expect(reply.status).toBe(200);
    const body = reply.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['outbound_proxy', 'recording', 'secondary_proxy', 'sip_domain']);
    expect(body.errors.sip_domain).toMatch(/port/);
    expect(body.errors.recording).toMatch(/UC Realtime Logging license/);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(await t.app.workflow.history(t.tenant)).toEqual([]);
  });

  it('saves once and posts once on a double click and on a retried request', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    const { draftId, at } = await t.submitToConfirm(USERS.admin, VALUES);
    const noticesBefore = t.notices().length;
    const [a, b] = await Promise.all([
      t.click(USERS.admin, 'aco_confirm_ok', draftId, at),
      t.click(USERS.admin, 'aco_confirm_ok', draftId, at),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await t.slack.waitFor(() => t.notices().find((c) => /saved — version 1/.test(c.params.text ?? '')), 'saved notice');
    // A retry of the very same request, as Slack marks it.
    await t.click(USERS.admin, 'aco_confirm_ok', draftId, at, {
      headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' },
    });
    await t.command(USERS.admin, 'status');
    await t.slack.waitForResponse(1);

    expect((await t.app.store.settings.get(t.tenant))?.version).toBe(1);
    const saves = (await t.app.workflow.history(t.tenant)).filter((e) => e.action === 'settings.saved');
    expect(saves).toHaveLength(1);
    expect(
      t
        .notices()
        .slice(noticesBefore)
        .filter((c) => /saved/.test(c.params.text ?? '')),
    ).toHaveLength(1);
    // One update by the check, one by OK.
    expect(t.slack.okCallsTo('chat.update').filter((c) => c.params.ts === at.ts)).toHaveLength(2);
    expect(t.slack.message(at.channel, at.ts)?.text).toBe('Saved — version 1 by <@UADMIN001>');
  });

  it('turns a stale confirm into a notice with a button that reopens the form prefilled', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    const first = await t.submitToConfirm(USERS.admin, VALUES);
    const second = await t.submitToConfirm(USERS.admin2, { ...VALUES, sip_domain: 'sip2.ringcentral.com:5090' }, 2);
    await t.click(USERS.admin2, 'aco_confirm_ok', second.draftId, second.at);
    await t.slack.waitForCall('chat.update', 2, (c) => c.params.ts === second.at.ts);

    await t.click(USERS.admin, 'aco_confirm_ok', first.draftId, first.at);
    const stale = await t.slack.waitForCall(
      'chat.update',
      1,
      (c) => c.params.ts === first.at.ts && (c.params.text ?? '').startsWith('Not saved'),
    );
    expect(stale.params.text).toBe('Not saved: version 1 was saved meanwhile by <@UADMIN002>');
    const reopen = SlackTestApp.button(stale, 'aco_reopen_form');
    expect(reopen).toBeDefined();
    expect(SlackTestApp.button(stale, 'aco_confirm_ok')).toBeUndefined();
    expect((await t.app.store.settings.get(t.tenant))?.settings.sipDomain.host).toBe('sip2.ringcentral.com');

    // The click carries a fresh trigger_id: the form opens again with what is saved now.
    await t.click(USERS.admin, 'aco_reopen_form', reopen!.value, first.at);
    const filled = await t.formShown();
    expect(JSON.stringify(filled.json.view)).toContain('"initial_value":"sip2.ringcentral.com:5090"');
  });

  it('discards on Cancel, and says so again without changing anything', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    const { draftId, at } = await t.submitToConfirm(USERS.admin, VALUES);
    await t.click(USERS.admin, 'aco_confirm_cancel', draftId, at);
    const discarded = await t.slack.waitForCall('chat.update', 2, (c) => c.params.ts === at.ts);
    expect(discarded.params.text).toBe('Discarded');
    expect(SlackTestApp.button(discarded, 'aco_confirm_ok')).toBeUndefined();
    // OK after Cancel does not save.
    await t.click(USERS.admin, 'aco_confirm_ok', draftId, at);
    await t.slack.waitForCall('chat.update', 3, (c) => c.params.ts === at.ts);
    expect(await t.app.store.settings.get(t.tenant)).toBeUndefined();
    expect(t.notices().filter((c) => /saved/.test(c.params.text ?? ''))).toHaveLength(0);
  });

  it('Cancel after OK says it is already saved', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    const { draftId, at } = await t.submitToConfirm(USERS.admin, VALUES);
    await t.click(USERS.admin, 'aco_confirm_ok', draftId, at);
    await t.slack.waitForCall('chat.update', 2, (c) => c.params.ts === at.ts);
    await t.click(USERS.admin, 'aco_confirm_cancel', draftId, at);
    const again = await t.slack.waitForCall('chat.update', 3, (c) => c.params.ts === at.ts);
    expect(again.params.text).toBe('Already saved as version 1');
    expect((await t.app.store.settings.get(t.tenant))?.version).toBe(1);
  });

  it('updates the message when the sign-in fails, with a fresh link that then works', async () => {
    const t = app();
    t.aco.signInAs(FAKE_ACO_NON_ADMIN);
    await t.submit(USERS.admin, VALUES);
    const first = await t.authPrompt(1);
    const refused = await fetch(await approveConsent(first.url));
    expect(refused.status).toBe(400);
    const failed = await t.slack.waitForCall('chat.update', 1, (c) => /sign-in failed/.test(c.params.text ?? ''));
    expect(failed.params.ts).toBe(first.call.params.ts);
    expect(failed.params.text).toMatch(/Bob User \(ext 102\), not an Avaya Cloud Office administrator \(Standard\)/);
    const fresh = SlackTestApp.button(failed, 'aco_authenticate')!.url!;
    expect(fresh).not.toBe(first.url);
    const notice = await t.slack.waitFor(
      () => t.notices().find((c) => /^Failed ACO sign-in by <@UADMIN001>: /.test(c.params.text ?? '')),
      'failed notice',
    );
    expect(SlackTestApp.button(notice, 'aco_reauthenticate')).toBeDefined();
    expect(await t.app.store.grants.get(t.tenant)).toBeUndefined();

    // The used link is dead; the fresh one, signed in as a Super Admin, completes and Confirm Changes follows.
    expect((await fetch(await approveConsent(first.url))).status).toBe(400);
    t.aco.signInAs(FAKE_ACO_ADMIN);
    expect((await fetch(await approveConsent(fresh))).status).toBe(200);
    const ok = await t.slack.waitForCall('chat.update', 1, (c) =>
      /Authenticated as Alice Admin/.test(c.params.text ?? ''),
    );
    expect(ok.params.ts).toBe(first.call.params.ts);
    await t.slack.waitForCall('chat.postMessage', 1, (c) => c.params.text?.startsWith('Confirm Changes') ?? false);
  });

  it('turns Confirm Changes into an Authenticate prompt when the authorization went away meanwhile', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    const { draftId, at } = await t.submitToConfirm(USERS.admin, VALUES);
    await t.app.workflow.disconnect(t.tenant, { platform: 'slack', id: USERS.admin2.id, name: 'bea' });
    await t.click(USERS.admin, 'aco_confirm_ok', draftId, at);
    const prompt = await t.authPrompt();
    expect(prompt.call.params.ts).toBe(at.ts);
    expect(await t.app.store.settings.get(t.tenant)).toBeUndefined();
    expect((await fetch(await approveConsent(prompt.url))).status).toBe(200);
    // The same draft is offered again after the sign-in.
    const again = await t.slack.waitForCall(
      'chat.postMessage',
      2,
      (c) => c.params.text?.startsWith('Confirm Changes') ?? false,
    );
    expect(SlackTestApp.button(again, 'aco_confirm_ok')?.value).toBe(draftId);
  });
});
