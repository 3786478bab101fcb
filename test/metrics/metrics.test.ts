import { afterEach, describe, expect, it } from 'vitest';
import { approveConsent, startTestApp } from '../support/app/start-app.js';
import { startCcaasReceiver, type CcaasReceiver } from '../support/fakes/ccaas-receiver.js';
import { labelValues, parseExposition, sampleSum, type Sample } from '../support/metrics/exposition.js';
import type { FormValues } from '../support/slack/payloads.js';
import { BOT_TOKEN, SlackTestApp, USERS } from '../support/slack/slack-app.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
const SECRET = 'ccaas-webhook-secret-for-metrics-test';

async function scrape(url: string, token = TOKEN): Promise<Sample[]> {
  const res = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

describe('GET /metrics', () => {
  let t: SlackTestApp | undefined;
  let receiver: CcaasReceiver | undefined;
  afterEach(async () => {
    await t?.close();
    await receiver?.close();
    t = undefined;
    receiver = undefined;
  });

  it('counts a whole flow: command → form → Authenticate → Confirm Changes OK → webhook delivered', async () => {
    receiver = await startCcaasReceiver({ secret: SECRET, now: () => (t ? t.aco.clock.now() : Date.now()) });
    t = await SlackTestApp.start({
      env: { METRICS_TOKEN: TOKEN, CCAAS_WEBHOOK_URL: receiver.url, CCAAS_WEBHOOK_SECRET: SECRET },
    });
    const before = await scrape(t.app.url);
    const delta = (name: string, labels: Record<string, string> = {}, after: Sample[]) =>
      sampleSum(after, name, labels) - sampleSum(before, name, labels);

    expect((await t.command(USERS.admin)).status).toBe(200);
    await t.formShown();
    const values: FormValues = {
      sip_domain: 'sip.ringcentral.com:5090',
      outbound_proxy: 'sip10.ringcentral.com:5090',
      recording: 'no',
    };
    expect((await t.submit(USERS.admin, values)).status).toBe(200);
    const prompt = await t.authPrompt();
    expect((await fetch(await approveConsent(prompt.url))).status).toBe(200);
    const confirm = await t.slack.waitForCall(
      'chat.postMessage',
      1,
      (c) => c.params.text?.startsWith('Confirm Changes') ?? false,
    );
    const ok = SlackTestApp.button(confirm, 'aco_confirm_ok')!;
    const at = { channel: confirm.params.channel!, ts: confirm.response.ts as string };
    expect((await t.click(USERS.admin, 'aco_confirm_ok', ok.value, at)).status).toBe(200);
    await t.slack.waitForCall('chat.update', 1, (c) => c.params.ts === at.ts && /^Saved/.test(c.params.text ?? ''));
    await receiver.waitFor((r) => r.some((d) => d.event === 'platform_settings.confirmed' && d.status === 200));
    await t.app.events.settled();

    const after = await scrape(t.app.url);
    // HTTP: by route pattern and status.
    const slackPosts = { route: '/slack/events', method: 'POST', status: '200' };
    expect(delta('aco_connect_http_requests_total', slackPosts, after)).toBe(3);
    expect(
      delta('aco_connect_http_request_duration_seconds_count', { route: '/slack/events', method: 'POST' }, after),
    ).toBe(3);
    expect(
      delta('aco_connect_http_requests_total', { route: '/oauth/aco/callback', method: 'GET', status: '200' }, after),
    ).toBe(1);
    // The first scrape is counted once it is answered.
    expect(sampleSum(after, 'aco_connect_http_requests_total', { route: '/metrics', status: '200' })).toBe(1);
    // ACO: one code exchange, the admin check; nothing failed.
    expect(delta('aco_connect_aco_calls_total', { operation: 'token', outcome: 'ok' }, after)).toBe(1);
    expect(delta('aco_connect_aco_calls_total', { operation: 'whoami', outcome: 'ok' }, after)).toBeGreaterThanOrEqual(
      1,
    );
    expect(
      sampleSum(after, 'aco_connect_aco_calls_total') -
        sampleSum(after, 'aco_connect_aco_calls_total', { outcome: 'ok' }),
    ).toBe(0);
    expect(delta('aco_connect_aco_call_duration_seconds_count', { operation: 'token' }, after)).toBe(1);
    // CCaaS: every queued delivery went out at the first attempt; nothing waits.
    const delivered = delta('aco_connect_ccaas_webhook_deliveries_total', { outcome: 'delivered' }, after);
    expect(delivered).toBe(receiver.accepted().length);
    expect(delivered).toBeGreaterThanOrEqual(1);
    expect(sampleSum(after, 'aco_connect_ccaas_webhook_deliveries_total', { outcome: 'retry' })).toBe(0);
    expect(sampleSum(after, 'aco_connect_ccaas_outbox_pending')).toBe(0);
    expect(sampleSum(after, 'aco_connect_ccaas_outbox_oldest_pending_age_seconds')).toBe(0);
    // Store: operations timed by backend and kind, no errors; the settings and grant locks were waited for.
    expect(delta('aco_connect_store_operation_duration_seconds_count', { backend: 'sqlite' }, after)).toBeGreaterThan(
      0,
    );
    expect(sampleSum(after, 'aco_connect_store_operation_errors_total')).toBe(0);
    expect(
      delta('aco_connect_lock_wait_seconds_count', { lock: 'settings', outcome: 'acquired' }, after),
    ).toBeGreaterThanOrEqual(1);
    expect(
      delta('aco_connect_lock_wait_seconds_count', { lock: 'grant', outcome: 'acquired' }, after),
    ).toBeGreaterThanOrEqual(1);
    // Slack: the command, the form submission, the OK click; all handled without an error.
    expect(
      delta('aco_connect_chat_interactions_total', { platform: 'slack', kind: 'command', outcome: 'ok' }, after),
    ).toBe(1);
    expect(
      delta(
        'aco_connect_chat_interactions_total',
        { platform: 'slack', kind: 'view_submission', outcome: 'ok' },
        after,
      ),
    ).toBe(1);
    expect(
      delta('aco_connect_chat_interactions_total', { platform: 'slack', kind: 'block_action', outcome: 'ok' }, after),
    ).toBe(1);
    expect(sampleSum(after, 'aco_connect_chat_interactions_total', { outcome: 'error' })).toBe(0);
    // Process metrics.
    expect(sampleSum(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleSum(after, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

    // Bounded labels: no tenant, no user, no channel, no token, no raw path with a query.
    const grant = await t.app.store.grants.get(t.tenant);
    const forbidden = [
      t.tenant,
      t.slack.teamId,
      USERS.admin.id,
      'DADMIN001',
      BOT_TOKEN,
      TOKEN,
      grant?.tokens.accessToken,
      grant?.tokens.refreshToken,
    ].filter((s): s is string => !!s);
    for (const value of labelValues(after)) {
      for (const secret of forbidden) expect(value).not.toContain(secret);
      expect(value).not.toContain('?');
    }
  });

  it('refuses a scrape without the token or with a wrong one, and is absent without METRICS_TOKEN', async () => {
    const on = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
    try {
      const none = await fetch(`${on.url}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await none.text()).not.toContain('aco_connect_');
      for (const header of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
        expect((await fetch(`${on.url}/metrics`, { headers: { Authorization: header } })).status).toBe(401);
      }
      // A path that matched no route is one series, not one per path.
      await fetch(`${on.url}/no/such/path-${Date.now()}?tenant=x`);
      const samples = await scrape(on.url);
      expect(sampleSum(samples, 'aco_connect_http_requests_total', { route: '/metrics', status: '401' })).toBe(5);
      expect(sampleSum(samples, 'aco_connect_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    } finally {
      await on.close();
    }
    const off = await startTestApp();
    try {
      expect((await fetch(`${off.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
