import { monitorEventLoopDelay, PerformanceObserver, constants } from 'node:perf_hooks';
import type { Express } from 'express';

/** What the target's own runtime saw during a run: how long the event loop was held up, and by GC how much. */
export interface RuntimeStats {
  /** Event-loop delay in ms (perf_hooks histogram, 10 ms resolution). */
  loopDelay: { p50: number; p99: number; max: number };
  gc: { count: number; totalMs: number; maxMs: number; majorCount: number; majorMs: number };
  heapUsedMb: number;
}

/**
 * GET /__bench/runtime (and POST …/reset between runs): only in the bench entries, so a run can tell
 * whether its slow answers came from a held-up event loop, and whether garbage collection held it.
 */
export function mountRuntimeStats(app: Express): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const gc = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMs: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count += 1;
      gc.totalMs += e.duration;
      gc.maxMs = Math.max(gc.maxMs, e.duration);
      if (
        (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR
      ) {
        gc.majorCount += 1;
        gc.majorMs += e.duration;
      }
    }
  }).observe({ entryTypes: ['gc'] });
  app.post('/__bench/runtime/reset', (_req, res) => {
    delay.reset();
    Object.assign(gc, { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMs: 0 });
    res.status(204).end();
  });
  app.get('/__bench/runtime', (_req, res) => {
    const ms = (ns: number) => ns / 1e6;
    const stats: RuntimeStats = {
      loopDelay: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      gc: { ...gc },
      heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
    };
    res.json(stats);
  });
}
