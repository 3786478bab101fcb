import { readdirSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './child.js';

/**
 * The app and the bench entries transpiled file by file to plain JavaScript (what a `tsc` build would
 * ship), under the results directory so packages still resolve from the repo's node_modules. Lets the
 * bench tell how much of cold start and RSS is tsx's on-the-fly loader rather than the app.
 */
export async function compileTargets(outDir: string): Promise<{ dir: string; entry(name: 'aco-connect' | 'baseline'): string }> {
  const dir = path.join(outDir, 'build');
  await rm(dir, { recursive: true, force: true });
  const ts = (root: string) =>
    (readdirSync(path.join(REPO_ROOT, root), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => path.join(REPO_ROOT, root, f));
  await build({
    entryPoints: [...ts('src'), ...ts('bench/targets')],
    outdir: dir,
    outbase: REPO_ROOT,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    bundle: false,
    logLevel: 'error',
  });
  // Files the app reads relative to its own modules.
  await cp(path.join(REPO_ROOT, 'openapi'), path.join(dir, 'openapi'), { recursive: true });
  return { dir, entry: (name) => path.join(dir, 'bench', 'targets', `${name}.js`) };
}
