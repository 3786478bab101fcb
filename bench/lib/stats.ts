/** Latency figures of one run, in milliseconds; `count` is how many samples they come from. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array (exact; the runs are small enough to keep every sample). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const arr = Array.from(sorted);
  let sum = 0;
  for (const v of arr) sum += v;
  return {
    count: arr.length,
    p50: percentile(arr, 50),
    p95: percentile(arr, 95),
    p99: percentile(arr, 99),
    max: arr.length ? arr[arr.length - 1]! : Number.NaN,
    mean: arr.length ? sum / arr.length : Number.NaN,
  };
}

export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

/** a / b, or NaN when either side is missing or b is 0 (a ratio of nothing says nothing). */
export function ratio(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return Number.NaN;
  return a / b;
}

/** Median of per-round summaries, field by field: one noisy round moves it less than pooling would. */
export function medianSummary(rounds: readonly LatencySummary[]): LatencySummary {
  const pick = (k: keyof LatencySummary) => median(rounds.map((r) => r[k]));
  return {
    count: rounds.reduce((n, r) => n + r.count, 0),
    p50: pick('p50'),
    p95: pick('p95'),
    p99: pick('p99'),
    max: maxOf(rounds.map((r) => r.max)),
    mean: pick('mean'),
  };
}

/** The largest finite value, or NaN when there is none. */
export function maxOf(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length ? Math.max(...finite) : Number.NaN;
}
