import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { calibrate, type Calibration } from './calibration.js';
import { startBenchFakes } from './fakes.js';
import { killAllChildren, type RunningTarget } from './lib/child.js';
import { machineFacts } from './lib/machine.js';
import { rssMb } from './lib/proc.js';
import { COMPILED_NODE_ARGS, compileTargets } from './lib/compile.js';
import { claimRedisDb, redisReachable, type BenchRedis } from './lib/redis-db.js';
import { median } from './lib/stats.js';
import {
  aggregate,
  checkGoals,
  ratios,
  type BenchReport,
  type ColdStartReport,
  type ScenarioReport,
} from './report/model.js';
import { runOnce, type RunFigures } from './run-once.js';
import { buildScenarios, type ScenarioSettings } from './scenarios/index.js';
import {
  launchTarget,
  newEncryptionKey,
  TARGET_LABELS,
  type Runtime,
  type TargetEnvironment,
  type TargetKey,
} from './targets/specs.js';

export interface BenchOptions {
  /** A B C rounds per scenario (baseline, SQLite, Redis in turn); the issue asks for at least 3. */
  rounds: number;
  coldStartRounds: number;
  targets: TargetKey[];
  /** Only these scenario ids (all when absent). */
  only?: string[];
  settings: ScenarioSettings;
  /** Unrecorded pass of every scenario against every target before the rounds (JIT, connection pools, caches). */
  warmupMs: number;
  /** Quiet time after a start before idle RSS is read. */
  idleSettleMs: number;
  /** Write a V8 CPU profile of each target of the load phase (baseline too, for comparison). */
  profile: boolean;
  /** Run aco-connect with Prometheus metrics on (METRICS_TOKEN set): compare with a run without. */
  metrics?: boolean;
  /** How the targets run in the load scenarios: compiled JavaScript on plain node (as `npm start`), or under tsx. */
  runtime: Runtime;
  /** Also measure cold start and idle RSS under tsx (compiled ones are always measured: they are the goal's). */
  tsxStarts: boolean;
  outDir: string;
  command: string;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const f1 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(1));

