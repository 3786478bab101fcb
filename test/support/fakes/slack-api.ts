import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homeViolations, messageViolations, modalViolations } from '../slack/limits.js';
import { SocketModeEndpoint } from './slack-socket-mode.js';

/*
 * A stand-in for Slack's Web API (https://slack.com/api/<method>) on 127.0.0.1. It answers the way Slack
 * does — HTTP 200 with `ok: false` and an error code for refusals, 429 with Retry-After when rate limited —
 * checks the bot token, refuses payloads beyond Block Kit's limits, enforces single-use 3-second trigger
 * ids, keeps the messages it was sent (so chat.update has something to update) and each user's Home tab
 * (views.publish: type home, 100 blocks, hash checked, not_enabled while the Home tab is off), can rate limit a
 * method the way Slack's tiers do (429 with Retry-After once a minute's allowance is spent), and records every call.
 * Response URLs (`respond()`) and the Socket Mode WebSocket are served here too.
 */

export interface FakeSlackUser {
  id: string;
  name: string;
  real_name?: string;
  display_name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  deleted?: boolean;
}

export interface FakeChannel {
  id: string;
  /** Whether the bot is a member; posting elsewhere answers not_in_channel. */
  member: boolean;
  archived?: boolean;
  /** Shown by conversations.info; default the id in lower case. */
  name?: string;
  /** A private channel the bot is not in is invisible to it: conversations.info answers channel_not_found. */
  private?: boolean;
}

/** One Web API call as Slack received it. */
export interface RecordedCall {
  seq: number;
  method: string;
  /** Form fields (or JSON body) as sent; `blocks`/`view` stay JSON strings as the client sends them. */
  params: Record<string, string>;
  /** `blocks`, `view` and `attachments` parsed back into objects, when present. */
  json: Record<string, unknown>;
  /** What the fake answered: the body and HTTP status. */
  status: number;
  response: Record<string, unknown>;
  /** Authorization header scheme + whether the token matched; never the token itself. */
  authorized: boolean;
}

/** A POST to a response_url (Bolt's `respond()`). */
export interface RecordedResponse {
  seq: number;
  id: string;
  body: Record<string, unknown>;
}

export type Fault =
  | { error: string; times?: number }
  | { status: 429; retryAfter: number; times?: number }
  | { status: 500 | 502 | 503; times?: number };

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  updates: number;
}

interface StoredView {
  id: string;
  hash: string;
  view: Record<string, unknown>;
}

export interface FakeSlackOptions {
  botToken: string;
  /** xapp- token accepted by apps.connections.open (Socket Mode). */
  appToken?: string;
  teamId?: string;
  users?: FakeSlackUser[];
  channels?: FakeChannel[];
  /** How long a trigger_id lives; Slack's is 3 s. */
  triggerTtlMs?: number;
  /** The manifest's features.app_home.home_tab_enabled; views.publish answers not_enabled when false. Default true. */
  homeTabEnabled?: boolean;
  /** Calls per minute per method before 429 + Retry-After (Slack's tiers; views.publish is Tier 4, 100+). */
  rateLimits?: Record<string, number>;
}

const JSON_FIELDS = ['blocks', 'view', 'attachments'];

