import type { RunFigures } from '../run-once.js';
import { maxOf, median, medianSummary, ratio, type LatencySummary } from '../lib/stats.js';
import type { LoadShape } from '../scenarios/index.js';
import type { TargetKey } from '../targets/specs.js';
import type { MachineFacts } from '../lib/machine.js';

/** One scenario's figures for one target, over its rounds: medians of the per-round figures, sums of counts. */
export interface Aggregate {
  rounds: number;
  sent: number;
  ack: LatencySummary;
  throughput: number;
  errors: number;
  viewsOpen?: LatencySummary;
  formFilled?: LatencySummary;
  lostTriggers?: number;
  /** Web API calls per command by method, median over the rounds. */
  slackCallsPerCommand?: Record<string, number>;
  peakRssMb: number;
  targetCpu: number;
  cpuMsPerRequest: number;
  benchCpu: number;
  generatorLagMs: number;
  /** The target's event-loop delay p99 and max (ms), and GC: longest pause and share of the run's wall time. */
  loopDelayP99: number;
  loopDelayMax: number;
  gcMaxPauseMs: number;
  gcShare: number;
}

/** aco-connect / baseline for each figure (NaN where the baseline has none). */
export interface Ratios {
  ackP50: number;
  ackP95: number;
  ackP99: number;
  ackMax: number;
  throughput: number;
  viewsOpenP50?: number;
  viewsOpenP95?: number;
  viewsOpenP99?: number;
  viewsOpenMax?: number;
  peakRss: number;
  cpuPerRequest: number;
  /** The per-round p99 ack ratio, lowest and highest: how much the rounds disagreed. */
  ackP99Spread: [number, number];
}

export interface ScenarioReport {
  id: string;
  title: string;
  load: LoadShape;
  goal: boolean;
  targets: Partial<Record<TargetKey, Aggregate>>;
  ratios: Partial<Record<TargetKey, Ratios>>;
}

export interface ColdStartReport {
  /** From spawn to the first 200 of /readyz, per launch. */
  startsMs: number[];
  medianMs: number;
  /** RSS 1.5 s after ready, per launch. */
  idleRssMb: number[];
  medianIdleRssMb: number;
}

export interface GoalCheck {
  name: string;
  value: string;
  limit: string;
  met: boolean;
}

export interface BenchReport {
  /** 2: targets compiled by tsc by default; coldStart keys are the compiled starts, `<key>-tsx` tsx's. */
  version: 2;
  startedAt: string;
  finishedAt: string;
  elapsedS: number;
  command: string;
  /** How the targets ran in the load scenarios. */
  runtime: 'compiled' | 'tsx';
  /** The compile of the targets (always done: the cold-start goal is judged on compiled JavaScript). */
  build: { compiler: string; nodeArgs: string[]; ms: number; diagnostics: string[] };
  settings: Record<string, unknown>;
  machine: MachineFacts;
  targets: TargetKey[];
  skipped: string[];
  calibrationBytes: Record<string, number>;
  /** By target key: compiled JavaScript on plain node (as `npm start`); `<key>-tsx` the same under tsx. */
  coldStart: Record<string, ColdStartReport>;
  scenarios: ScenarioReport[];
  goals: GoalCheck[];
  runs: RunFigures[];
  profiles: string[];
}

