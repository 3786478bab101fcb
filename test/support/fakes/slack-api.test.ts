import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackErrorCode } from '../../../src/slack/slack-errors.js';
import { FakeSlackApi } from './slack-api.js';

const BOT = 'xoxb-fake-test-token';

/* The fake must answer the real @slack/web-api client the way Slack does, or the adapter tests prove little. */
describe('FakeSlackApi with the real WebClient', () => {
  let fake: FakeSlackApi;
  const client = (token = BOT, retries = 0) =>
    new webApi.WebClient(token, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { ...webApi.retryPolicies.rapidRetryPolicy, retries },
      logLevel: webApi.LogLevel.ERROR,
    });
  const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', slackErrorCode);

  beforeEach(async () => {
    fake = await FakeSlackApi.start({
      botToken: BOT,
      users: [{ id: 'UADMIN1', name: 'ada', is_admin: true }],
      channels: [
        { id: 'CADMINS', member: true },
        { id: 'COUTSIDE', member: false },
        { id: 'COLD', member: true, archived: true },
      ],
    });
  });
  afterEach(() => fake.close());

  it('refuses a missing or wrong token and answers auth.test for the right one', async () => {
    expect(await codeOf(client('xoxb-wrong').auth.test())).toBe('invalid_auth');
    expect(await codeOf(client('').auth.test())).toBe('not_authed');
    const ok = await client().auth.test();
    expect(ok.user_id).toBe(fake.botUserId);
    expect(fake.calls.map((c) => c.authorized)).toEqual([false, false, true]);
  });

  it('sends form-encoded bodies with blocks as a JSON string, and keeps messages for chat.update', async () => {
    const c = client();
    const posted = await c.chat.postMessage({
      channel: 'CADMINS',
      text: 'hi',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
    });
    const call = fake.callsTo('chat.postMessage')[0]!;
    expect(typeof call.params.blocks).toBe('string');
    expect(call.json.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }]);
    await c.chat.update({ channel: 'CADMINS', ts: posted.ts!, text: 'edited' });
    expect(fake.message('CADMINS', posted.ts!)).toMatchObject({ text: 'edited', updates: 1 });
    expect(await codeOf(c.chat.update({ channel: 'CADMINS', ts: '1.000999', text: 'x' }))).toBe('message_not_found');
  });

  it('refuses channels the bot cannot post to, as Slack does', async () => {
    const c = client();
    expect(await codeOf(c.chat.postMessage({ channel: 'CNOPE', text: 'x' }))).toBe('channel_not_found');
    expect(await codeOf(c.chat.postMessage({ channel: 'COUTSIDE', text: 'x' }))).toBe('not_in_channel');
    expect(await codeOf(c.chat.postMessage({ channel: 'COLD', text: 'x' }))).toBe('is_archived');
    expect(fake.messages.size).toBe(0);
  });

  it('opens a DM only with a known user', async () => {
    const c = client();
    const dm = await c.conversations.open({ users: 'UADMIN1' });
    expect(dm.channel?.id).toBe('DADMIN1');
    expect(await codeOf(c.conversations.open({ users: 'UNOBODY' }))).toBe('user_not_found');
    expect((await c.users.info({ user: 'UADMIN1' })).user?.is_admin).toBe(true);
  });

  it('refuses payloads beyond Block Kit limits', async () => {
    const c = client();
    const many = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    expect(await codeOf(c.chat.postMessage({ channel: 'CADMINS', text: 'x', blocks: many }))).toBe('invalid_blocks');
    const long = { type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'x'.repeat(3001) } };
    expect(await codeOf(c.chat.postMessage({ channel: 'CADMINS', text: 'x', blocks: [long] }))).toBe('invalid_blocks');
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'A title longer than 24 chars' },
      blocks: [],
    };
    expect(await codeOf(c.views.open({ trigger_id: fake.triggerId(), view }))).toBe('invalid_arguments');
  });

  it('lets a trigger_id open one view, once, and only while fresh', async () => {
    const c = client();
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'T' }, blocks: [] };
    const trigger = fake.triggerId();
    const opened = await c.views.open({ trigger_id: trigger, view });
    expect(await codeOf(c.views.open({ trigger_id: trigger, view }))).toBe('invalid_trigger_id');
    expect(await codeOf(c.views.open({ trigger_id: 'made-up', view }))).toBe('invalid_trigger_id');
    await c.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash, view });
    expect(await codeOf(c.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash, view }))).toBe(
      'hash_conflict',
    );

    const stale = await FakeSlackApi.start({ botToken: BOT, triggerTtlMs: -1 });
    try {
      const c2 = new webApi.WebClient(BOT, {
        slackApiUrl: stale.apiUrl,
        retryConfig: { retries: 0 },
        logLevel: webApi.LogLevel.ERROR,
      });
      expect(await codeOf(c2.views.open({ trigger_id: stale.triggerId(), view }))).toBe('expired_trigger_id');
    } finally {
      await stale.close();
    }
  });

  it("publishes a Home tab per user within Slack's limits, with its hash checked", async () => {
    const c = client();
    const home = (text: string) => ({
      type: 'home' as const,
      blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }],
    });
    const first = await c.views.publish({ user_id: 'UADMIN1', view: home('one') });
    expect(first.view?.type).toBe('home');
    expect(fake.homeOf('UADMIN1')).toEqual(home('one'));
    const second = await c.views.publish({ user_id: 'UADMIN1', view: home('two'), hash: first.view!.hash });
    expect(second.view?.id).toBe(first.view?.id);
    expect(await codeOf(c.views.publish({ user_id: 'UADMIN1', view: home('3'), hash: first.view!.hash }))).toBe(
      'hash_conflict',
    );
    expect(fake.homeOf('UADMIN1')).toEqual(home('two'));
    expect(await codeOf(c.views.publish({ user_id: 'UNOBODY', view: home('x') }))).toBe('invalid_arguments');
    const tooMany = {
      type: 'home' as const,
      blocks: Array.from({ length: 101 }, () => ({ type: 'divider' as const })),
    };
    expect(await codeOf(c.views.publish({ user_id: 'UADMIN1', view: tooMany }))).toBe('invalid_arguments');
    const modal = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'T' }, blocks: [] };
    expect(await codeOf(c.views.publish({ user_id: 'UADMIN1', view: modal as never }))).toBe('invalid_arguments');
    expect(fake.payloads().filter((p) => p.kind === 'home')).toHaveLength(6);

    const off = await FakeSlackApi.start({ botToken: BOT, homeTabEnabled: false, users: [{ id: 'U1', name: 'u' }] });
    try {
      const c2 = new webApi.WebClient(BOT, { slackApiUrl: off.apiUrl, retryConfig: { retries: 0 } });
      expect(await codeOf(c2.views.publish({ user_id: 'U1', view: home('x') }))).toBe('not_enabled');
    } finally {
      await off.close();
    }
  });

  it("rate limits a method per minute as Slack's tiers do: 429 with Retry-After, the call not counted", async () => {
    fake.rateLimit('views.publish', 2);
    const c = new webApi.WebClient(BOT, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: webApi.LogLevel.ERROR,
    });
    const view = { type: 'home' as const, blocks: [{ type: 'divider' as const }] };
    await c.views.publish({ user_id: 'UADMIN1', view });
    await c.views.publish({ user_id: 'UADMIN1', view });
    expect(await codeOf(c.views.publish({ user_id: 'UADMIN1', view }))).toBe('ratelimited');
    const refused = fake.callsTo('views.publish')[2]!;
    expect(refused.status).toBe(429);
    fake.rateLimit('views.publish', undefined);
    expect(await codeOf(c.views.publish({ user_id: 'UADMIN1', view }))).toBe('ok');
  });

  it('answers 429 with Retry-After and 5xx when told to; the client retries both', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 0 });
    fake.fail('chat.postMessage', { status: 503 });
    const posted = await client(BOT, 3).chat.postMessage({ channel: 'CADMINS', text: 'after retries' });
    expect(posted.ok).toBe(true);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 503, 200]);
  });

  it('keeps failing while told to, and the client gives up with a short code', async () => {
    fake.fail('chat.postMessage', { status: 503, times: 3 });
    expect(await codeOf(client(BOT, 2).chat.postMessage({ channel: 'CADMINS', text: 'x' }))).toBe('http_503');
    fake.fail('chat.postMessage', { error: 'channel_not_found' });
    expect(await codeOf(client().chat.postMessage({ channel: 'CADMINS', text: 'x' }))).toBe('channel_not_found');
  });

  it('records response_url posts and refuses invalid ones', async () => {
    const url = fake.responseUrl();
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    });
    expect(ok.status).toBe(200);
    const bad = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }),
    });
    expect(bad.status).toBe(400);
    expect(fake.responses.map((r) => r.body)).toEqual([{ text: 'hello' }]);
  });

  it('waitFor resolves on a later call', async () => {
    const waiting = fake.waitForCall('chat.postMessage');
    await client().chat.postMessage({ channel: 'CADMINS', text: 'later' });
    expect((await waiting).params.text).toBe('later');
  });
});
