import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from './child.js';

export type TargetEntry = 'aco-connect' | 'baseline';

export interface CompiledTargets {
  dir: string;
  entry(name: TargetEntry): string;
  /** How long tsc took (incremental: short when nothing changed since the last run). */
  ms: number;
  /** tsc's diagnostics when it reported type errors but still wrote the JavaScript (npm run build would fail). */
  diagnostics: string[];
}

/** Node flags of the compiled targets: those of `npm start` (package.json). */
export const COMPILED_NODE_ARGS = ['--enable-source-maps'];

/**
 * The app and both bench entries compiled by tsc with the options of `npm run build` (tsconfig.build.json,
 * through bench/tsconfig.targets.json), so the bench runs the JavaScript `npm start` runs and the baseline
 * is compiled the same way. Written under the results directory rather than dist/ so a run never races
 * someone's `npm start`; packages resolve from the repo's node_modules. Incremental across runs.
 */
export async function compileTargets(outDir: string): Promise<CompiledTargets> {
  const dir = path.join(outDir, 'build');
  await mkdir(dir, { recursive: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const started = performance.now();
  const result = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      [
        tsc,
        '-p',
        path.join(REPO_ROOT, 'bench/tsconfig.targets.json'),
        '--outDir',
        dir,
        '--tsBuildInfoFile',
        path.join(dir, '.tsbuildinfo'),
        '--pretty',
        'false',
      ],
      { cwd: REPO_ROOT, maxBuffer: 16 * 2 ** 20 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
  const entry = (name: TargetEntry) => path.join(dir, 'bench', 'targets', `${name}.js`);
  const diagnostics = result.output.split('\n').filter((l) => l.trim() !== '');
  // tsc exits 2 when it found type errors yet wrote every file (often someone else's work in progress).
  if (result.code !== 0 && !(result.code === 2 && existsSync(entry('aco-connect')) && existsSync(entry('baseline')))) {
    throw new Error(`tsc could not compile the targets (exit ${result.code}):\n${diagnostics.slice(0, 20).join('\n')}`);
  }
  // Files the app reads relative to its own modules (src/ccaas/api/openapi.ts: ../../../openapi/ccaas.json).
  await cp(path.join(REPO_ROOT, 'openapi'), path.join(dir, 'openapi'), { recursive: true });
  // Outside the repo (--out /tmp/…, the smoke test) packages would not resolve: point at the repo's.
  const modules = path.join(dir, 'node_modules');
  if (path.relative(REPO_ROOT, dir).startsWith('..') && !existsSync(modules))
    await symlink(path.join(REPO_ROOT, 'node_modules'), modules, 'dir');
  return { dir, entry, ms: performance.now() - started, diagnostics: result.code === 0 ? [] : diagnostics };
}