export function aggregate(runs: RunFigures[]): Aggregate {
  const opt = <T>(list: (T | undefined)[]): T[] => list.filter((v): v is T => v !== undefined);
  const viewsOpen = opt(runs.map((r) => r.viewsOpen));
  const formFilled = opt(runs.map((r) => r.formFilled));
  const lost = opt(runs.map((r) => r.lostTriggers));
  const calls = opt(runs.map((r) => r.slackCallsPerCommand));
  const methods = [...new Set(calls.flatMap((c) => Object.keys(c)))].sort();
  return {
    rounds: runs.length,
    sent: runs.reduce((n, r) => n + r.sent, 0),
    ack: medianSummary(runs.map((r) => r.ack)),
    throughput: median(runs.map((r) => r.throughput)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    ...(viewsOpen.length ? { viewsOpen: medianSummary(viewsOpen) } : {}),
    ...(formFilled.length ? { formFilled: medianSummary(formFilled) } : {}),
    ...(lost.length ? { lostTriggers: lost.reduce((a, b) => a + b, 0) } : {}),
    ...(calls.length
      ? { slackCallsPerCommand: Object.fromEntries(methods.map((m) => [m, median(calls.map((c) => c[m] ?? 0))])) }
      : {}),
    peakRssMb: maxOf(runs.map((r) => r.peakRssMb)),
    targetCpu: median(runs.map((r) => r.targetCpu)),
    cpuMsPerRequest: median(runs.map((r) => r.cpuMsPerRequest)),
    benchCpu: median(runs.map((r) => r.benchCpu)),
    generatorLagMs: maxOf(runs.map((r) => r.generatorLagMs)),
    loopDelayP99: median(runs.map((r) => r.runtime?.loopDelay.p99 ?? Number.NaN)),
    loopDelayMax: maxOf(runs.map((r) => r.runtime?.loopDelay.max ?? Number.NaN)),
    gcMaxPauseMs: maxOf(runs.map((r) => r.runtime?.gc.maxMs ?? Number.NaN)),
    gcShare: median(runs.map((r) => (r.runtime ? r.runtime.gc.totalMs / r.wallMs : Number.NaN))),
  };
}

export function ratios(app: Aggregate, base: Aggregate, appRuns: RunFigures[], baseRuns: RunFigures[]): Ratios {
  const perRound = appRuns
    .map((a) => {
      const b = baseRuns.find((x) => x.round === a.round);
      return b ? ratio(a.ack.p99, b.ack.p99) : Number.NaN;
    })
    .filter(Number.isFinite);
  const out: Ratios = {
    ackP50: ratio(app.ack.p50, base.ack.p50),
    ackP95: ratio(app.ack.p95, base.ack.p95),
    ackP99: ratio(app.ack.p99, base.ack.p99),
    ackMax: ratio(app.ack.max, base.ack.max),
    throughput: ratio(app.throughput, base.throughput),
    peakRss: ratio(app.peakRssMb, base.peakRssMb),
    cpuPerRequest: ratio(app.cpuMsPerRequest, base.cpuMsPerRequest),
    ackP99Spread: perRound.length ? [Math.min(...perRound), Math.max(...perRound)] : [Number.NaN, Number.NaN],
  };
  if (app.viewsOpen && base.viewsOpen) {
    out.viewsOpenP50 = ratio(app.viewsOpen.p50, base.viewsOpen.p50);
    out.viewsOpenP95 = ratio(app.viewsOpen.p95, base.viewsOpen.p95);
    out.viewsOpenP99 = ratio(app.viewsOpen.p99, base.viewsOpen.p99);
    out.viewsOpenMax = ratio(app.viewsOpen.max, base.viewsOpen.max);
  }
  return out;
}

/** The benchmark's goal (BENCHMARKS.md), checked against this run. */
export const GOAL = { p99Ratio: 1.15, coldStartMs: 1_500, idleRssMb: 150 };

export function checkGoals(r: Pick<BenchReport, 'scenarios' | 'coldStart' | 'targets'>): GoalCheck[] {
  const goals: GoalCheck[] = [];
  const fmt = (v: number | undefined, digits = 2) =>
    v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits);
  const goalScenarios = r.scenarios.filter((s) => s.goal);
  for (const key of r.targets.filter((k) => k !== 'baseline')) {
    for (const goalScenario of goalScenarios) {
      const ra = goalScenario.ratios[key];
      if (!ra || !goalScenario.targets[key]) continue;
      goals.push({
        name: `${key}: p99 ack ÷ baseline at ${goalScenario.title}`,
        value: fmt(ra.ackP99),
        limit: `≤ ${GOAL.p99Ratio}`,
        met: ra.ackP99 <= GOAL.p99Ratio,
      });
      goals.push({
        name: `${key}: p99 command → views.open ÷ baseline at ${goalScenario.title}`,
        value: fmt(ra.viewsOpenP99),
        limit: `≤ ${GOAL.p99Ratio}`,
        met: (ra.viewsOpenP99 ?? Infinity) <= GOAL.p99Ratio,
      });
    }
    const lost = r.scenarios
      .filter((s) => s.targets[key]?.lostTriggers !== undefined)
      .reduce((n, s) => n + (s.targets[key]!.lostTriggers ?? 0), 0);
    if (goalScenarios.length)
      goals.push({
        name: `${key}: lost trigger ids (all command runs)`,
        value: String(lost),
        limit: '0',
        met: lost === 0,
      });
    const cold = r.coldStart[key];
    if (cold) {
      goals.push({
        name: `${key}: cold start to /readyz (median, compiled as npm start)`,
        value: `${fmt(cold.medianMs, 0)} ms`,
        limit: `≤ ${GOAL.coldStartMs} ms`,
        met: cold.medianMs <= GOAL.coldStartMs,
      });
      goals.push({
        name: `${key}: idle RSS (median, compiled as npm start)`,
        value: `${fmt(cold.medianIdleRssMb, 1)} MB`,
        limit: `≤ ${GOAL.idleRssMb} MB`,
        met: cold.medianIdleRssMb <= GOAL.idleRssMb,
      });
    }
  }
  return goals;
}
