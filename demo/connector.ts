import { randomUUID } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { LiveFeed } from './live-feed.js';

/*
 * The playground's Bot Connector: the service at the activity's `serviceUrl` that a Teams bot sends its
 * replies, proactive messages and card updates to (Bot Framework REST API v3). It keeps each conversation's
 * messages for the page and pushes every change to it.
 */

export const CONNECTOR_PATH = '/demo/connector';

export interface ChatAccount {
  id: string;
  name?: string;
  role?: 'bot' | 'user';
}

export interface ChatMessage {
  id: string;
  /** Without the channel thread suffix (";messageid=…"): a channel is one list here. */
  conversationId: string;
  from?: ChatAccount;
  text?: string;
  attachments?: unknown[];
  replyToId?: string;
  timestamp: string;
  /** Set when the bot replaced the message (a card update). */
  updatedAt?: string;
}

const threadless = (conversationId: string) => conversationId.split(';messageid=')[0] ?? conversationId;

/** Teams refuses bot messages above about 28 KB; so does this connector. */
const MAX_ACTIVITY_BYTES = 28 * 1024;

export class Conversations {
  readonly #byConversation = new Map<string, ChatMessage[]>();

  constructor(private readonly feed: LiveFeed) {}

  list(conversationId: string): ChatMessage[] {
    return this.#byConversation.get(threadless(conversationId)) ?? [];
  }

  snapshot(): Record<string, ChatMessage[]> {
    return Object.fromEntries(this.#byConversation);
  }

  add(message: Omit<ChatMessage, 'id' | 'timestamp' | 'conversationId'> & { conversationId: string }): ChatMessage {
    const stored: ChatMessage = {
      ...message,
      id: `1${Date.now()}${Math.floor(Math.random() * 1000)}`,
      conversationId: threadless(message.conversationId),
      timestamp: new Date().toISOString(),
    };
    const list = this.#byConversation.get(stored.conversationId) ?? [];
    list.push(stored);
    this.#byConversation.set(stored.conversationId, list);
    this.feed.publish('message', stored);
    return stored;
  }

  update(
    conversationId: string,
    id: string,
    patch: Pick<ChatMessage, 'text' | 'attachments'>,
  ): ChatMessage | undefined {
    const found = this.list(conversationId).find((m) => m.id === id);
    if (!found) return undefined;
    found.text = patch.text;
    found.attachments = patch.attachments;
    found.updatedAt = new Date().toISOString();
    this.feed.publish('update', found);
    return found;
  }
}

interface IncomingActivity {
  type?: unknown;
  text?: unknown;
  attachments?: unknown;
  from?: { id?: unknown; name?: unknown };
  replyToId?: unknown;
}

const fail = (res: Response, status: number, code: string, message: string) =>
  res.status(status).json({ error: { code, message } });

function messageParts(body: IncomingActivity) {
  return {
    text: typeof body.text === 'string' ? body.text : undefined,
    attachments: Array.isArray(body.attachments) ? body.attachments : undefined,
  };
}

/** The v3 routes the bot uses: send, reply, update, create conversation. */
export function connectorRoutes(conversations: Conversations): Router {
  const router = Router();
  router.use(express.raw({ type: '*/*', limit: '1mb' }));

  const parse = (req: Request, res: Response): IncomingActivity | undefined => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = undefined;
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      fail(res, 400, 'BadArgument', 'The request body is not a JSON object.');
      return undefined;
    }
    if (raw.length > MAX_ACTIVITY_BYTES) {
      fail(res, 413, 'MessageSizeTooBig', 'Message size too large.');
      return undefined;
    }
    return body as IncomingActivity;
  };

  router.post('/v3/conversations', (req, res) => {
    const body = parse(req, res);
    if (!body) return;
    res.status(201).json({ id: `a:${randomUUID()}` });
  });

  // Send to a conversation, or reply to an activity in it: both become a new message in the conversation.
  router.post(
    ['/v3/conversations/:conversationId/activities', '/v3/conversations/:conversationId/activities/:activityId'],
    (req, res) => {
      const body = parse(req, res);
      if (!body) return;
      if (typeof body.type !== 'string' || !body.type)
        return fail(res, 400, 'BadArgument', 'Activity type is required.');
      // Typing indicators and other non-message activities are acknowledged and not shown.
      if (body.type !== 'message') return res.status(201).json({ id: `1${Date.now()}` });
      const conversationId = String(req.params.conversationId);
      const stored = conversations.add({
        conversationId,
        from: {
          id: typeof body.from?.id === 'string' ? body.from.id : 'bot',
          name: typeof body.from?.name === 'string' ? body.from.name : 'aco-connect',
          role: 'bot',
        },
        ...messageParts(body),
        ...(req.params.activityId ? { replyToId: String(req.params.activityId) } : {}),
      });
      res.status(201).json({ id: stored.id });
    },
  );

  router.put('/v3/conversations/:conversationId/activities/:activityId', (req, res) => {
    const body = parse(req, res);
    if (!body) return;
    if (typeof body.type !== 'string' || !body.type) return fail(res, 400, 'BadArgument', 'Activity type is required.');
    const updated = conversations.update(
      String(req.params.conversationId),
      String(req.params.activityId),
      messageParts(body),
    );
    if (!updated)
      return fail(
        res,
        404,
        'ActivityNotFoundInConversation',
        'The activity to update was not found in this conversation.',
      );
    res.status(200).json({ id: updated.id });
  });

  router.use((req, res) => fail(res, 404, 'NotFound', `No route for ${req.method} ${req.path}`));
  return router;
}
