import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets (seconds) shared by the HTTP, ACO and store histograms: 1 ms to 10 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every metric family of one app instance, on its own Registry (never prom-client's global one): tests and
 * several apps in one process each count their own. Label values are always from fixed sets (route patterns,
 * operation names, outcome names); never a tenant, a user, a raw path or an error message.
 */
export interface OutboxSource {
  /** Deliveries waiting and when the oldest was queued (epoch ms); read from the store at scrape time. */
  pendingSummary(): Promise<{ pending: number; oldestCreatedAt?: number }>;
  now(): number;
}

export function createMetricFamilies(outbox?: OutboxSource) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const reg = [registry];
  // One store read per scrape serves both gauges (prom-client collects them one after the other).
  let summary: Promise<{ pending: number; oldestCreatedAt?: number }> | undefined;
  const read = () => {
    summary ??= (outbox?.pendingSummary() ?? Promise.resolve({ pending: 0 })).finally(() => {
      setImmediate(() => {
        summary = undefined;
      });
    });
    return summary;
  };
  const outboxDepth = new Gauge({
    name: 'aco_connect_ccaas_outbox_pending',
    help: 'CCaaS webhook deliveries waiting in the outbox (all tenants), read from the store at scrape time',
    registers: reg,
    async collect() {
      if (outbox) this.set((await read()).pending);
    },
  });
  const outboxOldestAge = new Gauge({
    name: 'aco_connect_ccaas_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest delivery waiting in the outbox; 0 when none waits',
    registers: reg,
    async collect() {
      if (!outbox) return;
      const { oldestCreatedAt } = await read();
      this.set(oldestCreatedAt === undefined ? 0 : Math.max(0, (outbox.now() - oldestCreatedAt) / 1000));
    },
  });
  return {
    registry,
    httpRequests: new Counter({
      name: 'aco_connect_http_requests_total',
      help: 'HTTP requests answered, by matched route pattern, method and status code',
      labelNames: ['route', 'method', 'status'] as const,
      registers: reg,
    }),
    httpDuration: new Histogram({
      name: 'aco_connect_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by matched route pattern and method',
      labelNames: ['route', 'method'] as const,
      buckets: LATENCY_BUCKETS,
      registers: reg,
    }),
    interactions: new Counter({
      name: 'aco_connect_chat_interactions_total',
      help: 'Slack and Teams interactions handled, by platform, kind and outcome',
      labelNames: ['platform', 'kind', 'outcome'] as const,
      registers: reg,
    }),
    acoCalls: new Counter({
      name: 'aco_connect_aco_calls_total',
      help: 'Calls to ACO, by operation and outcome',
      labelNames: ['operation', 'outcome'] as const,
      registers: reg,
    }),
    acoDuration: new Histogram({
      name: 'aco_connect_aco_call_duration_seconds',
      help: 'Duration of calls to ACO, by operation',
      labelNames: ['operation'] as const,
      buckets: LATENCY_BUCKETS,
      registers: reg,
    }),
    tokenRefreshes: new Counter({
      name: 'aco_connect_token_refreshes_total',
      help: 'ACO token refreshes, by outcome',
      labelNames: ['outcome'] as const,
      registers: reg,
    }),
    lockWait: new Histogram({
      name: 'aco_connect_lock_wait_seconds',
      help: 'Time spent waiting for a store lock before holding it (or giving up), by lock kind and outcome',
      labelNames: ['lock', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers: reg,
    }),
    outboxDepth,
    outboxOldestAge,
    deliveries: new Counter({
      name: 'aco_connect_ccaas_webhook_deliveries_total',
      help: 'CCaaS webhook delivery attempts, by outcome (delivered, retry, dropped)',
      labelNames: ['outcome'] as const,
      registers: reg,
    }),
    storeOps: new Histogram({
      name: 'aco_connect_store_operation_duration_seconds',
      help: 'Duration of store operations, by backend and operation kind',
      labelNames: ['backend', 'operation'] as const,
      buckets: LATENCY_BUCKETS,
      registers: reg,
    }),
    storeErrors: new Counter({
      name: 'aco_connect_store_operation_errors_total',
      help: 'Failed store operations, by backend, operation kind and error class (unavailable, error)',
      labelNames: ['backend', 'operation', 'error'] as const,
      registers: reg,
    }),
  };
}

export type MetricFamilies = ReturnType<typeof createMetricFamilies>;
