import type { AcoCallObserver } from '../aco/gateway.js';
import type { DeliveryAttemptOutcome } from '../ccaas/deliverer.js';
import type { StoreObserver } from '../store/observe.js';
import { createMetricFamilies, type MetricFamilies, type OutboxSource } from './families.js';

export { metricsComponent } from './http.js';
export type { MetricFamilies, OutboxSource };

/** One app's metrics: its families and the observers main.ts hands to the store, the ACO gateway and the deliverer. */
export interface Metrics {
  families: MetricFamilies;
  store: StoreObserver;
  aco: AcoCallObserver;
  delivery(outcome: DeliveryAttemptOutcome): void;
  /** A chat interaction handled: platform, kind and outcome, each from a fixed set. */
  interaction(platform: 'slack' | 'teams', kind: string, outcome: 'ok' | 'error'): void;
  /** The outbox gauges read it at scrape time (the outbox exists only after the store). */
  setOutboxSource(source: OutboxSource): void;
}

export function createMetrics(): Metrics {
  let source: OutboxSource | undefined;
  const families = createMetricFamilies({
    pendingSummary: () => source?.pendingSummary() ?? Promise.resolve({ pending: 0 }),
    now: () => source?.now() ?? Date.now(),
  });
  return {
    families,
    store: {
      operation(backend, operation, seconds, error) {
        families.storeOps.observe({ backend, operation }, seconds);
        if (error) families.storeErrors.inc({ backend, operation, error });
      },
      lockWait(lock, seconds, outcome) {
        families.lockWait.observe({ lock, outcome }, seconds);
      },
    },
    aco(operation, seconds, outcome) {
      families.acoCalls.inc({ operation, outcome });
      families.acoDuration.observe({ operation }, seconds);
      if (operation === 'refresh') families.tokenRefreshes.inc({ outcome });
    },
    interaction(platform, kind, outcome) {
      families.interactions.inc({ platform, kind, outcome });
    },
    delivery(outcome) {
      families.deliveries.inc({ outcome });
    },
    setOutboxSource(s) {
      source = s;
    },
  };
}
