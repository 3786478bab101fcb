import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAST_CONVERSATION_KEY } from '../../src/teams/conversation-refs.js';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fakes/bot-connector.js';
import { startReverseProxy, type ReverseProxy } from '../support/app/reverse-proxy.js';
import { SlackTestApp } from '../support/slack/slack-app.js';
import { CLAIMED_TENANT, messageActivity, postActivity } from '../support/teams/teams-client.js';

/*
 * A Slack-only deployment: no Bot Framework credentials and no TEAMS_EMULATOR. Nothing of Teams is
 * reachable, even from this machine through a reverse proxy that adds no X-Forwarded-For.
 */
describe('Teams off unless configured (a Slack-only deployment)', () => {
  let s: SlackTestApp;
  let bc: FakeBotConnector;
  let proxy: ReverseProxy;
  beforeAll(async () => {
    bc = await startFakeBotConnector();
    s = await SlackTestApp.start({ env: { TEAMS_ADMIN_USERS: '' } });
    proxy = await startReverseProxy(s.app.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await s?.close();
    await bc?.close();
  });

  it('answers 404 on /api/messages, directly and through a loopback proxy, with no side effect', async () => {
    const forged = messageActivity(bc.url, 'disconnect');
    expect((await postActivity(s.app.url, forged)).status).toBe(404);
    expect((await postActivity(proxy.url, forged)).status).toBe(404);
    expect(proxy.forwarded).toBe(1);
    expect(bc.calls).toEqual([]);
    expect(await s.app.store.conversations.get(CLAIMED_TENANT, LAST_CONVERSATION_KEY)).toBeUndefined();
    expect(await s.app.store.conversations.get('teams:emulator', LAST_CONVERSATION_KEY)).toBeUndefined();
  });

  it('logs Teams as off with the variables that turn it on, and no Teams warning', () => {
    const all = s.logs.join('\n');
    expect(all).toContain('Teams: off — set MicrosoftAppId and MicrosoftAppPassword');
    expect(all).not.toContain('nobody may use the bot');
    expect(all).not.toContain('emulator mode');
  });
});
