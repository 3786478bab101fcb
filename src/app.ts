import type { Config } from './config.js';
import type { AuthKeeper, AuthKeeperOptions } from './core/auth-keeper.js';
import type { CoreEvents } from './core/events.js';
import type { AcoGateway, Clock, Store } from './core/ports.js';
import type { AcoTokenService, TokenServiceDeps } from './core/token-service.js';
import type { ConnectionWorkflow } from './core/workflow.js';
import type { HttpComponent } from './http/server.js';
import type { Logger } from './log.js';
import type { SipCheckerOptions } from './sip/index.js';
import type { SlackComponentDeps } from './slack/index.js';

/* What startApp (src/main.ts) takes and gives back. */

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
  /** SIP connectivity check tuning (tests: a local DNS server, short timeouts). */
  sipCheck?: SipCheckerOptions;
  /** Slack Web API retry policy (tests: a fast one). */
  slack?: Pick<SlackComponentDeps, 'retryConfig'>;
}

export interface App {
  url: string;
  port: number;
  /** The CCaaS API's own listener, when CCAAS_API_PORT is set. */
  apiUrl?: string;
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
