import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAST_CONVERSATION_KEY } from '../../src/teams/conversation-refs.js';
import {
  ADMIN,
  messageActivity,
  postActivity,
  startTeamsHarness,
  TENANT,
  type TeamsHarness,
} from '../support/teams/teams-client.js';

describe('Teams local-emulator mode (no MicrosoftAppId)', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(async () => h?.close());

  it('says so in the start-up log', () => {
    const line = h.t.logs.find((l) => l.includes('local-emulator mode (no MicrosoftAppId)'));
    expect(line).toBeDefined();
    expect(line).toContain('loopback callers only');
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
    expect(res.body.message).toMatch(/local-emulator mode/);
    expect(h.bc.calls.length).toBe(from);
    expect(await h.t.app.store.conversations.get(TENANT, LAST_CONVERSATION_KEY)).toBeUndefined();
    expect(await h.t.app.store.conversations.get(TENANT, 'teams.admin-channel')).toBeUndefined();
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
      body: JSON.stringify({ text: 'no type', from: ADMIN }),
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
