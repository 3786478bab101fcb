import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loaded } from '../support/budgets.js';
import { runBench } from '../../bench/bench.js';
import type { BenchReport } from '../../bench/report/model.js';
import { renderMarkdown } from '../../bench/report/render.js';
import { writeResults } from '../../bench/report/write.js';

/*
 * The bench's own code, end to end, with a handful of requests: so it does not rot between real runs.
 * Nothing here is timed; it checks that every figure the bench reports is there and well formed.
 */

let out: string | undefined;
afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

function expectSummary(s: { count: number; p50: number; p95: number; p99: number; max: number } | undefined) {
  expect(s).toBeDefined();
  expect(s!.count).toBeGreaterThan(0);
  for (const v of [s!.p50, s!.p95, s!.p99, s!.max]) expect(finite(v) && v >= 0).toBe(true);
  expect(s!.p50 <= s!.p95 && s!.p95 <= s!.p99 && s!.p99 <= s!.max).toBe(true);
}

describe('npm run bench, a few requests through the same code', () => {
  it(
    'produces every figure against the baseline and aco-connect on SQLite, and writes JSON and Markdown',
    async () => {
      out = await mkdtemp(path.join(tmpdir(), 'aco-connect-bench-smoke-'));
      const report: BenchReport = await runBench({
        rounds: 1,
        coldStartRounds: 1,
        targets: ['baseline', 'sqlite'],
        settings: { durationScale: 0.01, commandRate: 20, otherRate: 20, oauthRate: 10, maxConnections: 2 },
        warmupMs: 0,
        idleSettleMs: 100,
        profile: false,
        runtime: 'compiled',
        tsxStarts: true,
        outDir: out,
        command: 'smoke test',
        log: () => undefined,
      });

      expect(report.targets).toEqual(['baseline', 'sqlite']);
      expect(report.scenarios.map((s) => s.id)).toEqual([
        'slack-command-fixed',
        'slack-command-admins',
        'slack-command-max',
        'slack-submit-valid',
        'slack-submit-invalid',
        'teams-task-fetch',
        'teams-card-action',
        'oauth-callback',
      ]);
      // Load ran on the targets compiled as npm start runs the app; cold starts also under tsx, for comparison.
      expect(report.runtime).toBe('compiled');
      expect(report.build.nodeArgs).toEqual(['--enable-source-maps']);
      expect(Object.keys(report.coldStart)).toEqual(['baseline', 'sqlite', 'baseline-tsx', 'sqlite-tsx']);
      for (const key of ['baseline', 'sqlite', 'baseline-tsx', 'sqlite-tsx']) {
        const cold = report.coldStart[key]!;
        expect(cold.startsMs).toHaveLength(1);
        expect(finite(cold.medianMs) && cold.medianMs > 0).toBe(true);
        expect(finite(cold.medianIdleRssMb) && cold.medianIdleRssMb > 0).toBe(true);
      }
      for (const s of report.scenarios) {
        for (const key of ['baseline', 'sqlite'] as const) {
          const a = s.targets[key]!;
          expectSummary(a.ack);
          expect(a.throughput).toBeGreaterThan(0);
          expect(a.peakRssMb).toBeGreaterThan(0);
          // The target's own runtime figures came back (event-loop delay, GC).
          expect(finite(a.loopDelayMax) && finite(a.gcMaxPauseMs) && finite(a.cpuMsPerRequest)).toBe(true);
          if (s.id.startsWith('slack-command')) {
            expectSummary(a.viewsOpen);
            expect(Number.isInteger(a.lostTriggers)).toBe(true);
          }
        }
        // Every answer was the expected one: the bench measured work, not refusals.
        for (const run of report.runs.filter((r) => r.scenario === s.id)) {
          expect(
            Object.keys(run.statuses).every((code) => code.startsWith('2')),
            `${s.id} ${run.target}: ${JSON.stringify(run.statuses)}`,
          ).toBe(true);
        }
        const r = s.ratios.sqlite!;
        for (const v of [r.ackP50, r.ackP95, r.ackP99, r.ackMax, r.throughput, r.peakRss])
          expect(finite(v) && v > 0).toBe(true);
      }
      expect(report.scenarios.find((s) => s.id === 'slack-command-fixed')!.targets.sqlite!.formFilled).toBeDefined();
      // A different admin each time: aco-connect asks users.info about every one (no verdict to reuse); the
      // baseline never asks.
      const admins = report.scenarios.find((s) => s.id === 'slack-command-admins')!;
      expect(admins.targets.sqlite!.slackCallsPerCommand?.['users.info']).toBeGreaterThanOrEqual(1);
      expect(admins.targets.baseline!.slackCallsPerCommand?.['users.info']).toBeUndefined();
      expect(admins.targets.baseline!.slackCallsPerCommand?.['views.open']).toBe(1);
      expect(report.goals.map((g) => g.name).join('\n')).toMatch(
        /p99 ack.*\n.*views\.open.*\n.*p99 ack.*different admin.*\n.*views\.open.*different admin.*\n.*lost trigger ids.*\n.*cold start.*\n.*idle RSS/,
      );

      const files = await writeResults(report, out);
      const json = JSON.parse(await readFile(files.find((f) => f.endsWith('latest.json'))!, 'utf8')) as BenchReport;
      expect(json.scenarios).toHaveLength(report.scenarios.length);
      const md = await readFile(files.find((f) => f.endsWith('latest.md'))!, 'utf8');
      expect(md).toContain(renderMarkdown(report).split('\n')[0]);
      expect(md).toMatch(/\| target \| ack p50 \| p95 \| p99 \| max \| req\/s \| errors \|/);
    },
    loaded(240_000),
  );
});
