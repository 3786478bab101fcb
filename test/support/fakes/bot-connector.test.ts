import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, startFakeBotConnector, type FakeBotConnector } from './bot-connector.js';

// The fake is driven by botbuilder's own ConnectorClient, the client the bot uses.
const CONV = '19:abc123@thread.tacv2;messageid=1700000000000';

describe('fake Bot Connector', () => {
  let fake: FakeBotConnector;
  afterEach(async () => fake?.close());

  const client = (url: string) => new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: url });

  it('records sends, replies and updates and answers ids the client can use', async () => {
    fake = await startFakeBotConnector();
    const c = client(fake.url);
    const sent = await c.conversations.sendToConversation(CONV, { type: 'message', text: 'hello' });
    expect(sent.id).toBeTruthy();
    const reply = await c.conversations.replyToActivity(CONV, 'user-msg-1', { type: 'message', text: 're' });
    expect(reply.id).toBeTruthy();
    const updated = await c.conversations.updateActivity(CONV, sent.id!, { type: 'message', text: 'edited' });
    expect(updated.id).toBe(sent.id);

    expect(fake.calls.map((x) => [x.kind, x.method, x.conversationId, x.activityId ?? null])).toEqual([
      ['send', 'POST', CONV, null],
      ['reply', 'POST', CONV, 'user-msg-1'],
      ['update', 'PUT', CONV, sent.id],
    ]);
    expect(fake.calls[2]!.body.text).toBe('edited');
  });

  it('creates conversations', async () => {
    fake = await startFakeBotConnector();
    const res = await client(fake.url).conversations.createConversation({
      isGroup: false,
      bot: { id: '28:bot', name: 'aco-connect' },
      members: [{ id: '29:user', name: 'Ada' }],
      tenantId: 'tenant-1',
    } as never);
    expect(res.id).toMatch(/^a:/);
    expect(fake.calls[0]!.kind).toBe('createConversation');
  });

  it('refuses to update an activity it never issued, or one from another conversation', async () => {
    fake = await startFakeBotConnector();
    const c = client(fake.url);
    await expect(c.conversations.updateActivity(CONV, 'nope', { type: 'message', text: 'x' })).rejects.toMatchObject({
      statusCode: 404,
    });
    const sent = await c.conversations.sendToConversation(CONV, { type: 'message', text: 'hello' });
    await expect(
      c.conversations.updateActivity('a:other', sent.id!, { type: 'message', text: 'x' }),
    ).rejects.toMatchObject({
      statusCode: 404,
    });
    // The same channel message is found through the channel id or any thread id of that channel.
    const channel = '19:abc123@thread.tacv2';
    const posted = await c.conversations.sendToConversation(channel, { type: 'message', text: 'notice' });
    await c.conversations.updateActivity(`${channel};messageid=${posted.id}`, posted.id!, {
      type: 'message',
      text: 'x',
    });
    await expect(
      c.conversations.updateActivity('19:other@thread.tacv2', posted.id!, { type: 'message', text: 'x' }),
    ).rejects.toMatchObject({
      statusCode: 404,
    });
    expect(fake.accepted().map((x) => x.kind)).toEqual(['send', 'send', 'update']);
  });

  it('refuses bodies that are not activities and messages over the size limit', async () => {
    fake = await startFakeBotConnector();
    const noType = await fetch(`${fake.url}v3/conversations/${encodeURIComponent(CONV)}/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'no type' }),
    });
    expect(noType.status).toBe(400);
    await expect(
      client(fake.url).conversations.sendToConversation(CONV, { type: 'message', text: 'x'.repeat(MAX_MESSAGE_BYTES) }),
    ).rejects.toMatchObject({ statusCode: 413 });
    expect(fake.accepted()).toEqual([]);
  });

  it('requires a bearer token when asked to, as the real service does', async () => {
    fake = await startFakeBotConnector({ requireAuth: true });
    await expect(
      client(fake.url).conversations.sendToConversation(CONV, { type: 'message', text: 'hi' }),
    ).rejects.toMatchObject({
      statusCode: 401,
    });
    const ok = await fetch(`${fake.url}v3/conversations/${encodeURIComponent(CONV)}/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer abc' },
      body: JSON.stringify({ type: 'message', text: 'hi' }),
    });
    expect(ok.status).toBe(201);
  });

  it('waitFor resolves for past and future calls', async () => {
    fake = await startFakeBotConnector();
    const c = client(fake.url);
    await c.conversations.sendToConversation(CONV, { type: 'message', text: 'first' });
    const past = await fake.waitFor((x) => x.body?.text === 'first');
    expect(past.kind).toBe('send');
    const future = fake.waitFor((x) => x.body?.text === 'second');
    await c.conversations.sendToConversation(CONV, { type: 'message', text: 'second' });
    expect((await future).body.text).toBe('second');
  });
});
