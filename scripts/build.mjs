#!/usr/bin/env node
// `npm run build`: compile src/ to dist/ with the project's TypeScript, then mark dist/ as built from the
// sources as they are now (scripts/start.mjs compares that mark with the sources' modification times).
// Plain JavaScript on purpose: `npm start` imports it, and a production install has no TypeScript.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
/** Touched after every successful build; tsc leaves its own build info alone when nothing changed. */
const stamp = path.join(dist, '.built');
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json'].map((p) => path.join(root, p));

function newestMtime(p) {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/**
 * - `current`: dist/ was built from the sources as they are (or there are no sources, as in a production image);
 * - `stale`: sources changed since the last build;
 * - `missing`: never built.
 */
export function distState() {
  if (!existsSync(path.join(dist, 'main.js'))) return 'missing';
  if (!existsSync(path.join(root, 'src'))) return 'current';
  const built = statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return inputs.some((p) => newestMtime(p) > built) ? 'stale' : 'current';
}

/** The project's tsc, or undefined where dev dependencies are not installed. */
export function findTsc() {
  try {
    return createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

/** Compiles; returns tsc's exit status. */
export function build(tsc = findTsc()) {
  if (!tsc) {
    process.stderr.write('cannot build: TypeScript is not installed (run `npm ci` with dev dependencies)\n');
    return 1;
  }
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) return result.status ?? 1;
  const now = new Date(started);
  closeSync(openSync(stamp, 'a'));
  utimesSync(stamp, now, now);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = build();
}
