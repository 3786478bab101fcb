import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_READY_MS } from '../support/budgets.js';
import { findRealVariables, refusal } from '../../demo/guard.js';

describe('the playground refuses a real configuration', () => {
  let emptyDir: string;
  let dotenvDir: string;
  beforeAll(async () => {
    emptyDir = await mkdtemp(path.join(tmpdir(), 'demo-guard-'));
    dotenvDir = await mkdtemp(path.join(tmpdir(), 'demo-guard-'));
    await writeFile(
      path.join(dotenvDir, '.env'),
      'PORT=3000\nACO_SERVER_URL=https://platform.ringcentral.com\nACO_BRAND_ID=6010\nMicrosoftAppId=00000000-1111\nCCAAS_WEBHOOK_SECRET=\n',
    );
  });
  afterAll(async () => {
    await rm(emptyDir, { recursive: true, force: true });
    await rm(dotenvDir, { recursive: true, force: true });
  });

  it('names every Slack, Teams, ACO and CCaaS variable that is set, and where', () => {
    const found = findRealVariables(
      {
        PATH: '/usr/bin',
        PORT: '4000',
        SLACK_BOT_TOKEN: 'xoxb-secret-value',
        TEAMS_ADMIN_USERS: 'abc',
        ACO_CLIENT_ID: 'id',
        CCAAS_API_KEY: 'k3y-secret-value-long',
        MicrosoftAppPassword: 'pw-secret',
        SLACK_ADMIN_CHANNEL: '  ',
      },
      emptyDir,
    );
    expect(found.map((f) => f.name)).toEqual([
      'ACO_CLIENT_ID',
      'CCAAS_API_KEY',
      'MicrosoftAppPassword',
      'SLACK_BOT_TOKEN',
      'TEAMS_ADMIN_USERS',
    ]);
    const text = refusal(found);
    expect(text).toContain('SLACK_BOT_TOKEN (in the environment)');
    expect(text).not.toMatch(/xoxb-secret-value|k3y-secret-value-long|pw-secret/);
  });

  it('reads the .env that npm start would read; the shipped defaults and blank values are harmless', () => {
    expect(findRealVariables({}, dotenvDir)).toEqual([{ name: 'MicrosoftAppId', source: '.env' }]);
    expect(findRealVariables({ ACO_SERVER_URL: 'https://platform.ringcentral.com/' }, emptyDir)).toEqual([]);
    expect(findRealVariables({ ACO_SERVER_URL: 'https://platform.devtest.ringcentral.com' }, emptyDir)).toEqual([
      { name: 'ACO_SERVER_URL', source: 'environment' },
    ]);
  });

  it('npm run demo exits with the refusal before starting anything', { timeout: PROCESS_READY_MS }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, SLACK_BOT_TOKEN: 'xoxb-do-not-echo', PORT: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('refuses to start');
    expect(stderr).toContain('SLACK_BOT_TOKEN (in the environment)');
    expect(stderr + stdout).not.toContain('xoxb-do-not-echo');
    expect(stdout).not.toContain('Open http');
  });
});
