import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { DestinationStream } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger, resolveLogFormat } from '../src/log.js';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const MAIN = path.join(root, 'src/main.ts');

function capture(): { destination: DestinationStream & Writable; lines: string[] } {
  const lines: string[] = [];
  let partial = '';
  const destination = new Writable({
    write(chunk, _encoding, done) {
      partial += String(chunk);
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      done();
    },
  });
  return { destination, lines };
}

/** pino-pretty hands lines on through a stream pipe: wait (generously) until they have arrived. */
async function arrived(lines: string[], count: number) {
  for (let i = 0; i < 200 && lines.length < count; i++) await new Promise((r) => setTimeout(r, 10));
}

describe('log format', () => {
  it('is LOG_FORMAT when set, else pretty on a terminal and JSON elsewhere', () => {
    expect(resolveLogFormat(undefined, true)).toBe('pretty');
    expect(resolveLogFormat(undefined, false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('LOG_FORMAT takes json or pretty; anything else stops start-up naming the variable', () => {
    const ok = loadConfig({ LOG_FORMAT: 'pretty' });
    expect(ok.ok && ok.config.LOG_FORMAT).toBe('pretty');
    const unset = loadConfig({ LOG_FORMAT: '' });
    expect(unset.ok && unset.config.LOG_FORMAT).toBeUndefined();
    const bad = loadConfig({ LOG_FORMAT: 'fancy' });
    expect(bad.ok ? [] : bad.problems).toEqual(['LOG_FORMAT: must be json or pretty']);
  });

  it('pretty: one short human line per event, fields inline, secrets still redacted', async () => {
    const { destination, lines } = capture();
    const logger = createLogger({ format: 'pretty', colorize: false, destination });
    logger.info({ tenant: 'acme', refreshToken: 'rt-very-secret' }, 'token refreshed');
    logger.warn('store slow');
    logger.debug('not at info level');
    logger.error('last');
    await arrived(lines, 3);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: token refreshed /);
    expect(lines[0]).toContain('"tenant":"acme"');
    expect(lines[0]).toContain('[redacted]');
    expect(lines[0]).not.toContain('rt-very-secret');
    expect(lines[0]).not.toContain('hostname');
    expect(lines[1]).toMatch(/WARN: store slow$/);
  });

  it('json (the default): one JSON object per line with level, time and message', () => {
    const { destination, lines } = capture();
    const logger = createLogger({ destination });
    logger.info({ tenant: 'acme', accessToken: 'at-secret' }, 'token refreshed');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ level: 30, msg: 'token refreshed', tenant: 'acme', accessToken: '[redacted]' });
    expect(typeof entry.time).toBe('number');
  });
});

/* The server as a process: what an operator or a developer sees on stdout. */
let dirs: string[] = [];
let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  dirs = [];
  servers = [];
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'aco-log-'));
  dirs.push(d);
  return d;
}

/** A port held by this test, so the server logs its start-up lines and then stops on its own (EADDRINUSE). */
async function takenPort(): Promise<number> {
  const srv = createServer();
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return (srv.address() as { port: number }).port;
}

function runServer(cmd: string, args: string[], cwd: string, env: Record<string, string>) {
  const child = spawn(cmd, args, { cwd, env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function untilOutput(read: () => string, text: string, exited: Promise<unknown>, ms = 60_000) {
  let done = false;
  void exited.then(() => (done = true));
  const until = Date.now() + ms;
  while (!read().includes(text) && !done && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
}

describe('the server process logs', () => {
  it('JSON lines when stdout is a pipe and LOG_FORMAT is unset', async () => {
    const cwd = await tempDir();
    const port = await takenPort();
    const p = runServer(tsx, [MAIN], cwd, { PORT: String(port), HOST: '127.0.0.1' });
    expect(await p.exited).toBe(1);
    const lines = p.stdout().trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(lines.map((l) => JSON.parse(l)).find((e) => /Slack/.test(e.msg))).toMatchObject({ level: 30 });
  }, 90_000);

  it('pretty lines with LOG_FORMAT=pretty, from start to a SIGTERM shutdown', async () => {
    const cwd = await tempDir();
    const free = await takenPort();
    servers.pop()?.close();
    const p = runServer(tsx, [MAIN], cwd, { PORT: String(free), HOST: '127.0.0.1', LOG_FORMAT: 'pretty' });
    await untilOutput(p.stdout, 'aco-connect listening', p.exited);
    p.child.kill('SIGTERM');
    expect(await p.exited, p.stderr()).toBe(0);
    const lines = p.stdout().trim().split('\n');
    expect(lines.find((l) => l.includes('aco-connect listening'))).toMatch(
      /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: aco-connect listening \{"url":"http:\/\/127\.0\.0\.1:\d+","store":"sqlite"\}$/,
    );
    expect(lines.at(-1)).toMatch(/INFO: shutting down \{"signal":"SIGTERM"\}$/);
    for (const line of lines) expect(line.startsWith('{'), line).toBe(false);
  }, 90_000);

  it('pretty, coloured lines on a terminal with LOG_FORMAT unset (a real pseudo-terminal, through script)', async () => {
    const cwd = await tempDir();
    const port = await takenPort();
    // util-linux `script` runs the command on a pseudo-terminal and copies what it shows to its stdout.
    const command = `exec ${tsx} ${MAIN}`;
    const p = runServer('script', ['--quiet', '--return', '--command', command, '/dev/null'], cwd, {
      PORT: String(port),
      HOST: '127.0.0.1',
      TERM: 'xterm',
    });
    expect(await p.exited).toBe(1);
    const screen = p.stdout();
    // ANSI colour around the level, the message after it; no JSON object lines.
    const ESC = String.fromCharCode(27);
    expect(screen).toContain(`${ESC}[32mINFO${ESC}[39m`);
    expect(screen.replace(/\[\d+m/g, '').replaceAll(ESC, '')).toMatch(/INFO: .*Slack/);
    expect(screen).not.toMatch(/^\{"level"/m);
  }, 90_000);
});
