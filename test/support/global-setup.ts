import { execFileSync } from 'node:child_process';
import path from 'node:path';

/*
 * Vitest global setup: `npm run build` once per run, before any test starts, for the tests that run the
 * compiled server as `npm start` does (test/main.test.ts). A build inside a test raced the test's timeout on a
 * busy machine. tsc builds incrementally (dist/.tsbuildinfo), so an unchanged tree rebuilds in seconds; a run
 * given only file filters that name no such test skips it.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const NEEDS_BUILD = ['test/main.test.ts'];

/** Positional filters on the vitest command line that look like paths (`test/x`, `main.test`). */
function pathFilters(argv: string[]): string[] {
  return argv.slice(2).filter((a) => !a.startsWith('-') && (a.includes('/') || a.includes('.test')));
}

function buildNeeded(): boolean {
  const filters = pathFilters(process.argv);
  if (filters.length === 0) return true;
  return NEEDS_BUILD.some((file) => filters.some((f) => file.includes(f.replace(/^\.\//, '')) || f.includes(file)));
}

export default function setup(): void {
  if (!buildNeeded()) return;
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npm run build failed before the tests:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}
