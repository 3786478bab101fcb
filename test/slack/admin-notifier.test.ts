import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCcaasReceiver, type CcaasReceiver } from '../support/fakes/ccaas-receiver.js';
import { approveConsent } from '../support/app/start-app.js';
import { ADMIN_CHANNEL, SlackTestApp, USERS, useSlackTestApp } from '../support/slack/slack-app.js';

const VALUES = {
  sip_domain: 'sip.ringcentral.com:5090',
  outbound_proxy: 'sip10.ringcentral.com:5090',
  recording: 'no',
} as const;

async function save(t: SlackTestApp, n: number, sip: string): Promise<void> {
  const { draftId, at } = await t.submitToConfirm(USERS.admin, { ...VALUES, sip_domain: sip }, n);
  await t.click(USERS.admin, 'aco_confirm_ok', draftId, at);
  await t.slack.waitForCall('chat.update', 1, (c) => c.params.ts === at.ts && /Saved/.test(c.params.text ?? ''));
}

describe('Slack admin channel: the bot is not in it', () => {
  const app = useSlackTestApp({ adminChannel: { id: ADMIN_CHANNEL, member: false } });

  it('tells the acting admin once, and saving still works', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    await save(t, 1, 'sip1.example.com:5060');
    const told = await t.slack.waitForCall('chat.postMessage', 1, (c) =>
      /cannot post notices/.test(c.params.text ?? ''),
    );
    expect(told.params.channel).toBe('DADMIN001');
    expect(told.params.text).toBe('aco-connect cannot post notices to the admin channel (not_in_channel)');
    expect(JSON.stringify(told.json.blocks)).toContain('/invite @aco-connect');

    await save(t, 2, 'sip2.example.com:5060');
    await t.command(USERS.admin, 'status');
    await t.slack.waitForResponse();
    expect((await t.app.store.settings.get(t.tenant))?.version).toBe(2);
    expect(
      t.slack.callsTo('chat.postMessage').filter((c) => /cannot post notices/.test(c.params.text ?? '')),
    ).toHaveLength(1);
    expect(
      t.slack
        .callsTo('chat.postMessage')
        .filter((c) => c.params.channel === ADMIN_CHANNEL)
        .every((c) => c.response.error === 'not_in_channel'),
    ).toBe(true);
    expect(t.logs.some((l) => l.includes('"error":"not_in_channel"'))).toBe(true);
  });

  it('tells again after the channel worked and broke anew', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    await save(t, 1, 'sip1.example.com:5060');
    await t.slack.waitForCall('chat.postMessage', 1, (c) => /cannot post notices/.test(c.params.text ?? ''));
    t.slack.addChannel({ id: ADMIN_CHANNEL, member: true });
    await save(t, 2, 'sip2.example.com:5060');
    await t.slack.waitFor(() => t.notices().find((c) => /version 2/.test(c.params.text ?? '')), 'notice v2');
    t.slack.removeChannel(ADMIN_CHANNEL);
    await save(t, 3, 'sip3.example.com:5060');
    const again = await t.slack.waitForCall('chat.postMessage', 2, (c) =>
      /cannot post notices/.test(c.params.text ?? ''),
    );
    expect(again.params.text).toBe('aco-connect cannot post notices to the admin channel (channel_not_found)');
  });
});

describe('Slack admin channel: notices for background events', () => {
  const app = useSlackTestApp();

  it('posts auth.lost and auth.expiring with Re-authenticate; the button DMs a fresh link', async () => {
    const t = app();
    await t.app.events.emit({
      type: 'auth.lost',
      tenant: t.tenant,
      status: { state: 'revoked', at: new Date().toISOString(), reason: 'The password changed.' },
      message: 'ACO refused the refresh token (invalid_grant).',
    });
    await t.app.events.emit({
      type: 'auth.expiring',
      tenant: t.tenant,
      refreshTokenExpiresAt: '2030-01-02T03:04:00.000Z',
      message: 'Refreshes keep failing.',
    });
    // Other platforms' tenants are not ours.
    await t.app.events.emit({
      type: 'auth.lost',
      tenant: 'teams:someone',
      status: { state: 'not_authenticated' },
      message: 'x',
    });
    const [lost, expiring] = t.notices();
    expect(t.notices()).toHaveLength(2);
    expect(lost!.params.text).toBe('ACO authorization lost: ACO refused the refresh token (invalid_grant).');
    expect(expiring!.params.text).toBe('ACO authorization lapses at 2030-01-02 03:04 UTC: Refreshes keep failing.');
    const reauth = SlackTestApp.button(lost!, 'aco_reauthenticate');
    expect(reauth).toBeDefined();

    await t.click(USERS.admin, 'aco_reauthenticate', reauth!.value, {
      channel: ADMIN_CHANNEL,
      ts: lost!.response.ts as string,
    });
    const prompt = await t.authPrompt();
    expect(prompt.call.params.channel).toBe('DADMIN001');
    const pointer = await t.slack.waitForResponse();
    expect(pointer.body).toMatchObject({ response_type: 'ephemeral', text: 'Sign-in link sent' });
    expect((await fetch(await approveConsent(prompt.url))).status).toBe(200);
    const done = await t.slack.waitForCall('chat.update', 2, (c) => c.params.ts === prompt.call.params.ts);
    expect(done.params.text).toBe('API Auth Status: Authenticated as Alice Admin (ext 101)');
    await t.slack.waitFor(
      () => t.notices().find((c) => /ACO authenticated/.test(c.params.text ?? '')),
      'authenticated notice',
    );
  });
});

