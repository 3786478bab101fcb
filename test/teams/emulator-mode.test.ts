import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAST_CONVERSATION_KEY } from '../../src/teams/conversation-refs.js';
import { startReverseProxy, type ReverseProxy } from '../support/app/reverse-proxy.js';
import {
  ADMIN,
  CLAIMED_TENANT,
  messageActivity,
  postActivity,
  startTeamsHarness,
  TENANT,
  type TeamsHarness,
} from '../support/teams/teams-client.js';

describe('Teams emulator mode (TEAMS_EMULATOR=true, no MicrosoftAppId)', () => {
  let h: TeamsHarness;
  let proxy: ReverseProxy;
  beforeAll(async () => {
    h = await startTeamsHarness();
    proxy = await startReverseProxy(h.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await h?.close();
  });

  it('says so in the start-up log', () => {
    const line = h.t.logs.find((l) => l.includes('emulator mode (TEAMS_EMULATOR=true)'));
    expect(line).toBeDefined();
    expect(line).toContain('loopback callers with a loopback serviceUrl only');
    expect(line).toContain('teams:emulator');
  });

  it('accepts loopback callers without a token', async () => {
    const res = await h.message('help');
    expect(res.status).toBe(200);
  });

  it('refuses callers that are not on this machine (through a local proxy) with 403 and no side effect', async () => {
    await h.t.app.store.conversations.delete(TENANT, LAST_CONVERSATION_KEY);
    const from = h.bc.calls.length;
    const res = await postActivity(h.url, messageActivity(h.bc.url, 'admin-channel', { where: 'channel' }), {
      'X-Forwarded-For': '203.0.113.7',
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/emulator mode/);
    expect(h.bc.calls.length).toBe(from);
    expect(await h.t.app.store.conversations.get(TENANT, LAST_CONVERSATION_KEY)).toBeUndefined();
    expect(await h.t.app.store.conversations.get(TENANT, 'teams.admin-channel')).toBeUndefined();
  });

  it('refuses an activity whose serviceUrl is not on this machine, with 403 and no side effect', async () => {
    await h.t.app.store.conversations.delete(TENANT, LAST_CONVERSATION_KEY);
    for (const serviceUrl of ['https://smba.trafficmanager.net/amer/', 'http://203.0.113.7:9/', 'not a url']) {
      const res = await postActivity(h.url, messageActivity(serviceUrl, 'admin-channel', { where: 'channel' }));
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/serviceUrl must be on this machine/);
    }
    expect(await h.t.app.store.conversations.get(TENANT, LAST_CONVERSATION_KEY)).toBeUndefined();
    expect(await h.t.app.store.conversations.get(TENANT, 'teams.admin-channel')).toBeUndefined();
  });

  it('files a forged-tenant activity arriving through a loopback proxy (no X-Forwarded-For) under teams:emulator', async () => {
    const forged = messageActivity(h.bc.url, 'disconnect');
    const before = proxy.forwarded;
    const from = h.bc.calls.length;
    const res = await postActivity(proxy.url, forged);
    expect(proxy.forwarded).toBe(before + 1);
    expect(res.status).toBe(200);
    // The activity claims the real tenant (conversation.tenantId and channelData.tenant) …
    expect(forged.conversation.tenantId).toBe(CLAIMED_TENANT.slice('teams:'.length));
    expect(forged.channelData.tenant.id).toBe(CLAIMED_TENANT.slice('teams:'.length));
    // … but nothing is filed under it: the turn ran for the emulator tenant.
    expect(await h.t.app.store.conversations.get(CLAIMED_TENANT, LAST_CONVERSATION_KEY)).toBeUndefined();
    expect(await h.t.app.store.conversations.get(TENANT, LAST_CONVERSATION_KEY)).toMatchObject({
      serviceUrl: h.bc.url,
    });
    expect(h.callsSince(from).length).toBeGreaterThan(0);
  });

  it('answers 400 to a body that is not JSON, and 404 to other methods', async () => {
    const bad = await fetch(`${h.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"type":',
    });
    expect(bad.status).toBe(400);
    const get = await fetch(`${h.url}/api/messages`);
    expect(get.status).toBe(404);
    const noType = await fetch(`${h.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'no type', from: ADMIN, serviceUrl: h.bc.url }),
    });
    expect(noType.status).toBe(400);
  });

  it('files Emulator activities (no Azure AD tenant or object id) under teams:emulator, by channel user id', async () => {
    const activity = messageActivity(h.bc.url, 'status');
    const emulatorActivity = {
      ...activity,
      channelId: 'emulator',
      conversation: { id: 'emulator-conv-1' },
      channelData: {},
      from: { id: ADMIN.aadObjectId, name: 'Emulator user' },
    };
    const from = h.bc.calls.length;
    expect((await postActivity(h.url, emulatorActivity)).status).toBe(200);
    const [reply] = h.callsSince(from);
    expect(reply!.body.attachments[0].content.body[0].text).toBe('ACO Platform Settings');
    expect(await h.t.app.store.conversations.get('teams:emulator', LAST_CONVERSATION_KEY)).toMatchObject({
      channelId: 'emulator',
    });
  });
});
