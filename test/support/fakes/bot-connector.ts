import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Bot Connector service a Teams bot talks to at the activity's `serviceUrl`.
 * It records what the bot sends and refuses what the real service refuses: a body that is not an
 * activity, a message over Teams' size limit, an update of an activity it never issued, and (when
 * `requireAuth`) a call without a bearer token.
 */

export type ConnectorCallKind = 'createConversation' | 'send' | 'reply' | 'update';

export interface ConnectorCall {
  kind: ConnectorCallKind;
  method: 'POST' | 'PUT';
  path: string;
  /** Decoded from the path (Teams ids contain ':', ';' and '@'). */
  conversationId?: string;
  /** The activity replied to (reply) or replaced (update). */
  activityId?: string;
  // Activities are free-form JSON; tests read into them.
  body: any;
  authorization?: string;
  status: number;
  /** The id answered, for replies and sends: what a later update must name. */
  responseId?: string;
}

export interface FakeBotConnector {
  /** The `serviceUrl` to put on activities (trailing slash, as Teams sends it). */
  url: string;
  calls: ConnectorCall[];
  /** Resolves with the first recorded call (past or future) that matches. */
  waitFor(match: (c: ConnectorCall) => boolean): Promise<ConnectorCall>;
  /** Accepted calls only (status < 300). */
  accepted(): ConnectorCall[];
  close(): Promise<void>;
}

/** Teams refuses bot messages above about 28 KB. */
export const MAX_MESSAGE_BYTES = 28 * 1024;

const threadless = (conversationId: string) => conversationId.split(';messageid=')[0];

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};
const fail = (res: ServerResponse, status: number, code: string, message: string) =>
  json(res, status, { error: { code, message } });

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeBotConnector(opts: { requireAuth?: boolean } = {}): Promise<FakeBotConnector> {
  const calls: ConnectorCall[] = [];
  const waiters: { match: (c: ConnectorCall) => boolean; resolve: (c: ConnectorCall) => void }[] = [];
  /** activity id → conversation id, for every activity this service issued. */
  const issued = new Map<string, string>();

  const record = (call: ConnectorCall) => {
    calls.push(call);
    for (const w of [...waiters]) {
      if (w.match(call)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    // The connector client joins serviceUrl and path; collapse a doubled slash as the real front door does.
    const path = url.pathname.replace(/\/{2,}/g, '/');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const authorization = req.headers.authorization;

    const conv = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    const create = path === '/v3/conversations';
    if (!(conv || create) || !(method === 'POST' || (method === 'PUT' && conv?.[2]))) {
      return fail(res, 404, 'NotFound', `No route for ${method} ${path}`);
    }
    const conversationId = conv ? decodeURIComponent(conv[1]!) : undefined;
    const activityId = conv?.[2] ? decodeURIComponent(conv[2]) : undefined;
    const kind: ConnectorCallKind = create
      ? 'createConversation'
      : method === 'PUT'
        ? 'update'
        : activityId
          ? 'reply'
          : 'send';

    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = undefined;
    }
    const base = { kind, method: method as 'POST' | 'PUT', path, conversationId, activityId, body, authorization };

    if (opts.requireAuth && !/^bearer\s+\S+/i.test(authorization ?? '')) {
      record({ ...base, status: 401 });
      return fail(res, 401, 'Unauthorized', 'Authorization has been denied for this request.');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      record({ ...base, status: 400 });
      return fail(res, 400, 'BadArgument', 'The request body is not a JSON object.');
    }
    const b = body as Record<string, unknown>;

    if (create) {
      if (!b.bot && !b.channelData) {
        record({ ...base, status: 400 });
        return fail(res, 400, 'BadArgument', 'Conversation parameters need bot or channelData.');
      }
      const id = `a:${randomUUID()}`;
      record({ ...base, status: 201, responseId: id });
      return json(res, 201, { id });
    }
    if (typeof b.type !== 'string' || b.type === '') {
      record({ ...base, status: 400 });
      return fail(res, 400, 'BadArgument', 'Activity type is required.');
    }
    if (raw.length > MAX_MESSAGE_BYTES) {
      record({ ...base, status: 413 });
      return fail(res, 413, 'MessageSizeTooBig', 'Message size too large.');
    }
    if (kind === 'update') {
      const owner = issued.get(activityId!);
      // A channel message can be named with the channel id or with its thread's id (";messageid=").
      if (owner === undefined || threadless(owner) !== threadless(conversationId!)) {
        record({ ...base, status: 404 });
        return fail(
          res,
          404,
          'ActivityNotFoundInConversation',
          'The activity to update was not found in this conversation.',
        );
      }
      record({ ...base, status: 200, responseId: activityId });
      return json(res, 200, { id: activityId });
    }
    const id = `1${Date.now()}${Math.floor(Math.random() * 1000)}`;
    issued.set(id, conversationId!);
    record({ ...base, status: 201, responseId: id });
    return json(res, 201, { id });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => fail(res, 500, 'ServiceError', String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    accepted: () => calls.filter((c) => c.status < 300),
    waitFor: (match) =>
      new Promise((resolve) => {
        const done = calls.find(match);
        if (done) return resolve(done);
        waiters.push({ match, resolve });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
