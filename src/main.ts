import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import 'dotenv/config';
import { RingCentralAcoGateway } from './aco/gateway.js';
import { acoReachability } from './aco/reachability.js';
import { CCAAS_API_COMPONENT, createCcaas } from './ccaas/create-ccaas.js';
import { loadConfig, redirectUri, type Config } from './config.js';
import { createAuthKeeper } from './core/auth-keeper.js';
import { CoreEvents } from './core/events.js';
import { systemClock } from './core/ports.js';
import { AcoValuesSource } from './core/aco-values-source.js';
import { SettingsAssist } from './core/settings-assist.js';
import { AccessTokenError, AcoTokenService } from './core/token-service.js';
import { createSipChecker } from './sip/index.js';
import { ConnectionWorkflow } from './core/workflow.js';
import { healthRoutes } from './http/health-routes.js';
import { legalPages } from './http/legal-pages.js';
import { oauthRoutes } from './http/oauth-routes.js';
import { createHttpServer, type HttpComponent } from './http/server.js';
import { createLogger, resolveLogFormat } from './log.js';
import { createMetrics, metricsComponent } from './metrics/index.js';
import { createStore } from './store/create-store.js';
import { resolveEncryptionKeys } from './store/encryption-key.js';
import { createTeamsComponent, teamsMode } from './teams/index.js';
import { createRequestLimits } from './request-limits.js';
import { logStartup } from './startup-log.js';
import { createSlackComponent, slackDisabledReason } from './slack/index.js';
import { errorMessage } from './error-message.js';
import type { App, AppOptions } from './app.js';

export type { App, AppOptions } from './app.js';

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
  const acoValues = new AcoValuesSource({
    kv: store.records('aco-values'),
    logger,
    clock,
    // Read lazily: the token service is built right below; it hands out a fresh access token first.
    fetch: async (tenant) => {
      await tokens.getAccessToken(tenant);
      const grant = await store.grants.get(tenant);
      if (!grant) throw new AccessTokenError('not_authenticated', 'ACO is not authenticated');
      return aco.sipProvision(grant.tokens);
    },
  });
  const assist = new SettingsAssist({
    acoValues,
    checker: createSipChecker({ allowLoopback: config.SIP_CHECK_ALLOW_LOOPBACK, ...opts.sipCheck }),
    checks: store.records('sip-check'),
    logger,
    clock,
  });
  const workflow = new ConnectionWorkflow({
    store,
    aco,
    events,
    logger,
    clock,
    assist,
    superAdminRoleId: config.ACO_SUPER_ADMIN_ROLE_ID,
    allowLoopback: config.SIP_CHECK_ALLOW_LOOPBACK,
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
  const { limiters, oauthLimit, apiLimit } = await createRequestLimits({ config, logger, storeKeyId: store.keyId });

  let shuttingDown = false;
  const acoCheck = acoReachability({
    serverUrl: config.ACO_SERVER_URL,
    configured: !!config.ACO_CLIENT_ID,
    logger: logger.child({ component: 'aco' }),
  });
  const slack = slackOff
    ? undefined
    : createSlackComponent({
        config,
        workflow,
        events,
        store,
        logger,
        ...opts.slack,
        ...(metrics ? { onInteraction: (kind, outcome) => metrics.interaction('slack', kind, outcome) } : {}),
      });
  const checks = () => ({
    ...(slack?.health ? { slack: slack.health() } : {}),
    ...(acoCheck.health ? { aco: acoCheck.health() } : {}),
  });
  // With CCAAS_API_PORT the CCaaS API (the token endpoint above all) lives on its own listener only.
  const ccaasParts = ccaas.components({ tokens, rateLimit: apiLimit });
  const privateApi = config.CCAAS_API_PORT !== undefined;
  const apiComponents = privateApi ? ccaasParts.filter((c) => c.name === CCAAS_API_COMPONENT) : [];
  const components: HttpComponent[] = [
    // First, so its request counter sees every route.
    ...(metrics && config.METRICS_TOKEN
      ? [metricsComponent({ metrics: metrics.families, token: config.METRICS_TOKEN })]
      : []),
    {
      name: 'health',
      mount: (app) => app.use(healthRoutes({ store, isShuttingDown: () => shuttingDown, checks })),
    },
    { name: 'oauth', mount: (app) => app.use(oauthRoutes({ workflow, logger, rateLimit: oauthLimit })) },
    // The Teams app package links to these (developer.privacyUrl / termsOfUseUrl).
    { name: 'legal', mount: (app) => app.use(legalPages()) },
    keeper,
    ...ccaasParts.filter((c) => !privateApi || c.name !== CCAAS_API_COMPONENT),
    // Off unless configured: Bot Framework credentials, or TEAMS_EMULATOR=true for local development.
    ...(teamsMode(config) ? [createTeamsComponent({ config, workflow, events, store, logger })] : []),
    ...(slack ? [slack] : []),
    acoCheck,
    ...(opts.components ?? []),
  ];

  const http = createHttpServer({ logger, components, trustProxy: config.TRUST_PROXY });
  // No start waits for a peer (Slack's token check and ACO's reachability run in the background), so the
  // server listens at once; /readyz tells how each peer is doing.
  for (const c of components) await c.start?.();
  const { port, url } = await http.listen(config.PORT, config.HOST);
  logger.info({ url, store: store.kind }, 'aco-connect listening');
  let apiHttp: ReturnType<typeof createHttpServer> | undefined;
  let apiUrl: string | undefined;
  if (privateApi && apiComponents.length > 0) {
    apiHttp = createHttpServer({ logger, components: apiComponents, trustProxy: config.TRUST_PROXY });
    apiUrl = (await apiHttp.listen(config.CCAAS_API_PORT ?? 0, config.CCAAS_API_HOST)).url;
    logger.info({ url: apiUrl }, 'CCaaS API listening on its own listener (not on the public one)');
  }
  logStartup(config, logger, { slack: !!slack });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    apiUrl,
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
        await Promise.all([http.close(), apiHttp?.close()]);
        // Notices still being posted (e.g. after an OAuth callback) finish before their components stop.
        await events.settled();
        await acoValues.settled();
        for (const c of [...components, ...apiComponents].reverse()) {
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
