import { webApi } from '@slack/bolt';
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Component } from '../core/component.js';
import type { CoreEvents } from '../core/events.js';
import type { Store } from '../core/ports.js';
import type { ConnectionWorkflow } from '../core/workflow.js';
import { AdminNotifier } from './admin-notifier.js';
import { AdminVerdicts } from './admin-verdicts.js';
import { createBoltApp, homePublishClient, SLACK_BODY_LIMIT_BYTES } from './bolt-app.js';
import type { SlackContext } from './context.js';
import { HomeRefresher } from './home/home-refresher.js';
import { HomeViewers } from './home/home-viewers.js';
import { subscribeToCoreEvents } from './core-events/index.js';
import { registerListeners } from './listeners/index.js';
import { SlackTokenWatch } from './token-check.js';
import { slackInteractionKind, type SlackInteractionObserver } from './interaction-kind.js';

export type { SlackInteractionObserver };

export interface SlackComponentDeps {
  config: Config;
  workflow: ConnectionWorkflow;
  events: CoreEvents;
  store: Store;
  logger: Logger;
  /** Tests pass a fast policy; production uses Slack's recommended one. */
  retryConfig?: webApi.RetryOptions;
  /** Wait this long for the form before opening a placeholder; default FORM_BUDGET_MS (settings-modal-flow.ts). */
  formBudgetMs?: number;
  /** Reuse of an admin's users.info yes; default 10 s (admin-check.ts). */
  adminVerdictTtlMs?: number;
  /** Time for the admin verdicts; tests drive it. */
  now?: () => number;
  /** First retry of an unreachable auth.test; default 2 s, doubling up to a minute. */
  tokenRetryFirstDelayMs?: number;
  /** Told every request Slack sent, by kind, once the listeners are done (metrics). */
  onInteraction?: SlackInteractionObserver;
}

export interface SlackComponent extends Component<Express> {
  /** Resolves once the token is verified or refused (tests). */
  settled(): Promise<void>;
}

/** Why Slack is off, or undefined when it can run. */
export function slackDisabledReason(config: Config): string | undefined {
  if (!config.SLACK_BOT_TOKEN) return 'Slack is off: SLACK_BOT_TOKEN is not set';
  // HTTP mode verifies every request with the signing secret; Socket Mode needs none (config.ts checks).
  if (!config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN)
    return 'Slack is off: SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) is not set';
  return undefined;
}

/**
 * The Slack adapter as one component: in HTTP mode its routes sit on our server at POST /slack/events;
 * with SLACK_APP_TOKEN it holds a Socket Mode connection instead. It follows the core's events for
 * `slack:` tenants while started.
 */
export function createSlackComponent(deps: SlackComponentDeps): SlackComponent {
  const { config } = deps;
  const off = slackDisabledReason(config);
  if (off || !config.SLACK_BOT_TOKEN) throw new Error(off);
  const logger = deps.logger.child({ component: 'slack' });
  const { app, receiver, clientOptions } = createBoltApp({
    botToken: config.SLACK_BOT_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    appToken: config.SLACK_APP_TOKEN,
    apiUrl: config.SLACK_API_URL,
    logger: deps.logger,
    retryConfig: deps.retryConfig,
  });
  const homeViewers = new HomeViewers(deps.store);
  const homeRefresher = new HomeRefresher(
    { workflow: deps.workflow },
    homePublishClient({ botToken: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL, logger: deps.logger }),
    homeViewers,
    logger,
  );
  const ctx: SlackContext = {
    homeViewers,
    homeRefresher,
    workflow: deps.workflow,
    store: deps.store,
    logger,
    client: app.client,
    adminUsers: new Set(config.SLACK_ADMIN_USERS),
    notifier: new AdminNotifier({ client: app.client, store: deps.store, logger, channel: config.SLACK_ADMIN_CHANNEL }),
    adminVerdicts: new AdminVerdicts({ ttlMs: deps.adminVerdictTtlMs, now: deps.now }),
    formBudgetMs: deps.formBudgetMs,
  };
  const observe = deps.onInteraction;
  if (observe) {
    // First middleware: every kind of request passes it, and it sees whether the listeners threw.
    app.use(async ({ body, next }) => {
      const kind = slackInteractionKind(body);
      try {
        await next();
      } catch (err) {
        observe(kind, 'error');
        throw err;
      }
      observe(kind, 'ok');
    });
  }
  registerListeners(app, ctx);

  let unsubscribe: (() => void) | undefined;
  let socketStarted = false;
  // auth.test runs in the background: the server listens at once, /readyz says why Slack is not ready yet.
  const watch = new SlackTokenWatch({
    // Same API URL and proxy, no retries: one auth.test answers one question, and the watch retries itself.
    client: new webApi.WebClient(config.SLACK_BOT_TOKEN, { ...clientOptions, retryConfig: { retries: 0 } }),
    logger,
    async onVerified() {
      await app.init();
      if (!receiver) {
        await app.start();
        socketStarted = true;
      }
      logger.info(
        { mode: receiver ? 'http' : 'socket' },
        receiver ? 'Slack on at POST /slack/events' : 'Slack on in Socket Mode',
      );
    },
    firstDelayMs: deps.tokenRetryFirstDelayMs,
  });
  const notReady: RequestHandler = (req, res, next) => {
    if (watch.health.ok || req.path !== '/slack/events') return next();
    // Slack retries a request that gets no 2xx; the reason is in /readyz and the log.
    res.status(503).json({ error: 'slack_not_ready', message: watch.health.detail });
  };
  return {
    name: 'slack',
    ...(receiver
      ? {
          mount: (express) => {
            // A declared body over the limit is refused before anything reads it (Bolt would buffer it first).
            express.post('/slack/events', (req, res, next) => {
              const declared = Number(req.get('content-length') ?? 0);
              if (declared > SLACK_BODY_LIMIT_BYTES) {
                logger.warn({ bytes: declared }, 'Slack request refused: body larger than Slack sends');
                res.set('Connection', 'close').status(413).json({ error: 'payload_too_large' });
                return;
              }
              next();
            });
            express.use(notReady, receiver.router);
          },
        }
      : {}),
    async start() {
      unsubscribe = subscribeToCoreEvents(deps.events, ctx);
      watch.start();
    },
    health: () => watch.health,
    settled: () => watch.settled(),
    async stop() {
      watch.stop();
      unsubscribe?.();
      unsubscribe = undefined;
      homeRefresher.stop();
      if (socketStarted) {
        socketStarted = false;
        await app.stop();
      }
    },
  };
}
