import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import 'dotenv/config';
import { RingCentralAcoGateway } from './aco/gateway.js';
import { createCcaas } from './ccaas/create-ccaas.js';
import { describeIntegrations, loadConfig, redirectUri, type Config } from './config.js';
import { createAuthKeeper, type AuthKeeper, type AuthKeeperOptions } from './core/auth-keeper.js';
import { CoreEvents } from './core/events.js';
import { systemClock, type AcoGateway, type Clock, type Store } from './core/ports.js';
import { AcoTokenService, type TokenServiceDeps } from './core/token-service.js';
import { ConnectionWorkflow } from './core/workflow.js';
import { healthRoutes } from './http/health-routes.js';
import { oauthRoutes } from './http/oauth-routes.js';
import { RATE_LIMITS, rateLimit } from './http/rate-limit.js';
import { createHttpServer, type HttpComponent } from './http/server.js';
import { createLogger, resolveLogFormat, type Logger } from './log.js';
import { createMetrics, metricsComponent } from './metrics/index.js';
import { createStore } from './store/create-store.js';
import { createRateLimiters } from './store/rate-limiters.js';
import { resolveEncryptionKeys } from './store/encryption-key.js';
import { createTeamsComponent, teamsMode } from './teams/index.js';
import { createSlackComponent, slackDisabledReason, type SlackComponentDeps } from './slack/index.js';
import { errorMessage } from './error-message.js';

export interface AppOptions {
  logger?: Logger;
  clock?: Clock;
  /** Replace the ACO gateway (tests use the real one against the fake ACO; this is for odd cases). */
  aco?: AcoGateway;
  /** Extra components (tests, benchmarks). */
  components?: HttpComponent[];
  /** Token refresh tuning (tests: short leases, fast keeper passes). */
  auth?: {
    tokens?: Pick<TokenServiceDeps, 'policy' | 'lock' | 'refreshTimeoutMs'>;
    keeper?: Pick<AuthKeeperOptions, 'intervalMs' | 'firstPassDelayMs'>;
  };
  /** Slack Web API retry policy (tests: a fast one). */
  slack?: Pick<SlackComponentDeps, 'retryConfig'>;
}

export interface App {
  url: string;
  port: number;
  config: Config;
  store: Store;
  events: CoreEvents;
  workflow: ConnectionWorkflow;
  /** The one way to a valid ACO access token for a tenant. */
  tokens: AcoTokenService;
  keeper: AuthKeeper;
  logger: Logger;
  /** Graceful stop: no new requests, in-flight ones finish, background work stops, store closes. */
  close(): Promise<void>;
}

