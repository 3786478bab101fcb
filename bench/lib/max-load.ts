import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { emptyRecord, type LoadRecord, type RequestFactory } from './load-types.js';

export interface MaxLoadOptions {
  origin: string;
  /** Concurrent connections, each sending its next request as soon as the last one is answered. */
  connections: number;
  durationMs: number;
  make: RequestFactory;
  timeoutMs?: number;
}

/**
 * The highest rate the target takes: autocannon's closed loop over `connections` keep-alive connections.
 * Throughput is what comes out; latency here is service time under saturation.
 */
export async function runMaxLoad(o: MaxLoadOptions): Promise<LoadRecord> {
  const record: LoadRecord = emptyRecord();
  let i = 0;
  let exhausted = false;
  const start = performance.now();
  const instance = autocannon({
    url: o.origin,
    connections: o.connections,
    duration: Math.max(1, Math.round(o.durationMs / 1000)),
    timeout: Math.ceil((o.timeoutMs ?? 10_000) / 1000),
    requests: [
      {
        // One request in flight per connection, so the connection's context names the request answered.
        onResponse: (_status: number, _body: string, context: Record<string, unknown>) => {
          if (typeof context.tag === 'string') record.answered.add(context.tag);
        },
        setupRequest: (req: autocannon.Request, context: Record<string, unknown>) => {
          const next = exhausted ? undefined : o.make(i++, performance.now());
          if (!next) {
            exhausted = true;
            // autocannon cannot stop a connection from here; a request to nowhere keeps the count honest.
            return {
              ...req,
              method: 'GET',
              path: '/__bench/exhausted',
              headers: {},
              body: undefined,
            } as autocannon.Request;
          }
          record.sent += 1;
          context.tag = next.tag;
          return {
            ...req,
            method: next.method,
            path: next.path,
            headers: next.headers ?? {},
            body: next.body,
          } as autocannon.Request;
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    record.latencies.push(responseTime);
    const key = String(statusCode);
    record.statuses[key] = (record.statuses[key] ?? 0) + 1;
  });
  instance.on('reqError', () => void (record.failures += 1));
  const result = await instance;
  record.failures = Math.max(record.failures, result.errors);
  record.elapsedMs = performance.now() - start;
  return record;
}
