import { readFileSync } from 'node:fs';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';
import { validate } from 'dockerfile-utils';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readDockerfile, readDockerfileText, root } from './dockerfile.js';

// The package assigns module.exports while its types declare a default export; take whichever is there.
const ignore = ((m: any) => m.default ?? m)(dockerignore) as typeof dockerignore.default;

/* What can be checked of the container files without a container engine (none runs in CI). */

describe('Dockerfile', () => {
  it('lints clean (dockerfile-utils, the validator of the VS Code Docker language server)', () => {
    expect(validate(readDockerfileText())).toEqual([]);
    // The linter does find problems: a relative WORKDIR, two CMDs, JSON in single quotes.
    expect(validate('FROM node:26-slim\nWORKDIR app\nCMD [\'node\']\nCMD ["node"]\n').length).toBeGreaterThanOrEqual(3);
  });

  it('builds with dev dependencies, then runs on a slim Node image with production dependencies and dist/ only', () => {
    const [build, runtime, ...more] = readDockerfile();
    expect(more).toEqual([]);
    expect(build.name).toBe('build');
    expect(runtime.name).toBe('runtime');
    expect(runtime.image).toMatch(/^node:\$\{NODE_VERSION\}-slim$/);
    expect(readDockerfileText()).toMatch(/^ARG NODE_VERSION=26\.\d+\.\d+$/m);
    // The order test/deploy/clean-clone.test.ts follows: install all, build, prune.
    const npmSteps = build.runs.filter((r) => r.startsWith('npm '));
    expect(npmSteps.map((r) => r.split(' ').slice(0, 2).join(' '))).toEqual(['npm ci', 'npm run', 'npm prune']);
    expect(npmSteps[2]).toContain('--omit=dev');
    // Runtime: no install, no build, no sources; only what the build stage produced.
    expect(runtime.runs.join('\n')).not.toMatch(/npm|tsc/);
    expect(runtime.contextCopies).toEqual([]);
  });

  it('runs as a non-root user, Node as PID 1 in exec form, with a HEALTHCHECK that needs no curl', () => {
    const runtime = readDockerfile().at(-1)!;
    expect(runtime.user).toBe('node');
    expect(runtime.cmd?.[0]).toBe('node');
    expect(runtime.cmd).toContain('dist/main.js');
    expect(runtime.healthcheck?.[0]).toBe('node');
    expect(runtime.healthcheck?.join(' ')).toContain('/healthz');
    expect(runtime.env).toMatchObject({ LOG_FORMAT: 'json', STORE_URL: 'sqlite:///data/aco-connect.sqlite' });
  });
});

describe('.dockerignore', () => {
  const rules = ignore().add(readFileSync(path.join(root, '.dockerignore'), 'utf8'));

  it('keeps secrets, local state and machine-built folders out of the build context', () => {
    for (const p of [
      'data/aco-connect.sqlite',
      'data/aco-connect.sqlite.key',
      '.env',
      '.env.local',
      'src/.env',
      'node_modules/pino/package.json',
      'dist/main.js',
      '.git/config',
      'bench/results/run.json',
      'test/main.test.ts',
      'src/data/x.sqlite',
    ]) {
      expect(rules.ignores(p), p).toBe(true);
    }
  });

  it('lets in every file the Dockerfile copies from the context', () => {
    const copies = readDockerfile().flatMap((s) => s.contextCopies);
    expect(copies).toContain('src');
    for (const p of copies.map((c) => (c === 'src' ? 'src/main.ts' : c))) expect(rules.ignores(p), p).toBe(false);
    expect(rules.ignores('src/core/workflow.ts')).toBe(false);
  });
});

describe('compose.yaml', () => {
  const compose = parse(readFileSync(path.join(root, 'compose.yaml'), 'utf8'));

  it('runs aco-connect on Redis once Redis answers, with the encryption key required from the environment', () => {
    const app = compose.services['aco-connect'];
    expect(app.build).toBe('.');
    expect(app.environment.STORE_URL).toBe('redis://redis:6379');
    expect(app.environment.ENCRYPTION_KEY).toMatch(/^\$\{ENCRYPTION_KEY:\?/);
    expect(app.depends_on.redis.condition).toBe('service_healthy');
    expect(compose.services.redis.healthcheck.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(compose.services.redis.volumes).toContain('redis-data:/data');
  });

  it('passes only variables that .env.example documents', () => {
    const documented = [...readFileSync(path.join(root, '.env.example'), 'utf8').matchAll(/^#? ?([A-Za-z_]+)=/gm)].map(
      (m) => m[1],
    );
    expect(documented.length).toBeGreaterThan(10);
    for (const n of Object.keys(compose.services['aco-connect'].environment)) expect(documented, n).toContain(n);
  });
});
