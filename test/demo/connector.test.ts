import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTOR_PATH, connectorRoutes, Conversations } from '../../demo/connector.js';
import { LiveFeed } from '../../demo/live-feed.js';

/* The playground's Bot Connector takes what a Teams bot sends and refuses what the real service refuses. */

describe('demo connector', () => {
  const published: { event: string; data: any }[] = [];
  const feed = new LiveFeed();
  feed.publish = (event, data) => void published.push({ event, data });
  const conversations = new Conversations(feed);
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const app = express();
    app.use(CONNECTOR_PATH, connectorRoutes(conversations));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${CONNECTOR_PATH}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close());

  const send = (method: string, path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const channel = encodeURIComponent('19:abc@thread.tacv2;messageid=1700');

  it('keeps a message, a reply in a channel thread, and an update, and tells the page', async () => {
    const sent = await send('POST', `/v3/conversations/${channel}/activities`, {
      type: 'message',
      from: { id: '28:bot', name: 'aco-connect' },
      text: 'hello',
    });
    expect(sent.status).toBe(201);
    const { id } = await sent.json();
    const reply = await send('POST', `/v3/conversations/${channel}/activities/${id}`, {
      type: 'message',
      text: 'reply',
    });
    expect(reply.status).toBe(201);
    const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } };
    const updated = await send('PUT', `/v3/conversations/${channel}/activities/${id}`, {
      type: 'message',
      attachments: [card],
    });
    expect(updated.status).toBe(200);

    const list = conversations.list('19:abc@thread.tacv2');
    expect(list.map((m) => m.text)).toEqual([undefined, 'reply']);
    expect(list[0]).toMatchObject({ id, attachments: [card], from: { role: 'bot' } });
    expect(list[0]!.updatedAt).toBeTruthy();
    expect(list[1]!.replyToId).toBe(id);
    expect(published.map((p) => p.event)).toEqual(['message', 'message', 'update']);
  });

  it('acknowledges a typing indicator without showing it', async () => {
    const before = conversations.list('a:personal').length;
    const res = await send('POST', '/v3/conversations/a%3Apersonal/activities', { type: 'typing' });
    expect(res.status).toBe(201);
    expect(conversations.list('a:personal')).toHaveLength(before);
  });

  it('refuses what the Bot Connector refuses', async () => {
    expect((await send('POST', `/v3/conversations/${channel}/activities`, 'not json')).status).toBe(400);
    expect((await send('POST', `/v3/conversations/${channel}/activities`, { text: 'no type' })).status).toBe(400);
    const tooBig = await send('POST', `/v3/conversations/${channel}/activities`, {
      type: 'message',
      text: 'x'.repeat(30 * 1024),
    });
    expect(tooBig.status).toBe(413);
    const unknown = await send('PUT', `/v3/conversations/${channel}/activities/999`, { type: 'message', text: 'x' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('ActivityNotFoundInConversation');
    expect((await send('DELETE', `/v3/conversations/${channel}/activities/1`, {})).status).toBe(404);
  });
});
