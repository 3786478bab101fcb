import { performance } from 'node:perf_hooks';
import type { BenchFakes } from './fakes.js';
import type { RunningTarget } from './lib/child.js';
import { runMaxLoad } from './lib/max-load.js';
import { runPacedLoad } from './lib/paced-load.js';
import { cpuSeconds, sampleRss } from './lib/proc.js';
import { summarize, type LatencySummary } from './lib/stats.js';
import { plannedRequests, type Scenario } from './scenarios/index.js';
import type { RuntimeStats } from './targets/runtime-stats.js';
import type { TargetKey } from './targets/specs.js';

/** Slack's trigger_id lives 3 s: a views.open later than this after its command is a lost trigger. */
export const TRIGGER_TTL_MS = 3_000;

/** Figures of one run of one scenario against one target. */
export interface RunFigures {
  scenario: string;
  target: TargetKey;
  round: number;
  sent: number;
  /** HTTP answer of the ack (or the invoke, or the callback page). */
  ack: LatencySummary;
  /** Answers with the expected 2xx, per second of the run. */
  throughput: number;
  /** Non-2xx answers plus requests that got none. */
  errors: number;
  statuses: Record<string, number>;
  /** Command → views.open arriving at the fake Slack (command scenarios). */
  viewsOpen?: LatencySummary;
  /** Command → the settings form at Slack (in views.open, or in views.update after aco-connect's placeholder). */
  formFilled?: LatencySummary;
  /** Web API calls the target made per command answered, by method (users.info, views.open, views.update…). */
  slackCallsPerCommand?: Record<string, number>;
  /** Of the commands that were acked: views.open later than 3 s, refused (expired/invalid trigger) or never sent. */
  lostTriggers?: number;
  peakRssMb: number;
  /** CPU the target used during the run, as a share of one core. */
  targetCpu: number;
  /** Wall time of the load (ms). */
  wallMs: number;
  /** Target CPU time per request sent (ms): steadier than latency on a busy machine. */
  cpuMsPerRequest: number;
  /** CPU the bench process (load generator + fakes) used, as a share of one core. */
  benchCpu: number;
  /** The target's event-loop delay and GC during the run (from its own perf_hooks). */
  runtime?: RuntimeStats;
  /** Paced runs: how late the generator sent its latest request (ms); large values mean the bench, not the target, lagged. */
  generatorLagMs: number;
}

export interface RunOptions {
  scenario: Scenario;
  target: RunningTarget;
  key: TargetKey;
  round: number;
  fakes: BenchFakes;
  runId: string;
  /** Override the load (warm-up passes). */
  load?: Scenario['load'];
}

export async function runOnce(o: RunOptions): Promise<RunFigures> {
  const { scenario, fakes } = o;
  const load = o.load ?? scenario.load;
  fakes.reset();
  const ctx = { fakes, origin: o.target.origin, runId: o.runId };
  const prepared = scenario.prepare ? await scenario.prepare(ctx, plannedRequests(load)) : [];
  const triggers = new Map<string, number>();
  const make = scenario.requests(ctx, prepared, (id, sentAt) => triggers.set(id, sentAt));

  await fetch(`${o.target.origin}/__bench/runtime/reset`, { method: 'POST' }).catch(() => undefined);
  const rss = sampleRss(o.target.pid);
  const cpu0 = await cpuSeconds(o.target.pid);
  const bench0 = process.cpuUsage();
  const t0 = performance.now();
  const record =
    load.kind === 'paced'
      ? await runPacedLoad({ origin: o.target.origin, rate: load.rate, durationMs: load.durationMs, make })
      : await runMaxLoad({ origin: o.target.origin, connections: load.connections, durationMs: load.durationMs, make });
  const wall = (performance.now() - t0) / 1000;
  const runtime = await fetch(`${o.target.origin}/__bench/runtime`)
    .then((r) => (r.ok ? (r.json() as Promise<RuntimeStats>) : undefined))
    .catch(() => undefined);
  const cpu1 = await cpuSeconds(o.target.pid);
  const bench = process.cpuUsage(bench0);

  if (scenario.tracksModal) {
    // Every command's views.open is either in, or past its 3 s (then it is lost, however late it comes).
    const deadline = performance.now() + TRIGGER_TTL_MS + 500;
    while (performance.now() < deadline && [...record.answered].some((t) => !fakes.modals.has(t))) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  await fakes.settle();
  const peakRssMb = await rss.stop();

  let ok = 0;
  let bad = 0;
  for (const [status, n] of Object.entries(record.statuses)) {
    if (status.startsWith('2')) ok += n;
    else bad += n;
  }
  const figures: RunFigures = {
    scenario: scenario.id,
    target: o.key,
    round: o.round,
    sent: record.sent,
    ack: summarize(record.latencies),
    throughput: record.elapsedMs > 0 ? ok / (record.elapsedMs / 1000) : 0,
    errors: bad + record.failures,
    statuses: record.statuses,
    peakRssMb,
    targetCpu: cpu0 !== undefined && cpu1 !== undefined && wall > 0 ? (cpu1 - cpu0) / wall : Number.NaN,
    wallMs: wall * 1000,
    cpuMsPerRequest:
      cpu0 !== undefined && cpu1 !== undefined && record.sent > 0 ? ((cpu1 - cpu0) * 1000) / record.sent : Number.NaN,
    benchCpu: wall > 0 ? (bench.user + bench.system) / 1e6 / wall : Number.NaN,
    generatorLagMs: record.maxLagMs,
    ...(runtime ? { runtime } : {}),
  };
  if (scenario.tracksModal) {
    const opened: number[] = [];
    const filled: number[] = [];
    let lost = 0;
    for (const [trigger, sentAt] of triggers) {
      // A command cut off when a closed-loop run ends was never served; the errors count covers refusals.
      if (!record.answered.has(trigger)) continue;
      const m = fakes.modals.get(trigger);
      if (!m) {
        lost += 1;
        continue;
      }
      const ms = m.openedAt - sentAt;
      opened.push(ms);
      if (!m.ok || ms > TRIGGER_TTL_MS) lost += 1;
      if (m.updatedAt !== undefined) filled.push(m.updatedAt - sentAt);
    }
    figures.viewsOpen = summarize(opened);
    const answered = [...triggers.keys()].filter((t) => record.answered.has(t)).length;
    if (answered > 0)
      figures.slackCallsPerCommand = Object.fromEntries([...fakes.slackCalls].map(([m, n]) => [m, n / answered]));
    figures.lostTriggers = lost;
    if (filled.length > 0) figures.formFilled = summarize(filled);
  }
  return figures;
}
