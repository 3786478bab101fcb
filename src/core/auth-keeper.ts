import type { Logger } from 'pino';
import type { Component } from './component.js';
import { storeUnavailable, type AcoGateway, type Store } from './ports.js';
import type { AcoTokenService, MaintainOutcome } from './token-service.js';
import type { TenantId } from './types.js';
import { errorMessage } from '../error-message.js';

export interface AuthKeeperOptions {
  tokens: AcoTokenService;
  store: Store;
  aco: AcoGateway;
  logger: Logger;
  /** Pause between passes (real time); each pass is cheap when nothing is due. */
  intervalMs?: number;
  /** Delay of the first pass after start, so a restarted replica catches up soon. */
  firstPassDelayMs?: number;
}

export interface AuthKeeper extends Component {
  /** One pass over every tenant with a grant; what happened to each. */
  runOnce(): Promise<Map<TenantId, MaintainOutcome | 'error'>>;
}

/**
 * Keeps idle tenants authenticated: ACO refresh tokens die after 7 days unused, so a tenant nobody uses
 * would lapse without this. Every replica runs one; the grant lock makes them take turns, and a busy tenant is
 * simply left to whoever holds it.
 */
export function createAuthKeeper(opts: AuthKeeperOptions): AuthKeeper {
  const intervalMs = opts.intervalMs ?? 60_000;
  const firstPassDelayMs = opts.firstPassDelayMs ?? 1_000;
  let timer: NodeJS.Timeout | undefined;
  const running = new Set<Promise<unknown>>();
  let stopping = false;

  async function pass(): Promise<Map<TenantId, MaintainOutcome | 'error'>> {
    const outcomes = new Map<TenantId, MaintainOutcome | 'error'>();
    if (!opts.aco.configured) return outcomes;
    const tenants = await opts.store.grants.list();
    for (const tenant of tenants) {
      // Stop between tenants, never in the middle of a refresh: a rotated pair must reach the store.
      if (stopping) break;
      try {
        outcomes.set(tenant, await opts.tokens.maintain(tenant));
      } catch (err) {
        outcomes.set(tenant, 'error');
        opts.logger.warn({ tenant, err: errorMessage(err) }, 'auth keeper pass failed for a tenant');
      }
    }
    return outcomes;
  }

  function runOnce(): Promise<Map<TenantId, MaintainOutcome | 'error'>> {
    const current = pass();
    const tracked = current.catch(() => undefined);
    running.add(tracked);
    void tracked.finally(() => running.delete(tracked));
    return current;
  }

  /** Passes failed in a row because the store was unavailable: the next one comes sooner than the interval. */
  let outagePasses = 0;

  function schedule(delayMs: number): void {
    if (stopping) return;
    timer = setTimeout(() => {
      timer = undefined;
      runOnce()
        .then(
          () => {
            if (outagePasses > 0)
              opts.logger.info({ failedPasses: outagePasses }, 'auth keeper resumed: the store answers again');
            outagePasses = 0;
          },
          (err: unknown) => {
            if (storeUnavailable(err)) {
              if (outagePasses === 0)
                opts.logger.warn({ err: (err as Error).message }, 'auth keeper paused: store unavailable');
              outagePasses++;
              return;
            }
            opts.logger.warn({ err: errorMessage(err) }, 'auth keeper pass failed');
          },
        )
        // Back off from 5 s while the store is down (never longer than the interval), so it resumes promptly.
        .finally(() =>
          schedule(outagePasses > 0 ? Math.min(intervalMs, 5_000 * 2 ** Math.min(outagePasses - 1, 6)) : intervalMs),
        );
    }, delayMs);
    timer.unref();
  }

  return {
    name: 'auth-keeper',
    runOnce,
    async start() {
      stopping = false;
      schedule(firstPassDelayMs);
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      // Let in-flight refreshes (this keeper's and any request's) finish and store their tokens; each releases
      // its lock on the way out. The keeper stops after the HTTP server, so no new request starts one.
      await Promise.all([...running]);
      await opts.tokens.drain();
    },
  };
}
