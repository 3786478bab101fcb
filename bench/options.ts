import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchOptions } from './bench.js';
import { REPO_ROOT } from './lib/child.js';
import { DEFAULT_SCENARIO_SETTINGS } from './scenarios/index.js';
import { TARGET_KEYS, type TargetKey } from './targets/specs.js';

export const USAGE = `npm run bench [-- options]

  --quick              short run for development (also BENCH_QUICK=1): 3 rounds, durations × 0.2
  --rounds N           rounds per scenario (default 3)
  --scale X            multiply every duration (default 1; a full run takes about 10 minutes on 2 cores)
  --rate N             rate of the fixed-rate command scenario (default 300/s)
  --only a,b           scenario ids: slack-command-fixed, slack-command-admins, slack-command-max,
                       slack-submit-valid, slack-submit-invalid, teams-task-fetch, teams-card-action,
                       oauth-callback
  --targets a,b        baseline,sqlite,redis (default all; baseline is always needed)
  --tsx                run the targets under tsx (node --import tsx) instead of compiled JavaScript; by
                       default both aco-connect and the baseline are compiled by tsc with npm run build's
                       options and run with node --enable-source-maps, as npm start runs the app
  --no-tsx-starts      skip the secondary cold start / idle RSS figures under tsx
  --metrics            run aco-connect with Prometheus metrics on (METRICS_TOKEN set); compare the ratios
                       with a run without to see what the metrics cost
  --profile            write V8 CPU profiles of the targets to bench/results/profiles/<target>
  --out DIR            results directory (default bench/results)
  --update-doc         put the figures into BENCHMARKS.md
`;

export interface CliOptions {
  bench: Omit<BenchOptions, 'log'>;
  updateDoc: boolean;
  help: boolean;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      rounds: { type: 'string' },
      scale: { type: 'string' },
      rate: { type: 'string' },
      only: { type: 'string' },
      targets: { type: 'string' },
      profile: { type: 'boolean' },
      metrics: { type: 'boolean' },
      tsx: { type: 'boolean' },
      'no-tsx-starts': { type: 'boolean' },
      out: { type: 'string' },
      'update-doc': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  const quick = values.quick === true || env.BENCH_QUICK === '1';
  const positive = (name: string, v: string | undefined, fallback: number) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  const targets = (values.targets ?? TARGET_KEYS.join(',')).split(',').map((t) => t.trim()) as TargetKey[];
  for (const t of targets) if (!TARGET_KEYS.includes(t)) throw new Error(`--targets: unknown target ${t}`);
  return {
    help: values.help === true,
    updateDoc: values['update-doc'] === true,
    bench: {
      rounds: Math.round(positive('rounds', values.rounds, 3)),
      coldStartRounds: 3,
      targets,
      only: values.only?.split(',').map((s) => s.trim()),
      settings: {
        ...DEFAULT_SCENARIO_SETTINGS,
        durationScale: positive('scale', values.scale, quick ? 0.2 : 1),
        commandRate: positive('rate', values.rate, DEFAULT_SCENARIO_SETTINGS.commandRate),
      },
      warmupMs: quick ? 500 : 1_500,
      idleSettleMs: 1_500,
      profile: values.profile === true,
      metrics: values.metrics === true,
      runtime: values.tsx === true ? 'tsx' : 'compiled',
      tsxStarts: values['no-tsx-starts'] !== true,
      outDir: path.resolve(REPO_ROOT, values.out ?? 'bench/results'),
      command: [
        'npm run bench',
        ...(argv.length ? ['--', ...argv] : []),
        ...(env.BENCH_QUICK === '1' ? ['(BENCH_QUICK=1)'] : []),
      ].join(' '),
    },
  };
}
