import { App, ExpressReceiver, HTTPModuleFunctions, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { proxiedFetch, proxyDispatcher } from '../net/proxy.js';
import { boltLogger } from './bolt-logger.js';

/**
 * The largest request body Slack's HTTP mode takes (checked before the signature): our payloads are a modal of a
 * few 300-character inputs (the view comes back whole, a few kB) or a button on one of our own messages (at most
 * 50 blocks of our text); Bolt's own default is 4 MB.
 */
export const SLACK_BODY_LIMIT_BYTES = 128 * 1024;

export interface BoltSettings {
  botToken: string;
  /** Required in HTTP mode; Socket Mode needs none. */
  signingSecret?: string;
  /** xapp- token: Socket Mode instead of HTTP for Slack's requests. */
  appToken?: string;
  /** The Web API base, e.g. a local fake in tests; must end in `/`. */
  apiUrl?: string;
  logger: Logger;
  /** Defaults to Slack's fiveRetriesInFiveMinutes; tests pass a faster policy. */
  retryConfig?: webApi.RetryOptions;
}

export interface BoltParts {
  app: App;
  /** HTTP mode only: its router serves POST /slack/events on our one server. */
  receiver?: ExpressReceiver;
  /** The Web API client's settings (API URL, proxy, retries), for a second client with other retries. */
  clientOptions: webApi.WebClientOptions;
}

/**
 * The Bolt app. Signature verification stays on (the receiver answers 401 to a forged or stale request
 * before any listener runs). The receiver never listens itself: its router is mounted on our server.
 */
export function createBoltApp(s: BoltSettings): BoltParts {
  const logger = boltLogger(s.logger, [s.botToken, s.signingSecret ?? '', s.appToken ?? '']);
  const clientOptions: webApi.WebClientOptions = {
    // Slack's Web API client retries 429 (honouring Retry-After) and 5xx by itself; an admin is waiting, so
    // the five-minute policy rather than the default half hour.
    retryConfig: s.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes,
    ...(s.apiUrl ? { slackApiUrl: s.apiUrl.endsWith('/') ? s.apiUrl : `${s.apiUrl}/` } : {}),
  };
  // HTTPS_PROXY / NO_PROXY: the Web API client is fetch-based and takes a fetch that goes through the proxy.
  const dispatcher = proxyDispatcher();
  if (dispatcher) clientOptions.fetch = proxiedFetch();
  const common = {
    token: s.botToken,
    logger,
    clientOptions,
    convoStore: false as const,
    // auth.test runs in start(), against the configured API, not in the constructor.
    deferInitialization: true,
  };
  if (s.appToken) {
    // The socket (a WebSocket) takes the proxy as an undici dispatcher.
    const socket = new SocketModeReceiver({
      appToken: s.appToken,
      logger,
      // apps.connections.open goes through the same API URL and proxy as every other call.
      installerOptions: { clientOptions },
      ...(dispatcher ? { dispatcher } : {}),
    });
    return { app: new App({ ...common, receiver: socket }), clientOptions };
  }
  if (!s.signingSecret) throw new Error('Slack over HTTP needs SLACK_SIGNING_SECRET');
  const receiver = new ExpressReceiver({
    signingSecret: s.signingSecret,
    logger,
    endpoints: '/slack/events',
    // Ack first, work after: Slack wants every answer within 3 s.
    processBeforeResponse: false,
    // Bodies sent without Content-Length (chunked) stop here; the rest are refused before Bolt reads (index.ts).
    bodyLimit: SLACK_BODY_LIMIT_BYTES,
    // A correctly signed payload Bolt cannot read (a view_submission with no view, say) fails inside Bolt with
    // a TypeError before any listener acks: that is the sender's mistake, 400 and a warning, not a 500 and an
    // error line. Anything else keeps Bolt's handling.
    processEventErrorHandler: async (args) => {
      if (!args.response.headersSent && args.error instanceof TypeError) {
        s.logger.warn({ err: args.error.message }, 'Slack request refused: a payload Bolt cannot read');
        args.response.writeHead(400);
        args.response.end();
        return true;
      }
      return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
    },
    // A signed request no listener acknowledged (a payload type this app does not handle): Bolt answers it
    // itself after its 3 s wait; a warning, since it is the sender's request and not our fault.
    unhandledRequestHandler: ({ response }) => {
      s.logger.warn('Slack request not acknowledged by any listener (a payload type this app does not handle)');
      if (!response.headersSent) {
        response.writeHead(404);
        response.end();
      }
    },
  });
  return { app: new App({ ...common, receiver }), receiver, clientOptions };
}

/**
 * The client that re-publishes Home tabs in the background: it refuses a rate-limited call at once
 * (rejectRateLimitedCalls) so the HomeRefresher waits Retry-After on a timer instead of a call hanging in
 * the client's own retries; 5xx and network errors are retried briefly.
 */
export function homePublishClient(s: Pick<BoltSettings, 'botToken' | 'apiUrl' | 'logger'>): webApi.WebClient {
  return new webApi.WebClient(s.botToken, {
    logger: boltLogger(s.logger, [s.botToken]),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    ...(s.apiUrl ? { slackApiUrl: s.apiUrl.endsWith('/') ? s.apiUrl : `${s.apiUrl}/` } : {}),
  });
}