export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const startedAt = new Date();
  const t0 = performance.now();
  const machine = machineFacts();
  const scenarios = buildScenarios(o.settings).filter((s) => !o.only || o.only.includes(s.id));
  if (scenarios.length === 0) throw new Error(`no scenario matches ${o.only?.join(', ')}`);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'aco-connect-bench-'));
  const logDir = path.join(o.outDir, 'logs');
  const profileDir = path.join(o.outDir, 'profiles');
  await rm(logDir, { recursive: true, force: true });
  await mkdir(logDir, { recursive: true });
  if (o.profile) await rm(profileDir, { recursive: true, force: true });

  const skipped: string[] = [];
  let targets = [...o.targets];
  let redis: BenchRedis | undefined;
  if (targets.includes('redis')) {
    if (await redisReachable()) redis = await claimRedisDb();
    else {
      skipped.push('aco-connect on Redis: nothing answers on 127.0.0.1:6379');
      targets = targets.filter((k) => k !== 'redis');
    }
  }
  if (!targets.includes('baseline')) throw new Error('the baseline target is required: every figure is a ratio to it');

  const fakes = await startBenchFakes();
  const env: TargetEnvironment = {
    fakes,
    workDir,
    logDir,
    redis,
    encryptionKey: newEncryptionKey(),
    ...(o.metrics ? { metricsToken: randomBytes(24).toString('hex') } : {}),
  };
  const running = new Map<TargetKey, RunningTarget>();
  const runs: RunFigures[] = [];
  const coldStart: BenchReport['coldStart'] = {};
  const profiles: string[] = [];
  let calibration: Calibration;
  let build: BenchReport['build'];
  try {
    // What `npm start` runs: the app (and the baseline, alike) compiled by tsc with npm run build's options.
    o.log('compiling the targets with tsc (tsconfig.build.json options)…');
    env.compiled = await compileTargets(o.outDir);
    build = {
      compiler: 'tsc -p bench/tsconfig.targets.json (extends tsconfig.build.json)',
      nodeArgs: COMPILED_NODE_ARGS,
      ms: Math.round(env.compiled.ms),
      diagnostics: env.compiled.diagnostics,
    };
    if (env.compiled.diagnostics.length)
      o.log(
        `  tsc reported type errors but wrote the JavaScript (npm run build would stop here):\n    ${env.compiled.diagnostics.slice(0, 5).join('\n    ')}`,
      );

    // Calibration: one pass of each scenario through aco-connect, checked; its answers size the baseline's.
    o.log(`calibrating against aco-connect (SQLite, ${o.runtime})…`);
    const cal = await launchTarget('sqlite', env, { runtime: o.runtime });
    try {
      calibration = await calibrate(fakes, cal.origin);
    } finally {
      await cal.stop();
    }
    env.calibrationFile = path.join(workDir, 'calibration.json');
    await writeFile(env.calibrationFile, JSON.stringify(calibration));

    // Compiled starts are the headline (what `npm start` runs); tsx's for comparison. One unrecorded start of
    // each first, so every timed one finds the files in the OS cache (and tsx its transform cache filled).
    const runtimes: Runtime[] = o.tsxStarts ? ['compiled', 'tsx'] : ['compiled'];
    for (const runtime of runtimes) for (const key of targets) await (await launchTarget(key, env, { runtime })).stop();
    const variants = runtimes.flatMap((runtime) =>
      targets.map((key) => ({ label: runtime === 'compiled' ? key : `${key}-tsx`, key, runtime })),
    );
    o.log(`cold starts: ${o.coldStartRounds} × ${variants.map((v) => v.label).join(', ')}`);
    const starts = new Map<string, { ms: number[]; rss: number[] }>();
    for (let r = 1; r <= o.coldStartRounds; r++) {
      for (const v of variants) {
        const t = await launchTarget(v.key, env, { runtime: v.runtime });
        await sleep(o.idleSettleMs);
        const rss = (await rssMb(t.pid)) ?? Number.NaN;
        await t.stop();
        const s = starts.get(v.label) ?? { ms: [], rss: [] };
        s.ms.push(t.coldStartMs);
        s.rss.push(rss);
        starts.set(v.label, s);
        o.log(`  ${t.name}: ready in ${t.coldStartMs.toFixed(0)} ms, idle RSS ${f1(rss)} MB`);
      }
    }
    for (const [key, s] of starts) {
      coldStart[key] = {
        startsMs: s.ms,
        medianMs: median(s.ms),
        idleRssMb: s.rss,
        medianIdleRssMb: median(s.rss),
      } satisfies ColdStartReport;
    }

    for (const key of targets) {
      // One directory per target: node writes one profile per thread (under tsx, its loader hooks run in their own).
      const dir = path.join(profileDir, key);
      const args = o.profile ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
      running.set(key, await launchTarget(key, env, { runtime: o.runtime, nodeArgs: args }));
      if (args.length) profiles.push(path.relative(o.outDir, dir));
    }
    let runSeq = 0;
    if (o.warmupMs > 0) {
      o.log(`warm-up: ${o.warmupMs} ms of each scenario on each target`);
      for (const s of scenarios) {
        const load = {
          kind: 'paced' as const,
          rate: s.load.kind === 'paced' ? s.load.rate : o.settings.otherRate,
          durationMs: o.warmupMs,
        };
        for (const key of targets) {
          await runOnce({ scenario: s, target: running.get(key)!, key, round: 0, fakes, runId: `w${++runSeq}`, load });
        }
      }
    }
    for (const s of scenarios) {
      o.log(`${s.title}`);
      for (let r = 1; r <= o.rounds; r++) {
        for (const key of targets) {
          const fig = await runOnce({
            scenario: s,
            target: running.get(key)!,
            key,
            round: r,
            fakes,
            runId: `r${++runSeq}`,
          });
          runs.push(fig);
          const modal = fig.viewsOpen ? `, views.open p99 ${f1(fig.viewsOpen.p99)} ms, lost ${fig.lostTriggers}` : '';
          o.log(
            `  round ${r} ${TARGET_LABELS[key].padEnd(18)} ack p50 ${f1(fig.ack.p50)} p99 ${f1(fig.ack.p99)} ms${modal}, ${f1(fig.throughput)}/s, errors ${fig.errors}, RSS ${f1(fig.peakRssMb)} MB`,
          );
        }
      }
    }
  } finally {
    await Promise.allSettled([...running.values()].map((t) => t.stop()));
    killAllChildren();
    await fakes.close();
    await redis?.close();
    await rm(workDir, { recursive: true, force: true });
  }

  const reports: ScenarioReport[] = scenarios.map((s) => {
    const byTarget = (key: TargetKey) => runs.filter((r) => r.scenario === s.id && r.target === key);
    const rep: ScenarioReport = { id: s.id, title: s.title, load: s.load, goal: s.goal, targets: {}, ratios: {} };
    for (const key of targets) rep.targets[key] = aggregate(byTarget(key));
    for (const key of targets.filter((k) => k !== 'baseline')) {
      rep.ratios[key] = ratios(rep.targets[key]!, rep.targets.baseline!, byTarget(key), byTarget('baseline'));
    }
    return rep;
  });
  machine.loadAvgAtEnd = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const report: BenchReport = {
    version: 2,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    elapsedS: Math.round((performance.now() - t0) / 100) / 10,
    command: o.command,
    runtime: o.runtime,
    build: build!,
    settings: {
      rounds: o.rounds,
      coldStartRounds: o.coldStartRounds,
      warmupMs: o.warmupMs,
      idleSettleMs: o.idleSettleMs,
      ...o.settings,
    },
    machine,
    targets,
    skipped,
    calibrationBytes: calibration!.bytes,
    coldStart,
    scenarios: reports,
    goals: [],
    runs,
    profiles,
  };
  report.goals = checkGoals(report);
  return report;
}
