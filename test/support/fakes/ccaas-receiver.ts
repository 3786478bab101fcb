/*
 * A CCaaS webhook receiver for tests, as a contact center would run one: it verifies the signature exactly as
 * docs/ccaas.md tells receivers to (its own code, not aco-connect's signer), refuses bad or stale signatures
 * with 401, and records every request. A test can make it fail: answer given statuses (500, 429 + Retry-After,
 * 400), hold requests unanswered, or go down (port closed) and come back on the same port.
 *
 * Plain TypeScript, no test-runner imports.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What docs/ccaas.md shows a receiver doing, line for line. */
export function verifyCcaasSignature(
  secret: string,
  headers: IncomingHttpHeaders,
  rawBody: string,
  nowSeconds: number,
): boolean {
  const timestamp = String(headers['aco-connect-timestamp'] ?? '');
  const signature = String(headers['aco-connect-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

export interface ReceivedDelivery {
  deliveryId: string;
  event: string;
  timestamp: number;
  verified: boolean;
  rawBody: string;
  /** The parsed body (null when not JSON). */
  body: { id: string; type: string; tenant: string; sequence: number; createdAt: string; data: any } | null;
  /** What the receiver answered; undefined while held or when the socket was destroyed. */
  status?: number;
}

export type Reply = { status: number; headers?: Record<string, string>; delayMs?: number } | 'hang' | 'destroy';
export type Behaviour = (d: ReceivedDelivery, n: number) => Reply | undefined;

export interface CcaasReceiver {
  url: string;
  port: number;
  secret: string;
  /** Every request, in arrival order. */
  received: ReceivedDelivery[];
  /** Verified requests answered 2xx, in order: what the CCaaS took in. */
  accepted(): ReceivedDelivery[];
  /** Replaces the behaviour (undefined from it = the default: 200 when verified, 401 otherwise). */
  behave(fn: Behaviour | undefined): void;
  /** The next `times` verified requests get `status` (with headers); then back to normal. */
  failNext(times: number, status: number, headers?: Record<string, string>): void;
  /** Answers every request held by 'hang' with this status. */
  releaseHeld(status?: number): void;
  /** Closes the port (connections refused) until back(). */
  down(): Promise<void>;
  back(): Promise<void>;
  /** Resolves once `predicate(received)` holds; re-checked on every request. */
  waitFor(predicate: (received: ReceivedDelivery[]) => boolean, what?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startCcaasReceiver(opts: {
  secret: string;
  now?: () => number;
  port?: number;
}): Promise<CcaasReceiver> {
  const now = opts.now ?? Date.now;
  const received: ReceivedDelivery[] = [];
  const held: { res: ServerResponse; d: ReceivedDelivery }[] = [];
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  let behaviour: Behaviour | undefined;
  let verifiedCount = 0;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: ReceivedDelivery['body'] = null;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = null;
      }
      const d: ReceivedDelivery = {
        deliveryId: String(req.headers['aco-connect-delivery-id'] ?? ''),
        event: String(req.headers['aco-connect-event'] ?? ''),
        timestamp: Number(req.headers['aco-connect-timestamp'] ?? NaN),
        verified:
          req.method === 'POST' && verifyCcaasSignature(opts.secret, req.headers, rawBody, Math.floor(now() / 1000)),
        rawBody,
        body,
      };
      received.push(d);
      let reply: Reply = d.verified ? { status: 200 } : { status: 401 };
      if (d.verified) {
        verifiedCount++;
        reply = behaviour?.(d, verifiedCount) ?? reply;
      }
      if (reply === 'hang') held.push({ res, d });
      else if (reply === 'destroy') req.socket.destroy();
      else {
        const { status, headers, delayMs } = reply;
        const answer = () => {
          d.status = status;
          res
            .writeHead(status, { 'content-type': 'application/json', ...headers })
            .end(JSON.stringify({ ok: status < 300 }));
          for (const w of [...waiters]) w();
        };
        if (delayMs) setTimeout(answer, delayMs);
        else answer();
      }
      for (const w of [...waiters]) w();
    });
  };

  let server = http.createServer(onRequest);
  const track = (s: http.Server) =>
    s.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  track(server);
  const listen = (s: http.Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve((s.address() as AddressInfo).port));
    });
  const port = await listen(server, opts.port ?? 0);
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      held.length = 0;
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  const failQueue: { status: number; headers?: Record<string, string> }[] = [];
  return {
    url: `http://127.0.0.1:${port}/hooks/aco-connect`,
    port,
    secret: opts.secret,
    received,
    accepted: () => received.filter((d) => d.verified && d.status !== undefined && d.status >= 200 && d.status < 300),
    behave(fn) {
      behaviour = fn;
    },
    failNext(times, status, headers) {
      for (let i = 0; i < times; i++) failQueue.push({ status, headers });
      behaviour = () => failQueue.shift();
    },
    releaseHeld(status = 200) {
      for (const { res, d } of held.splice(0)) {
        d.status = status;
        res.writeHead(status).end();
      }
    },
    down: stop,
    async back() {
      server = http.createServer(onRequest);
      track(server);
      await listen(server, port);
    },
    waitFor(predicate, what = 'condition') {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(received)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        // A bound, not an assertion on speed: without it a broken deliverer would hang the suite.
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`receiver: gave up waiting for ${what}; got ${received.length} request(s)`));
        }, 20_000);
        waiters.add(check);
        check();
      });
    },
    close: stop,
  };
}
