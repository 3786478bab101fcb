#!/usr/bin/env node
// `npm start` (the server) and `npm run reseal` (`node scripts/start.mjs reseal`): run compiled JavaScript from
// dist/ on plain Node.
// - dist/ current (or no src/, as in a production image): run it; no TypeScript needed.
// - dist/ missing or older than src/: build first when TypeScript is installed (a development checkout after
//   `npm ci`); otherwise stop with one line saying what to do (a production install builds before pruning).
// The program runs in this process (no child), so SIGTERM and SIGINT reach its own handlers.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, distState, findTsc, root } from './build.mjs';

const PROGRAMS = {
  server: { file: 'dist/main.js', run: 'runMain' },
  reseal: { file: 'dist/reseal.js', run: 'runReseal' },
};
const name = process.argv[2] ?? 'server';
const program = PROGRAMS[name];
if (!program) {
  process.stderr.write(`usage: node scripts/start.mjs [${Object.keys(PROGRAMS).join('|')}] (got "${name}")\n`);
  process.exit(2);
}

const state = distState();
if (state !== 'current') {
  const tsc = findTsc();
  if (!tsc) {
    const why = state === 'missing' ? 'dist/ is missing' : 'dist/ is older than src/';
    process.stderr.write(
      `aco-connect cannot start: ${why} and TypeScript is not installed; run \`npm run build\` before pruning dev dependencies (or \`npm ci\` then \`npm start\`)\n`,
    );
    process.exit(1);
  }
  const status = build(tsc);
  if (status !== 0) process.exit(status);
}

process.setSourceMapsEnabled(true);
const entry = await import(pathToFileURL(path.join(root, program.file)).href);
entry[program.run]();
