import path from 'node:path';
import { runBench } from './bench.js';
import { killAllChildren, REPO_ROOT } from './lib/child.js';
import { parseCli, USAGE } from './options.js';
import { renderTerminal } from './report/render.js';
import { updateDoc, writeResults } from './report/write.js';

/* `npm run bench`: see BENCHMARKS.md for the method. Benchmarks inform; they never fail the build. */

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

try {
  const cli = parseCli(process.argv.slice(2), process.env);
  if (cli.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const started = Date.now();
  const log = (line: string) =>
    process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  const report = await runBench({ ...cli.bench, log });
  process.stdout.write(`${renderTerminal(report)}\n\n`);
  const files = await writeResults(report, cli.bench.outDir);
  process.stdout.write(
    `Results: ${files
      .slice(0, 2)
      .map((f) => path.relative(REPO_ROOT, f))
      .join(', ')}\n`,
  );
  if (cli.updateDoc) {
    await updateDoc(report, path.join(REPO_ROOT, 'BENCHMARKS.md'));
    process.stdout.write('BENCHMARKS.md updated\n');
  }
  process.exit(0);
} catch (err) {
  killAllChildren();
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
