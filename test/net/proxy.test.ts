import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../../src/log.js';
import { proxyFor } from '../../src/net/proxy.js';
import { createBotAuthentication } from '../../src/teams/bot-authentication.js';
import { startForwardProxy, type ForwardProxy } from '../support/app/forward-proxy.js';
import { settledReadiness, startTestApp } from '../support/app/start-app.js';
import { startFakeAco } from '../support/fakes/aco-server.js';
import { FakeSlackApi } from '../support/fakes/slack-api.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack/slack-app.js';
import { startLocalIssuer } from '../support/teams/local-issuer.js';

/*
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY for every peer, through a local proxy that records the tunnels (CONNECT)
 * and forwarded requests it served. The stand-ins are plain http on 127.0.0.1; the clients still have to go
 * through the proxy to reach them, which is what is asserted.
 */

const VARS = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy'];
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
const setProxyEnv = (env: Record<string, string>) => {
  for (const v of VARS) delete process.env[v];
  Object.assign(process.env, env);
};

let proxy: ForwardProxy;
let cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  proxy = await startForwardProxy();
});
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
  setProxyEnv({});
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  await proxy?.close();
});

const through = (url: string) => {
  const host = new URL(url).host;
  return proxy.tunnels.includes(host) || proxy.forwarded.some((f) => new URL(f).host === host);
};

describe('outbound proxy', () => {
  it('proxyFor follows HTTPS_PROXY / HTTP_PROXY and NO_PROXY', () => {
    setProxyEnv({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'internal.example,.lan' });
    expect(proxyFor('https://slack.com/api/')).toBe('http://proxy.corp:3128');
    expect(proxyFor('https://internal.example/x')).toBeUndefined();
    expect(proxyFor('https://aco.lan/x')).toBeUndefined();
    expect(proxyFor('http://plain.example/')).toBeUndefined();
    setProxyEnv({});
    expect(proxyFor('https://slack.com/api/')).toBeUndefined();
  });

  it('Slack and ACO go through the proxy; NO_PROXY exempts a host', async () => {
    const slack = await FakeSlackApi.start({ botToken: BOT_TOKEN });
    cleanups.push(() => slack.close());
    const aco = await startFakeAco({ autoApprove: true });
    cleanups.push(() => aco.close());
    setProxyEnv({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url });
    const t = await startTestApp({
      aco,
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
    });
    cleanups.push(() => t.close());
    const ready = await settledReadiness(t.url);
    expect(ready.checks.slack.status).toBe('verified');
    expect(ready.checks.aco.status).toBe('reachable');
    expect(through(slack.apiUrl)).toBe(true);
    expect(through(t.aco.url)).toBe(true);
    expect(t.logs.join('\n')).toContain(`Outbound proxy: Slack via ${proxy.url}, ACO via ${proxy.url}`);
    await t.close();

    // The same with the ACO host exempted: ACO direct, Slack still through the proxy.
    const before = { tunnels: proxy.tunnels.length, forwarded: proxy.forwarded.length };
    const acoHost = new URL(aco.url).host;
    setProxyEnv({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: acoHost });
    const t2 = await startTestApp({
      aco,
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
    });
    cleanups.push(() => t2.close());
    const ready2 = await settledReadiness(t2.url);
    expect(ready2.checks.aco.status).toBe('reachable');
    const newHosts = [
      ...proxy.tunnels.slice(before.tunnels),
      ...proxy.forwarded.slice(before.forwarded).map((f) => new URL(f).host),
    ];
    expect(newHosts).toContain(new URL(slack.apiUrl).host);
    expect(newHosts).not.toContain(acoHost);
    expect(t2.logs.join('\n')).toContain('ACO direct (NO_PROXY)');
  });

  it('a proxy that refuses Slack makes Slack unreachable (network), not a refused token', async () => {
    const refusing = await startForwardProxy({ refuse: () => true });
    cleanups.push(() => refusing.close());
    const slack = await FakeSlackApi.start({ botToken: BOT_TOKEN });
    cleanups.push(() => slack.close());
    setProxyEnv({ HTTPS_PROXY: refusing.url, HTTP_PROXY: refusing.url });
    const t = await startTestApp({
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
    });
    cleanups.push(() => t.close());
    const ready = await settledReadiness(t.url);
    expect(ready.checks.slack.status).toBe('unreachable');
    expect(slack.callsTo('auth.test')).toHaveLength(0);
  });

  it("botbuilder fetches the channel's signing keys through the proxy", async () => {
    const issuer = await startLocalIssuer();
    cleanups.push(() => issuer.close());
    setProxyEnv({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url });
    const appId = '00000000-0000-4000-8000-00000000a99d';
    const auth = createBotAuthentication(
      { MicrosoftAppId: appId, MicrosoftAppPassword: 'pw', MicrosoftAppType: 'MultiTenant' },
      createCapturingLogger().logger,
      { openIdMetadataUrl: issuer.metadataUrl, tokenIssuer: issuer.issuer },
    );
    const serviceUrl = 'https://smba.trafficmanager.net/amer/';
    const token = await issuer.sign({ aud: appId, serviceurl: serviceUrl, ver: '1.0' });
    const result = await auth.authenticateRequest(
      { type: 'message', channelId: 'msteams', serviceUrl } as never,
      `Bearer ${token}`,
    );
    expect(result.claimsIdentity.isAuthenticated).toBe(true);
    expect(through(issuer.metadataUrl)).toBe(true);
  });
});
