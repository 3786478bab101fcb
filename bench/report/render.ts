import { TARGET_LABELS } from '../targets/specs.js';
import type { Aggregate, BenchReport, Ratios } from './model.js';
import { markdownTable, textTable, type Table } from './table.js';

const labelOf = (key: string) => {
  const tsx = key.endsWith('-tsx');
  const base = TARGET_LABELS[key.replace(/-tsx$/, '') as keyof typeof TARGET_LABELS] ?? key;
  return tsx ? `${base}, under tsx` : `${base}, compiled (as npm start)`;
};
const runtimeText = (r: BenchReport) =>
  r.runtime === 'compiled'
    ? `aco-connect and the baseline both compiled by tsc with npm run build's options and run as \`node ${r.build.nodeArgs.join(' ')}\`, as \`npm start\` runs the app (tsc took ${(r.build.ms / 1000).toFixed(1)} s)`
    : 'aco-connect and the baseline both run under tsx (`node --import tsx`), not as `npm start` runs the app';
const num = (v: number | undefined, digits = 1) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));
const x = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${v.toFixed(2)}×`);

/** One row per target of a scenario: latency figures in ms, then the ratio row(s) to the baseline. */
function scenarioTable(s: BenchReport['scenarios'][number]): Table {
  const modal = Object.values(s.targets).some((a) => a?.viewsOpen);
  const head = ['target', 'ack p50', 'p95', 'p99', 'max', 'req/s', 'errors'];
  if (modal) head.push('views.open p50', 'p95', 'p99', 'max', 'lost', 'form shown p99');
  head.push('peak RSS MB', 'CPU', 'CPU ms/req', 'loop delay p99/max', 'GC max pause', 'GC share');
  const rows: string[][] = [];
  const figures = (label: string, a: Aggregate) => {
    const row = [
      label,
      num(a.ack.p50, 2),
      num(a.ack.p95, 2),
      num(a.ack.p99, 2),
      num(a.ack.max),
      num(a.throughput),
      String(a.errors),
    ];
    if (modal)
      row.push(
        num(a.viewsOpen?.p50, 2),
        num(a.viewsOpen?.p95, 2),
        num(a.viewsOpen?.p99, 2),
        num(a.viewsOpen?.max),
        String(a.lostTriggers ?? '–'),
        num(a.formFilled?.p99, 2),
      );
    row.push(
      num(a.peakRssMb),
      `${num(a.targetCpu * 100, 0)}%`,
      num(a.cpuMsPerRequest, 2),
      `${num(a.loopDelayP99)}/${num(a.loopDelayMax)}`,
      num(a.gcMaxPauseMs),
      `${num(a.gcShare * 100)}%`,
    );
    rows.push(row);
  };
  const ratioRow = (label: string, r: Ratios) => {
    const row = [label, x(r.ackP50), x(r.ackP95), x(r.ackP99), x(r.ackMax), x(r.throughput), ''];
    if (modal) row.push(x(r.viewsOpenP50), x(r.viewsOpenP95), x(r.viewsOpenP99), x(r.viewsOpenMax), '', '');
    row.push(x(r.peakRss), '', x(r.cpuPerRequest), '', '', '');
    rows.push(row);
  };
  for (const [key, a] of Object.entries(s.targets)) figures(TARGET_LABELS[key as keyof typeof TARGET_LABELS], a!);
  for (const [key, r] of Object.entries(s.ratios)) {
    ratioRow(`÷ baseline (${key}; p99 per round ${x(r!.ackP99Spread[0])}–${x(r!.ackP99Spread[1])})`, r!);
  }
  return { head, rows };
}

function coldStartTable(r: BenchReport): Table {
  return {
    head: ['target', 'cold start median ms', 'all starts ms', 'idle RSS median MB', 'all MB'],
    rows: Object.entries(r.coldStart).map(([key, c]) => [
      labelOf(key),
      num(c!.medianMs, 0),
      c!.startsMs.map((v) => v.toFixed(0)).join(', '),
      num(c!.medianIdleRssMb),
      c!.idleRssMb.map((v) => v.toFixed(1)).join(', '),
    ]),
  };
}

function goalsTable(r: BenchReport): Table {
  return {
    head: ['goal', 'measured', 'limit', 'met'],
    rows: r.goals.map((g) => [g.name, g.value, g.limit, g.met ? 'yes' : '**no**']),
  };
}

function loadText(s: BenchReport['scenarios'][number]): string {
  return s.load.kind === 'paced'
    ? `open loop, ${s.load.rate}/s for ${s.load.durationMs / 1000} s per round`
    : `closed loop (autocannon), ${s.load.connections} connections for ${s.load.durationMs / 1000} s per round`;
}

/** Which Slack Web API calls each target made per command: tells the one-call path from the placeholder one. */
function callsText(s: BenchReport['scenarios'][number]): string | undefined {
  const parts = Object.entries(s.targets)
    .filter(([, a]) => a?.slackCallsPerCommand)
    .map(
      ([key, a]) =>
        `${TARGET_LABELS[key as keyof typeof TARGET_LABELS]} ${Object.entries(a!.slackCallsPerCommand!)
          .map(([m, n]) => `${m} ${n.toFixed(2)}`)
          .join(', ')}`,
    );
  return parts.length ? `Slack Web API calls per command (median of the rounds): ${parts.join('; ')}.` : undefined;
}

/** The Markdown report: written to bench/results and pasted (by --update-doc) into BENCHMARKS.md. */
export function renderMarkdown(r: BenchReport): string {
  const out: string[] = [];
  out.push(`Run of ${r.startedAt} (${r.elapsedS} s): \`${r.command}\``);
  out.push('');
  out.push(
    `Machine: ${r.machine.nproc} CPUs (\`nproc\`), ${r.machine.cpuModel}, ${r.machine.totalMemGb} GB, Node ${r.machine.node}, ${r.machine.os}; load average ${r.machine.loadAvgAtStart.join(' / ')} at the start, ${r.machine.loadAvgAtEnd?.join(' / ') ?? '?'} at the end.`,
  );
  out.push('');
  out.push('```');
  out.push(`$ free -h\n${r.machine.free}`);
  out.push('```');
  out.push('');
  out.push(`Targets: ${runtimeText(r)}.`);
  if (r.build.diagnostics.length)
    out.push(
      `tsc reported type errors in the tree (it still wrote the JavaScript; \`npm run build\` would have stopped): ${r.build.diagnostics.length} lines, first \`${r.build.diagnostics[0]}\`.`,
    );
  out.push('');
  if (r.skipped.length) out.push(`Skipped: ${r.skipped.join('; ')}.\n`);
  out.push(
    `Rounds: ${String(r.settings.rounds)} per scenario (targets in turn: ${r.targets.join(', ')}); latencies in ms, each figure the median of the rounds' figures; errors and lost trigger ids summed over the rounds.`,
  );
  out.push('');
  out.push('### Goals');
  out.push('');
  out.push(markdownTable(goalsTable(r)));
  out.push('');
  out.push('### Cold start and idle memory');
  out.push('');
  out.push('Compiled rows are the headline (the goal is judged on them); rows under tsx are for comparison.');
  out.push('');
  out.push(markdownTable(coldStartTable(r)));
  for (const s of r.scenarios) {
    out.push('');
    out.push(`### ${s.title}`);
    out.push('');
    out.push(`${loadText(s)}.`);
    out.push('');
    out.push(markdownTable(scenarioTable(s)));
    const calls = callsText(s);
    if (calls) out.push('', calls);
  }
  out.push('');
  out.push(
    `Payload sizes (bytes) taken from aco-connect for the baseline: Slack form ${r.calibrationBytes.slackModal} (${r.calibrationBytes.slackPlaceholder ? `aco-connect's placeholder modal ${r.calibrationBytes.slackPlaceholder}` : 'aco-connect opened it without a placeholder'}), task/fetch ${r.calibrationBytes.teamsTaskFetch}, adaptiveCard/action ${r.calibrationBytes.teamsCardAction}, OAuth page ${r.calibrationBytes.oauthPage}.`,
  );
  if (r.profiles.length) out.push(`\nCPU profiles: ${r.profiles.join(', ')}`);
  return out.join('\n');
}

export function renderTerminal(r: BenchReport): string {
  const out: string[] = [];
  out.push(
    `\naco-connect bench — ${r.machine.nproc} CPUs, Node ${r.machine.node}, ${r.elapsedS} s, targets ${r.runtime === 'compiled' ? 'compiled (as npm start)' : 'under tsx'}`,
  );
  out.push('\nGoals');
  out.push(textTable(goalsTable(r)).replace(/\*\*/g, ''));
  out.push('\nCold start and idle RSS');
  out.push(textTable(coldStartTable(r)));
  for (const s of r.scenarios) {
    out.push(`\n${s.title} — ${loadText(s)}`);
    out.push(textTable(scenarioTable(s)));
    const calls = callsText(s);
    if (calls) out.push(calls);
  }
  return out.join('\n');
}
