import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Component } from '../core/component.js';
import type { CoreEvents } from '../core/events.js';
import type { Clock, Store } from '../core/ports.js';
import { connectionSnapshot } from '../core/queries/connection-snapshot.js';
import { listTenants, setTenantEntitlements, type DirectoryDeps } from '../core/queries/tenant-directory.js';
import type { TenantId } from '../core/types.js';
import type { DeliveryState } from '../core/views.js';
import type { SaveHook } from '../core/workflow.js';
import type { AccessTokenSource } from './api/aco-token.js';
import { parseApiKeys } from './api/api-keys.js';
import { ccaasApiRoutes } from './api/routes.js';
import { DEFAULT_BACKOFF } from './backoff.js';
import { Deliverer, type DelivererOptions } from './deliverer.js';
import { enqueueAuthChanges } from './enqueue-auth-changes.js';
import { enqueueSettingsSaved } from './enqueue-settings-saved.js';
import { Outbox } from './outbox.js';

export interface Ccaas {
  /** Give to the workflow: queues each confirmed version inside the settings lock. */
  saveHooks: SaveHook[];
  /** Give to the workflow: the status views' delivery line; undefined when the webhook is off. */
  deliveryStatus(tenant: TenantId): Promise<DeliveryState | undefined>;
  outbox: Outbox;
  deliverer?: Deliverer;
  /** The API routes (when a key is set) and the deliverer (when the webhook is set). */
  components(deps: { tokens: AccessTokenSource; rateLimit?: RequestHandler }): Component<Express>[];
}

type CcaasConfig = Pick<Config, 'CCAAS_API_KEY' | 'CCAAS_WEBHOOK_URL' | 'CCAAS_WEBHOOK_SECRET' | 'PUBLIC_BASE_URL'> &
  Partial<
    Pick<
      Config,
      | 'CCAAS_WEBHOOK_RETRY_BASE_MS'
      | 'CCAAS_WEBHOOK_RETRY_MAX_MS'
      | 'CCAAS_API_PORT'
      | 'CCAAS_API_HOST'
      | 'RECORDING_LICENSED'
    >
  >;

/** The API's component name: main.ts serves it on its own listener when CCAAS_API_PORT is set. */
export const CCAAS_API_COMPONENT = 'ccaas-api';

/** The CCaaS hand-off, built in two steps because the workflow needs the hook and the routes need the token service. */
export function createCcaas(deps: {
  config: CcaasConfig;
  store: Store;
  events: CoreEvents;
  logger: Logger;
  clock: Clock;
  deliverer?: Partial<DelivererOptions>;
}): Ccaas {
  const { config, store, events, logger, clock } = deps;
  const outbox = new Outbox(store, { clock });
  const { CCAAS_WEBHOOK_URL: webhookUrl, CCAAS_WEBHOOK_SECRET: webhookSecret } = config;
  const deliverer =
    webhookUrl && webhookSecret
      ? new Deliverer({
          outbox,
          url: webhookUrl,
          secret: webhookSecret,
          events,
          logger,
          clock,
          backoff: {
            baseMs: config.CCAAS_WEBHOOK_RETRY_BASE_MS ?? DEFAULT_BACKOFF.baseMs,
            maxMs: config.CCAAS_WEBHOOK_RETRY_MAX_MS ?? DEFAULT_BACKOFF.maxMs,
          },
          ...deps.deliverer,
        })
      : undefined;
  const webhookOn = deliverer !== undefined;
  if (webhookOn) enqueueAuthChanges({ events, outbox, store, clock, logger });

  const parsedKeys = parseApiKeys(config.CCAAS_API_KEY);
  // loadConfig already refused a malformed key list; this is for callers that build Config by hand.
  if (!parsedKeys.ok) throw new Error(`CCAAS_API_KEY: ${parsedKeys.problems.join('; ')}`);
  const keys = parsedKeys.keys;

  return {
    saveHooks: webhookOn ? [enqueueSettingsSaved(outbox)] : [],
    deliveryStatus: async (tenant) => (webhookOn ? outbox.state(tenant) : undefined),
    outbox,
    deliverer,
    components({ tokens, rateLimit }) {
      const list: Component<Express>[] = [];
      if (keys.length > 0) {
        const directory: DirectoryDeps = { store, clock, recordingLicensed: config.RECORDING_LICENSED ?? false };
        const routes = ccaasApiRoutes({
          keys,
          snapshot: (t) => connectionSnapshot({ store, clock }, t),
          listTenants: (opts) => listTenants(directory, opts),
          setEntitlements: (t, change) => setTenantEntitlements(directory, t, change),
          tokens,
          logger,
          clock,
          // The OpenAPI document's server: the private listener when there is one.
          publicBaseUrl:
            config.CCAAS_API_PORT === undefined
              ? config.PUBLIC_BASE_URL
              : `http://${config.CCAAS_API_HOST ?? '127.0.0.1'}:${config.CCAAS_API_PORT}`,
          rateLimit,
        });
        list.push({ name: CCAAS_API_COMPONENT, mount: (app) => app.use(routes) });
      }
      if (deliverer) list.push(deliverer);
      return list;
    },
  };
}