export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly teamId: string;
  readonly botUserId = 'UBOTACO01';
  readonly socket: SocketModeEndpoint;
  private readonly users = new Map<string, FakeSlackUser>();
  private readonly channels = new Map<string, FakeChannel>();
  private readonly views = new Map<string, StoredView>();
  private readonly homes = new Map<string, StoredView>();
  private readonly windows = new Map<string, number[]>();
  private readonly perMinute = new Map<string, number>();
  private readonly triggers = new Map<string, { issuedAt: number; used: boolean }>();
  private readonly faults = new Map<string, Fault[]>();
  private readonly waiters = new Set<() => void>();
  private seq = 0;
  private tsCounter = 0;
  private url_ = '';

  private constructor(
    private readonly server: Server,
    private readonly opts: FakeSlackOptions,
  ) {
    this.teamId = opts.teamId ?? 'T0ACOTEST';
    for (const u of opts.users ?? []) this.users.set(u.id, u);
    for (const c of opts.channels ?? []) this.channels.set(c.id, c);
    for (const [method, n] of Object.entries(opts.rateLimits ?? {})) this.perMinute.set(method, n);
    this.socket = new SocketModeEndpoint(server, () => this.notify());
  }

  static async start(opts: FakeSlackOptions): Promise<FakeSlackApi> {
    const server = createServer();
    const fake = new FakeSlackApi(server, opts);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.url_ = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  get url(): string {
    return this.url_;
  }

  /** What SLACK_API_URL points at. */
  get apiUrl(): string {
    return `${this.url_}/api/`;
  }

  async close(): Promise<void> {
    this.socket.closeAll();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /* ---- test controls ---- */

  addUser(user: FakeSlackUser): void {
    this.users.set(user.id, user);
  }

  addChannel(channel: FakeChannel): void {
    this.channels.set(channel.id, channel);
  }

  removeChannel(id: string): void {
    this.channels.delete(id);
  }

  /** A trigger_id as Slack puts in a command or a click; valid once, for triggerTtlMs. */
  triggerId(): string {
    const id = `${Date.now()}.${randomBytes(6).toString('hex')}`;
    this.triggers.set(id, { issuedAt: Date.now(), used: false });
    return id;
  }

  /** A response_url as Slack puts in a command or a click. */
  responseUrl(): string {
    return `${this.url_}/commands/${this.teamId}/${randomBytes(6).toString('hex')}`;
  }

  /** The next call(s) to `method` fail this way (Slack error code, 429 with Retry-After, or 5xx). */
  fail(method: string, fault: Fault): void {
    const list = this.faults.get(method) ?? [];
    list.push({ ...fault, times: fault.times ?? 1 });
    this.faults.set(method, list);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Successful calls only. */
  okCallsTo(method: string): RecordedCall[] {
    return this.callsTo(method).filter((c) => c.response.ok === true);
  }

  /** The Home tab Slack shows this user now (the last view published for them). */
  homeOf(userId: string): Record<string, unknown> | undefined {
    return this.homes.get(userId)?.view;
  }

  /** Changes how many calls a minute `method` takes before 429 (Slack's tiers); undefined lifts the limit. */
  rateLimit(method: string, perMinute: number | undefined): void {
    if (perMinute === undefined) this.perMinute.delete(method);
    else this.perMinute.set(method, perMinute);
    this.windows.delete(method);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(`${channel}/${ts}`);
  }

  /** Every Block Kit payload the app sent, for the limits check: [kind, payload, where]. */
  payloads(): Array<{ kind: 'message' | 'modal' | 'home'; payload: Record<string, unknown>; where: string }> {
    const out: Array<{ kind: 'message' | 'modal' | 'home'; payload: Record<string, unknown>; where: string }> = [];
    for (const c of this.calls) {
      if (['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method)) {
        out.push({
          kind: 'message',
          payload: { text: c.params.text, blocks: c.json.blocks },
          where: `${c.method}#${c.seq}`,
        });
      }
      if ((c.method === 'views.open' || c.method === 'views.update') && c.json.view) {
        out.push({ kind: 'modal', payload: c.json.view as Record<string, unknown>, where: `${c.method}#${c.seq}` });
      }
      if (c.method === 'views.publish' && c.json.view) {
        out.push({ kind: 'home', payload: c.json.view as Record<string, unknown>, where: `${c.method}#${c.seq}` });
      }
    }
    for (const r of this.responses) out.push({ kind: 'message', payload: r.body, where: `response_url#${r.seq}` });
    return out;
  }

  /**
   * Resolves with the first recorded call or response that matches, now or when it arrives; the app acks
   * Slack before it works, so tests wait for the effect rather than for the HTTP answer.
   */
  waitFor<T>(find: () => T | undefined, what: string, guardMs = 10_000): Promise<T> {
    const now = find();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      // A hang guard, not a timing assertion: it only turns a missing effect into a readable failure.
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(`fake Slack never saw: ${what}. Calls: ${this.calls.map((c) => c.method).join(', ') || 'none'}`),
        );
      }, guardMs);
      this.waiters.add(check);
    });
  }

  /** Waits for the n-th successful call to a method (1-based). */
  waitForCall(method: string, n = 1, where?: (c: RecordedCall) => boolean): Promise<RecordedCall> {
    return this.waitFor(() => this.okCallsTo(method).filter((c) => !where || where(c))[n - 1], `${method} #${n}`);
  }

  waitForResponse(n = 1): Promise<RecordedResponse> {
    return this.waitFor(() => this.responses[n - 1], `response_url post #${n}`);
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  /* ---- HTTP ---- */

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname.startsWith('/commands/'))
      return this.handleResponseUrl(url.pathname, body, res);
    const m = /^\/api\/([a-zA-Z.]+)$/.exec(url.pathname);
    if (req.method !== 'POST' || !m) {
      res.writeHead(404).end();
      return;
    }
    const method = m[1]!;
    const params = parseParams(req.headers['content-type'] ?? '', body);
    const json: Record<string, unknown> = {};
    for (const k of JSON_FIELDS) {
      if (typeof params[k] === 'string') {
        try {
          json[k] = JSON.parse(params[k]);
        } catch {
          json[k] = null;
        }
      }
    }
    const token = bearer(req.headers.authorization) ?? params.token;
    const expected = method === 'apps.connections.open' ? this.opts.appToken : this.opts.botToken;
    const authorized = !!token && token === expected;
    const { status, response, headers } = this.answer(method, params, json, token, authorized);
    this.calls.push({ seq: ++this.seq, method, params, json, status, response, authorized });
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(response));
    this.notify();
  }

  private handleResponseUrl(path: string, body: string, res: ServerResponse): void {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('invalid_payload');
      return;
    }
    if (messageViolations(parsed).length > 0) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('invalid_blocks');
      return;
    }
    this.responses.push({ seq: ++this.seq, id: path.split('/').pop() ?? '', body: parsed });
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    this.notify();
  }

  private takeFault(method: string): Fault | undefined {
    const list = this.faults.get(method);
    const f = list?.[0];
    if (!f) return undefined;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) list!.shift();
    return f;
  }

  private answer(
    method: string,
    p: Record<string, string>,
    json: Record<string, unknown>,
    token: string | undefined,
    authorized: boolean,
  ): { status: number; response: Record<string, unknown>; headers?: Record<string, string> } {
    const err = (error: string, extra: Record<string, unknown> = {}) => ({
      status: 200,
      response: { ok: false, error, ...extra },
    });
    const ok = (extra: Record<string, unknown> = {}) => ({ status: 200, response: { ok: true, ...extra } });
    if (!token) return err('not_authed');
    if (!authorized) return err('invalid_auth');

    const fault = this.takeFault(method);
    if (fault && 'error' in fault) return err(fault.error);
    if (fault && fault.status === 429) {
      return {
        status: 429,
        response: { ok: false, error: 'ratelimited' },
        headers: { 'Retry-After': String(fault.retryAfter) },
      };
    }
    if (fault) return { status: fault.status, response: { ok: false, error: 'fatal_error' } };
    const wait = this.rateLimited(method);
    if (wait !== undefined) {
      return { status: 429, response: { ok: false, error: 'ratelimited' }, headers: { 'Retry-After': String(wait) } };
    }

    switch (method) {
      case 'auth.test':
        return ok({
          url: 'https://aco-test.slack.com/',
          team: 'ACO Test',
          user: 'aco-connect',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: 'B0ACOBOT1',
        });
      case 'users.info': {
        const u = this.users.get(p.user ?? '');
        if (!u) return err('user_not_found');
        return ok({
          user: {
            id: u.id,
            team_id: this.teamId,
            name: u.name,
            deleted: u.deleted ?? false,
            real_name: u.real_name ?? u.name,
            is_admin: u.is_admin ?? false,
            is_owner: u.is_owner ?? false,
            is_primary_owner: u.is_primary_owner ?? false,
            is_bot: false,
            profile: { real_name: u.real_name ?? u.name, display_name: u.display_name ?? '' },
          },
        });
      }
      case 'conversations.open': {
        const ids = (p.users ?? '').split(',').filter(Boolean);
        if (ids.length !== 1) return err(ids.length === 0 ? 'users_list_not_supplied' : 'not_enough_users');
        if (!this.users.has(ids[0]!)) return err('user_not_found');
        const id = `D${ids[0]!.slice(1)}`;
        if (!this.channels.has(id)) this.channels.set(id, { id, member: true });
        return ok({ channel: { id } });
      }
      case 'conversations.info': {
        // As documented: the channel object with is_member for the calling bot; a private channel the bot is
        // not in is not visible to it at all.
        const channel = this.channels.get(p.channel ?? '');
        if (!channel || (channel.private && !channel.member)) return err('channel_not_found');
        const im = channel.id.startsWith('D');
        return ok({
          channel: {
            id: channel.id,
            ...(im ? { user: `U${channel.id.slice(1)}` } : { name: channel.name ?? channel.id.toLowerCase() }),
            is_channel: !im && !channel.private,
            is_group: !im && !!channel.private,
            is_im: im,
            is_mpim: false,
            is_private: im || !!channel.private,
            is_archived: !!channel.archived,
            ...(im ? {} : { is_member: channel.member }),
          },
        });
      }
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        const channel = this.channels.get(p.channel ?? '');
        if (!channel) return err('channel_not_found');
        if (channel.archived) return err('is_archived');
        if (!channel.member) return err('not_in_channel');
        const invalid = this.invalidMessage(p, json);
        if (invalid) return invalid;
        if (method === 'chat.postEphemeral') {
          if (!this.users.has(p.user ?? '')) return err('user_not_found');
          return ok({ message_ts: this.nextTs() });
        }
        const ts = this.nextTs();
        this.messages.set(`${channel.id}/${ts}`, {
          channel: channel.id,
          ts,
          text: p.text,
          blocks: json.blocks as unknown[],
          updates: 0,
        });
        return ok({
          channel: channel.id,
          ts,
          message: { type: 'message', text: p.text ?? '', bot_id: 'B0ACOBOT1', ts },
        });
      }
      case 'chat.update': {
        const stored = this.messages.get(`${p.channel}/${p.ts}`);
        if (!this.channels.has(p.channel ?? '')) return err('channel_not_found');
        if (!stored) return err('message_not_found');
        const invalid = this.invalidMessage(p, json);
        if (invalid) return invalid;
        stored.text = p.text;
        stored.blocks = json.blocks as unknown[];
        stored.updates += 1;
        return ok({ channel: stored.channel, ts: stored.ts, text: p.text ?? '' });
      }
      case 'views.open': {
        const t = this.triggers.get(p.trigger_id ?? '');
        if (!t) return err('invalid_trigger_id');
        if (t.used) return err('invalid_trigger_id');
        if (Date.now() - t.issuedAt > (this.opts.triggerTtlMs ?? 3000)) return err('expired_trigger_id');
        t.used = true;
        const invalid = this.invalidView(json);
        if (invalid) return invalid;
        const stored: StoredView = {
          id: `V${randomBytes(5).toString('hex').toUpperCase()}`,
          hash: randomBytes(8).toString('hex'),
          view: json.view as Record<string, unknown>,
        };
        this.views.set(stored.id, stored);
        return ok({ view: { ...stored.view, id: stored.id, hash: stored.hash, team_id: this.teamId } });
      }
      case 'views.update': {
        const stored = this.views.get(p.view_id ?? '');
        if (!stored) return err('not_found');
        if (p.hash && p.hash !== stored.hash) return err('hash_conflict');
        const invalid = this.invalidView(json);
        if (invalid) return invalid;
        stored.view = json.view as Record<string, unknown>;
        stored.hash = randomBytes(8).toString('hex');
        return ok({ view: { ...stored.view, id: stored.id, hash: stored.hash, team_id: this.teamId } });
      }
      case 'views.publish': {
        if (this.opts.homeTabEnabled === false) return err('not_enabled');
        const user = p.user_id ?? '';
        if (!this.users.has(user))
          return err('invalid_arguments', { response_metadata: { messages: ['invalid `user_id`'] } });
        const invalid = this.invalidHome(json);
        if (invalid) return invalid;
        const previous = this.homes.get(user);
        if (p.hash && previous && p.hash !== previous.hash) return err('hash_conflict');
        const stored: StoredView = {
          id: previous?.id ?? `V${randomBytes(5).toString('hex').toUpperCase()}`,
          hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
          view: json.view as Record<string, unknown>,
        };
        this.homes.set(user, stored);
        return ok({ view: { ...stored.view, id: stored.id, hash: stored.hash, team_id: this.teamId } });
      }
      case 'apps.connections.open':
        return ok({ url: this.socket.newConnectionUrl(this.url_) });
      default:
        return err('unknown_method');
    }
  }

  private invalidMessage(p: Record<string, string>, json: Record<string, unknown>) {
    if (p.blocks !== undefined && json.blocks === null)
      return { status: 200, response: { ok: false, error: 'invalid_blocks_format' } };
    if (!p.text && p.blocks === undefined) return { status: 200, response: { ok: false, error: 'no_text' } };
    const v = messageViolations({ text: p.text, blocks: json.blocks });
    return v.length > 0
      ? {
          status: 200,
          response: {
            ok: false,
            error: 'invalid_blocks',
            response_metadata: { messages: v.map((m) => `[ERROR] ${m}`) },
          },
        }
      : undefined;
  }

  private invalidView(json: Record<string, unknown>) {
    const view = json.view;
    if (!view || typeof view !== 'object') return { status: 200, response: { ok: false, error: 'invalid_arguments' } };
    const v = modalViolations(view as Record<string, unknown>);
    return v.length > 0
      ? {
          status: 200,
          response: {
            ok: false,
            error: 'invalid_arguments',
            response_metadata: { messages: v.map((m) => `[ERROR] ${m}`) },
          },
        }
      : undefined;
  }

  private invalidHome(json: Record<string, unknown>) {
    const view = json.view;
    if (!view || typeof view !== 'object') return { status: 200, response: { ok: false, error: 'invalid_arguments' } };
    const v = homeViolations(view as Record<string, unknown>);
    if (v.some((m) => m.includes('bytes >'))) return { status: 200, response: { ok: false, error: 'view_too_large' } };
    return v.length > 0
      ? {
          status: 200,
          response: {
            ok: false,
            error: 'invalid_arguments',
            response_metadata: { messages: v.map((m) => `[ERROR] ${m}`) },
          },
        }
      : undefined;
  }

  /**
   * A sliding minute per method, as Slack's tiers count: past the allowance the call is refused (and not
   * counted) with Retry-After, the whole seconds until the oldest counted call leaves the window.
   */
  private rateLimited(method: string): number | undefined {
    const perMinute = this.perMinute.get(method);
    if (perMinute === undefined) return undefined;
    const now = Date.now();
    const window = (this.windows.get(method) ?? []).filter((t) => now - t < 60_000);
    this.windows.set(method, window);
    if (window.length >= perMinute) return Math.max(1, Math.ceil((window[0]! + 60_000 - now) / 1000));
    window.push(now);
    return undefined;
  }

  /** Slack message timestamps: seconds.micro, unique per message. */
  private nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseParams(contentType: string, body: string): Record<string, string> {
  if (contentType.includes('application/json')) {
    const parsed = JSON.parse(body || '{}') as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );
  }
  return Object.fromEntries(new URLSearchParams(body));
}

function bearer(header: string | undefined): string | undefined {
  const m = /^bearer\s+(.+)$/i.exec(header ?? '');
  return m?.[1];
}
