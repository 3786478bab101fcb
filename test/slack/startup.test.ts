import { afterEach, describe, expect, it } from 'vitest';
import { freePort, settledReadiness, startTestApp, type TestApp } from '../support/app/start-app.js';
import { FakeSlackApi } from '../support/fakes/slack-api.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack/slack-app.js';

let cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const slackEnv = (apiUrl: string) => ({
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: apiUrl,
});

describe('start-up never waits for Slack', () => {
  it('with Slack unreachable the server listens at once, and /readyz and the log say Slack is unreachable (network)', async () => {
    // Nothing listens on this port: every auth.test fails to connect.
    const deadApi = `http://127.0.0.1:${await freePort()}/api/`;
    const t: TestApp = await startTestApp({ env: slackEnv(deadApi) });
    cleanups.push(() => t.close());
    // startTestApp resolved: the server already listens.
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await settledReadiness(t.url);
    expect(ready.status).toBe('degraded');
    expect(ready.checks.store).toMatchObject({ ok: true });
    expect(ready.checks.slack).toMatchObject({ ok: false, status: 'unreachable' });
    expect(ready.checks.slack.detail).toMatch(/^Slack unreachable \(network: slack_unreachable\); retrying in \d+ s$/);
    const logs = t.logs.join('\n');
    expect(logs).toContain('Slack: unreachable (network): auth.test failed with slack_unreachable');
    expect(logs).not.toMatch(/did not accept|refused \(token\)/);
    expect(logs).not.toContain(BOT_TOKEN);
    // Slack's requests get 503 (Slack retries them) until the token is verified.
    const res = await fetch(`${t.url}/slack/events`, { method: 'POST', body: 'x=1' });
    expect(res.status).toBe(503);
    expect((await res.json()).error).toBe('slack_not_ready');
  });

  it('reports a refused token as refused (token) in /readyz, and the server keeps serving', async () => {
    const slack = await FakeSlackApi.start({ botToken: 'xoxb-the-real-one' });
    cleanups.push(() => slack.close());
    const t = await startTestApp({ env: slackEnv(slack.apiUrl) });
    cleanups.push(() => t.close());
    const ready = await settledReadiness(t.url);
    expect(ready.status).toBe('degraded');
    expect(ready.checks.slack).toEqual({
      ok: false,
      status: 'refused',
      detail: 'Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth); fix the token and restart',
    });
    expect(t.logs.join('\n')).not.toContain(BOT_TOKEN);
  });

  it('a verified token makes /readyz ready, naming the workspace tenant; the ACO platform is reported too', async () => {
    const slack = await FakeSlackApi.start({ botToken: BOT_TOKEN });
    cleanups.push(() => slack.close());
    const t = await startTestApp({ env: slackEnv(slack.apiUrl) });
    cleanups.push(() => t.close());
    const ready = await settledReadiness(t.url);
    expect(ready).toMatchObject({ status: 'ready', store: 'sqlite' });
    expect(ready.checks.slack).toMatchObject({ ok: true, status: 'verified' });
    expect(ready.checks.slack.detail).toContain(`tenant slack:${slack.teamId}`);
    expect(ready.checks.aco).toMatchObject({ ok: true, status: 'reachable' });
    expect(t.logs.join('\n')).toContain(`(tenant slack:${slack.teamId})`);
  });
});