describe('Slack without an admin channel', () => {
  const app = useSlackTestApp({ adminChannel: null });

  it('sends background notices to the last acting admin, and posts nothing for their own actions', async () => {
    const t = app();
    await t.submit(USERS.admin, VALUES);
    const prompt = await t.authPrompt();
    await fetch(await approveConsent(prompt.url));
    const confirm = await t.slack.waitForCall(
      'chat.postMessage',
      1,
      (c) => c.params.text?.startsWith('Confirm Changes') ?? false,
    );
    await t.click(USERS.admin, 'aco_confirm_ok', SlackTestApp.button(confirm, 'aco_confirm_ok')!.value, {
      channel: 'DADMIN001',
      ts: confirm.response.ts as string,
    });
    await t.slack.waitForCall('chat.update', 1, (c) => /Saved/.test(c.params.text ?? ''));
    const postsBefore = t.slack.callsTo('chat.postMessage').length;
    expect(t.slack.callsTo('chat.postMessage').every((c) => c.params.channel === 'DADMIN001')).toBe(true);

    await t.app.events.emit({
      type: 'auth.lost',
      tenant: t.tenant,
      status: { state: 'not_authenticated' },
      message: 'Revoked at ACO.',
    });
    const dm = t.slack.callsTo('chat.postMessage').slice(postsBefore);
    expect(dm.map((c) => [c.params.channel, c.params.text])).toEqual([
      ['DADMIN001', 'ACO authorization lost: Revoked at ACO.'],
    ]);
  });
});

describe('Slack admin channel: a CCaaS webhook delivery refused for good, through the real deliverer', () => {
  const WEBHOOK_SECRET = 'whsec-slack-test-0123456789abcdef';
  let t: SlackTestApp | undefined;
  let receiver: CcaasReceiver;
  beforeEach(async () => {
    // The receiver checks signature times against the app's clock (the fake ACO's).
    receiver = await startCcaasReceiver({ secret: WEBHOOK_SECRET, now: () => (t ? t.aco.clock.now() : Date.now()) });
    t = await SlackTestApp.start({ env: { CCAAS_WEBHOOK_URL: receiver.url, CCAAS_WEBHOOK_SECRET: WEBHOOK_SECRET } });
  });
  afterEach(async () => {
    const app = t;
    t = undefined;
    try {
      app?.checkPayloads();
      app?.checkNoSecrets();
    } finally {
      await app?.close();
      await receiver.close();
    }
  });

  it('posts one notice naming the delivery and the refusal, not retried, and later versions still go out', async () => {
    const app = t!;
    // The receiver refuses the first confirmed version as a permanent 400; everything else it takes.
    let refusedOnce = false;
    receiver.behave((d) => {
      if (d.event !== 'platform_settings.confirmed' || refusedOnce) return undefined;
      refusedOnce = true;
      return { status: 400 };
    });
    await app.authenticateAs(USERS.admin);
    await save(app, 1, 'sip1.example.com:5060');
    await receiver.waitFor((r) => r.some((d) => d.status === 400), 'the refused delivery');
    const refused = receiver.received.find((d) => d.status === 400)!;
    expect(refused.verified).toBe(true);
    expect(refused.body).toMatchObject({
      type: 'platform_settings.confirmed',
      tenant: app.tenant,
      data: { version: 1 },
    });

    const isDropped = (c: { params: { text?: string } }) =>
      /CCaaS refused a webhook delivery/.test(c.params.text ?? '');
    const notice = await app.slack.waitFor(() => app.notices().find(isDropped), 'the delivery.dropped notice');
    expect(notice.params.text).toContain(refused.deliveryId);
    expect(notice.params.text).toContain('refused with HTTP 400');
    const shown = JSON.stringify(notice.json.blocks);
    expect(shown).toContain(`Delivery ${refused.deliveryId} will not be retried.`);
    expect(shown).toContain('CCAAS_WEBHOOK_URL');
    expect(shown).toContain('GET /api/v1/platform-settings');
    expect(SlackTestApp.button(notice, 'aco_reauthenticate')).toBeUndefined();

    // The next version is delivered (the queue moved on) and causes no second notice.
    await save(app, 2, 'sip2.example.com:5060');
    await receiver.waitFor(
      (r) => r.some((d) => d.status === 200 && d.body?.data?.version === 2),
      'version 2 delivered',
    );
    expect(receiver.received.filter((d) => d.deliveryId === refused.deliveryId)).toHaveLength(1);
    expect((await app.app.store.settings.get(app.tenant))?.version).toBe(2);
    await app.app.close(); // lets every notice in flight land before counting
    expect(app.notices().filter(isDropped)).toHaveLength(1);
    const everything =
      app.logs.join('\n') + JSON.stringify(app.slack.calls.map((c) => ({ ...c.params, token: undefined })));
    expect(everything).not.toContain(WEBHOOK_SECRET);
  });
});
