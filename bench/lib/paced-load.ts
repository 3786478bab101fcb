import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { emptyRecord, type LoadRecord, type RequestFactory } from './load-types.js';

export interface PacedLoadOptions {
  /** Origin of the target, e.g. http://127.0.0.1:3000. */
  origin: string;
  /** Requests per second, spread evenly. */
  rate: number;
  durationMs: number;
  make: RequestFactory;
  /** Sockets kept open to the target; an open-loop generator needs headroom for slow answers. */
  maxSockets?: number;
  timeoutMs?: number;
}

/**
 * An open-loop generator at a fixed rate: request i is due at start + i/rate whatever happened to the
 * earlier ones, and its latency counts from that due time (so a stall is not hidden by sending less,
 * the coordinated-omission trap). autocannon's rate limit sends each second's budget back to back, which
 * turns "300 requests/s" into a burst every second; that is what this avoids.
 */
export async function runPacedLoad(o: PacedLoadOptions): Promise<LoadRecord> {
  const target = new URL(o.origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 256 });
  const total = Math.max(1, Math.round((o.rate * o.durationMs) / 1000));
  const interval = 1000 / o.rate;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const record: LoadRecord = emptyRecord();
  let lastDone = 0;
  const inflight = new Set<Promise<void>>();
  const start = performance.now();

  const fire = (i: number, due: number) => {
    const sentAt = performance.now();
    const req = o.make(i, sentAt);
    if (!req) return false;
    record.sent += 1;
    record.maxLagMs = Math.max(record.maxLagMs, sentAt - due);
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const p = new Promise<void>((resolve) => {
      const r = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.path,
          headers: { ...req.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const done = performance.now();
            lastDone = Math.max(lastDone, done);
            record.latencies.push(done - due);
            const key = String(res.statusCode ?? 0);
            record.statuses[key] = (record.statuses[key] ?? 0) + 1;
            if (req.tag !== undefined) record.answered.add(req.tag);
            resolve();
          });
          res.on('error', () => {
            record.failures += 1;
            resolve();
          });
        },
      );
      r.setTimeout(timeoutMs, () => r.destroy(new Error('timeout')));
      r.on('error', () => {
        record.failures += 1;
        lastDone = Math.max(lastDone, performance.now());
        resolve();
      });
      r.end(body);
    });
    inflight.add(p);
    void p.then(() => inflight.delete(p));
    return true;
  };

  await new Promise<void>((resolve) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      while (i < total && start + i * interval <= now) {
        if (!fire(i, start + i * interval)) {
          i = total;
          break;
        }
        i += 1;
      }
      if (i >= total) return resolve();
      const wait = start + i * interval - performance.now();
      if (wait >= 1) setTimeout(tick, Math.floor(wait));
      else setImmediate(tick);
    };
    tick();
  });
  await Promise.all([...inflight]);
  agent.destroy();
  record.elapsedMs = Math.max(0, (lastDone || performance.now()) - start);
  return record;
}
