import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveConsent } from '../helpers/start-app.js';
import { ADMIN_CHANNEL, SlackTestApp, USERS } from './helpers/slack-app.js';

const VALUES = { sip_domain: 'sip.ringcentral.com:5090', outbound_proxy: 'sip10.ringcentral.com:5090', recording: 'no' } as const;

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
    // 1. The command is acked at once (empty 200), then the modal opens and is filled in.
    const ack = await t.command(USERS.admin);
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    const opened = await slack.waitForCall('views.open');
    expect((opened.json.view as { callback_id: string }).callback_id).toBe('aco_platform_settings_loading');
    const filled = await slack.waitForCall('views.update');
    const view = filled.json.view as { callback_id: string; blocks: Array<{ block_id?: string; type: string; optional?: boolean; hint?: { text: string }; elements?: Array<{ text: string }> }> };
    expect(filled.params.view_id).toBe((opened.response.view as { id: string }).id);
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
    expect(prompt.call.params).toMatchObject({ channel: 'DADMIN001', ts: placeholder.response.ts, text: 'API Auth Status: Not authenticated' });
    expect(prompt.url).toMatch(new RegExp(`^${t.aco.url}/restapi/oauth/authorize\\?`));
    const promptTs = placeholder.response.ts as string;

    // 3. The admin follows the link; ACO redirects to our callback; the same message is updated.
    const callback = await fetch(await approveConsent(prompt.url));
    expect(callback.status).toBe(200);
    const updated = await slack.waitForCall('chat.update', 2);
    expect(updated.params).toMatchObject({ channel: 'DADMIN001', ts: promptTs, text: 'API Auth Status: Authenticated as Alice Admin (ext 101)' });
    expect(slack.message('DADMIN001', promptTs)?.text).toContain('Authenticated as Alice Admin (ext 101)');

    // 4. Confirm Changes follows in the DM, with the diff and OK / Cancel / Re-authenticate.
    const confirm = await slack.waitForCall('chat.postMessage', 1, (c) => c.params.text?.startsWith('Confirm Changes') ?? false);
    expect(confirm.params.channel).toBe('DADMIN001');
    const confirmText = JSON.stringify(confirm.json.blocks);
    expect(confirmText).toContain('*SIP Domain:* _(none)_ → `sip.ringcentral.com:5090`');
    expect(confirmText).toContain('*Outbound Proxy:* _(none)_ → `sip10.ringcentral.com:5090`');
    const ok = SlackTestApp.button(confirm, 'aco_confirm_ok');
    expect(SlackTestApp.button(confirm, 'aco_confirm_cancel')?.value).toBe(ok?.value);
    expect(SlackTestApp.button(confirm, 'aco_reauthenticate')).toBeDefined();
    const authNotice = await slack.waitForCall('chat.postMessage', 1, (c) => c.params.channel === ADMIN_CHANNEL);
    expect(authNotice.params.text).toBe('ACO authenticated as Alice Admin (ext 101) by <@UADMIN001>');

    // 5. OK saves version 1; the message says so with the buttons gone; the admin channel hears of it.
    const at = { channel: 'DADMIN001', ts: confirm.response.ts as string };
    expect((await t.click(USERS.admin, 'aco_confirm_ok', ok!.value, at)).status).toBe(200);
    const saved = await slack.waitForCall('chat.update', 1, (c) => c.params.ts === at.ts);
    expect(saved.params.text).toBe('Saved — version 1 by <@UADMIN001>');
    expect(SlackTestApp.button(saved, 'aco_confirm_ok')).toBeUndefined();
    const notice = await slack.waitForCall('chat.postMessage', 2, (c) => c.params.channel === ADMIN_CHANNEL);
    expect(notice.params.text).toBe('ACO Platform Settings saved: version 1 by <@UADMIN001>');
    expect(JSON.stringify(notice.json.blocks)).toContain('`sip.ringcentral.com:5090`');

    const record = await t.app.store.settings.get(t.tenant);
    expect(record).toMatchObject({
      version: 1,
      savedBy: { platform: 'slack', id: 'UADMIN001', name: 'Ada Admin' },
      settings: { sipDomain: { host: 'sip.ringcentral.com', port: 5090 }, outboundProxy: { host: 'sip10.ringcentral.com', port: 5090 }, recording: false },
    });
  });
});
