import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Component } from '../core/component.js';
import { storeUnavailable, UnreadableRecordError } from '../core/ports.js';
import {
  problemType,
  retryAfterSeconds,
  sendProblem,
  storeUnavailableProblem,
  unreadableRecordProblem,
} from './problem.js';
import { errorMessage } from '../error-message.js';

export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 15_000;

/** A component whose routes go on this server (src/core/component.ts). */
export type HttpComponent = Component<Express>;

export interface HttpServer {
  app: Express;
  server: Server;
  listen(port: number, host: string): Promise<{ port: number; url: string }>;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then closes idle sockets. */
  close(graceMs?: number): Promise<void>;
}

export function createHttpServer(deps: {
  logger: Logger;
  components: HttpComponent[];
  /** TRUST_PROXY: which proxies in front may name the client address; default none (the socket's address). */
  trustProxy?: false | number | string[];
}): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  for (const c of deps.components) c.mount?.(app);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  // Express needs the four-argument signature to recognise an error handler.
  app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const unavailable = storeUnavailable(err);
    if (unavailable) {
      // An outage, not a bug: one warning per request at most (the store logs its own errors throttled).
      deps.logger.warn({ path: req.path, err: unavailable.message }, 'request failed: store unavailable');
      if (!res.headersSent) {
        sendProblem(res, storeUnavailableProblem, { 'Retry-After': retryAfterSeconds(unavailable.retryAfterMs) });
      }
      return;
    }
    if (err instanceof UnreadableRecordError) {
      deps.logger.error({ path: req.path, err: err.message }, 'stored data cannot be decrypted');
      if (!res.headersSent) sendProblem(res, unreadableRecordProblem);
      return;
    }
    deps.logger.error({ err: errorMessage(err) }, 'unhandled request error');
    if (!res.headersSent) {
      sendProblem(res, {
        type: problemType('internal-error'),
        title: 'Internal error',
        status: 500,
        detail: 'aco-connect could not complete the request; see its log.',
      });
    }
  });

  // Slow clients end: the headers within 10 s and the whole request (headers and body)
  // within 15 s of its first byte, or Node answers 408 and closes; checked every second, not every 30 s. Slack
  // and Teams send small bodies at once (Slack retries after 3 s anyway), well inside both. A response that
  // takes long (a handler waiting on ACO) is not limited: the clock stops when the request has arrived.
  const server = createServer(
    { requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 1_000 },
    app,
  );
  let draining = false;
  // While draining, every answer closes its connection, so keep-alive clients don't hold the process open.
  server.on('request', (_req, res) => {
    if (draining) res.setHeader('Connection', 'close');
  });
  // Slack and Teams retry on slow answers; keep sockets short-lived but longer than any ack.
  server.keepAliveTimeout = 5_000;

  return {
    app,
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const addr = server.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
          resolve({ port: addr.port, url: `http://${shownHost}:${addr.port}` });
        });
      }),
    close: (graceMs = 10_000) =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        draining = true;
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        // A connection that finishes its last request after close() began is idle only from then on.
        const sweep = setInterval(() => server.closeIdleConnections(), 100);
        sweep.unref();
        server.close(() => {
          clearTimeout(timer);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