/** The composition root: config → store → services → components → one HTTP server. */
export async function startApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const logger =
    opts.logger ??
    createLogger({ level: config.LOG_LEVEL, format: resolveLogFormat(config.LOG_FORMAT, !!process.stdout.isTTY) });
  const clock = opts.clock ?? systemClock;
  // Off unless METRICS_TOKEN is set: then nothing is observed at all (no cost).
  const metrics = config.METRICS_TOKEN ? createMetrics() : undefined;
  const encryptionKey = await resolveEncryptionKeys({
    storeUrl: config.STORE_URL,
    encryptionKey: config.ENCRYPTION_KEY,
    logger,
  });
  const store = await createStore({
    url: config.STORE_URL,
    encryptionKey,
    logger,
    clock,
    timeoutMs: config.STORE_TIMEOUT_MS,
    lock: { leaseMs: config.LOCK_LEASE_MS },
    observer: metrics?.store,
  });
  const events = new CoreEvents((err, event) =>
    logger.error({ event: event.type, err: errorMessage(err) }, 'event handler failed'),
  );
  const aco =
    opts.aco ??
    new RingCentralAcoGateway({
      serverUrl: config.ACO_SERVER_URL,
      clientId: config.ACO_CLIENT_ID,
      clientSecret: config.ACO_CLIENT_SECRET,
      redirectUri: redirectUri(config),
      brandId: config.ACO_BRAND_ID,
      clock,
      observer: metrics?.aco,
    });
  const ccaas = createCcaas({
    config,
    store,
    events,
    logger,
    clock,
    ...(metrics ? { deliverer: { onAttempt: metrics.delivery } } : {}),
  });
  metrics?.setOutboxSource({ pendingSummary: () => ccaas.outbox.pendingSummary(), now: () => clock.now() });
  const workflow = new ConnectionWorkflow({
    store,
    aco,
    events,
    logger,
    clock,
    recordingLicensed: config.RECORDING_LICENSED,
    saveHooks: ccaas.saveHooks,
    deliveryStatus: ccaas.deliveryStatus,
    // Read lazily: the token service is built right below, on the same store.
    refreshHealth: (tenant) => tokens.refreshHealth(tenant),
  });
  const tokens = new AcoTokenService({
    store,
    aco,
    events,
    logger,
    clock,
    ...opts.auth?.tokens,
    lock: { leaseMs: config.LOCK_LEASE_MS, ...opts.auth?.tokens?.lock },
  });
  const keeper = createAuthKeeper({ tokens, store, aco, logger, ...opts.auth?.keeper });

  const slackOff = slackDisabledReason(config);
  if (slackOff) logger.info(slackOff);

  // Per client address, counted in the store's backend so the limits hold across replicas (docs/security.md).
  const limiters = await createRateLimiters({
    url: config.STORE_URL,
    logger,
    timeoutMs: config.STORE_TIMEOUT_MS,
    scope: store.keyId,
  });
  const oauthLimit = rateLimit({
    name: 'oauth-callback',
    all: await limiters.create('oauth', RATE_LIMITS.oauth),
    failures: await limiters.create('oauth-failures', RATE_LIMITS.oauthFailures),
    isFailure: (status) => status >= 400 && status < 500,
    logger,
  });
  const apiLimit = rateLimit({
    name: 'ccaas-api',
    all: await limiters.create('api', RATE_LIMITS.api),
    failures: await limiters.create('api-auth-failures', RATE_LIMITS.apiAuthFailures),
    isFailure: (status) => status === 401,
    logger,
  });

  let shuttingDown = false;
  const components: HttpComponent[] = [
    // First, so its request counter sees every route.
    ...(metrics && config.METRICS_TOKEN
      ? [metricsComponent({ metrics: metrics.families, token: config.METRICS_TOKEN })]
      : []),
    { name: 'health', mount: (app) => app.use(healthRoutes({ store, isShuttingDown: () => shuttingDown })) },
    { name: 'oauth', mount: (app) => app.use(oauthRoutes({ workflow, logger, rateLimit: oauthLimit })) },
    keeper,
    ...ccaas.components({ tokens, rateLimit: apiLimit }),
    // Off unless configured: Bot Framework credentials, or TEAMS_EMULATOR=true for local development.
    ...(teamsMode(config) ? [createTeamsComponent({ config, workflow, events, store, logger })] : []),
    ...(slackOff ? [] : [createSlackComponent({ config, workflow, events, store, logger, ...opts.slack })]),
    ...(opts.components ?? []),
  ];

  const http = createHttpServer({ logger, components, trustProxy: config.TRUST_PROXY });
  for (const c of components) await c.start?.();
  const { port, url } = await http.listen(config.PORT, config.HOST);
  logger.info({ url, store: store.kind }, 'aco-connect listening');
  for (const line of describeIntegrations(config)) logger.info(line);

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    config,
    store,
    events,
    workflow,
    tokens,
    keeper,
    logger,
    close: () =>
      (closing ??= (async () => {
        shuttingDown = true;
        await http.close();
        // Notices still being posted (e.g. after an OAuth callback) finish before their components stop.
        await events.settled();
        for (const c of [...components].reverse()) {
          try {
            await c.stop?.();
          } catch (err) {
            logger.warn({ component: c.name, err: errorMessage(err) }, 'component stop failed');
          }
        }
        await limiters.close();
        await store.close();
      })()),
  };
}

/** The program: configuration from the environment (and .env), start, stop on SIGTERM/SIGINT. */
export async function main(): Promise<void> {
  const loaded = loadConfig();
  if (!loaded.ok) {
    process.stderr.write(`aco-connect cannot start; fix the environment (.env.example lists every variable):\n`);
    for (const p of loaded.problems) process.stderr.write(`  - ${p}\n`);
    process.exit(1);
  }
  const app = await startApp(loaded.config);
  const stop = (signal: string) => {
    app.logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.logger.error({ err: errorMessage(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

const isEntry = (() => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
/** Runs main() as the process's program: a start-up failure prints one line and exits 1 (scripts/start.mjs). */
export function runMain(): void {
  main().catch((err) => {
    process.stderr.write(`aco-connect failed to start: ${errorMessage(err)}\n`);
    process.exit(1);
  });
}
if (isEntry) runMain();
