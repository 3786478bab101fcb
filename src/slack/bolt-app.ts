import { App, ExpressReceiver, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { boltLogger } from './bolt-logger.js';

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
  const common = {
    token: s.botToken,
    logger,
    clientOptions,
    convoStore: false as const,
    // auth.test runs in start(), against the configured API, not in the constructor.
    deferInitialization: true,
  };
  if (s.appToken) {
    return { app: new App({ ...common, socketMode: true, appToken: s.appToken }) };
  }
  if (!s.signingSecret) throw new Error('Slack over HTTP needs SLACK_SIGNING_SECRET');
  const receiver = new ExpressReceiver({
    signingSecret: s.signingSecret,
    logger,
    endpoints: '/slack/events',
    // Ack first, work after: Slack wants every answer within 3 s.
    processBeforeResponse: false,
  });
  return { app: new App({ ...common, receiver }), receiver };
}
