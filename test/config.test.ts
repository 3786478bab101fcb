import { describe, expect, it } from 'vitest';
import { describeIntegrations, loadConfig, redirectUri } from '../src/config.js';

describe('loadConfig', () => {
  it('runs with no configuration at all, on the embedded SQLite store', () => {
    const r = loadConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.PORT).toBe(3000);
    expect(r.config.HOST).toBe('0.0.0.0');
    expect(r.config.STORE_URL).toBe('sqlite://./data/aco-connect.sqlite');
    expect(r.config.PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(r.config.ACO_SERVER_URL).toBe('https://platform.ringcentral.com');
    expect(r.config.ACO_BRAND_ID).toBe('6010');
    expect(r.config.RECORDING_LICENSED).toBe(false);
    expect(r.config.SLACK_ADMIN_USERS).toEqual([]);
    expect(redirectUri(r.config)).toBe('http://localhost:3000/oauth/aco/callback');
  });

  it('parses lists, booleans and trims a trailing slash from the public URL', () => {
    const r = loadConfig({
      PORT: '8080',
      PUBLIC_BASE_URL: 'https://aco.example.com/',
      SLACK_ADMIN_USERS: ' U1, U2 ,,',
      TEAMS_ADMIN_USERS: 'aad-1',
      RECORDING_LICENSED: 'true',
    });
    expect(r.ok && r.config).toMatchObject({
      PORT: 8080,
      PUBLIC_BASE_URL: 'https://aco.example.com',
      SLACK_ADMIN_USERS: ['U1', 'U2'],
      TEAMS_ADMIN_USERS: ['aad-1'],
      RECORDING_LICENSED: true,
    });
  });

  it('reports one line per problem, naming the variable, never echoing a secret', () => {
    const secret = 'very-secret-signing-value-123';
    const r = loadConfig({
      PORT: 'eighty',
      STORE_URL: 'mysql://x',
      SLACK_SIGNING_SECRET: secret,
      SLACK_BOT_TOKEN: 'not-a-bot-token',
      ACO_CLIENT_SECRET: secret,
      ENCRYPTION_KEY: 'c2hvcnQ=',
      CCAAS_WEBHOOK_URL: 'https://ccaas.example.com/hook',
      LOG_LEVEL: 'loud',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const vars = r.problems.map((p) => p.split(':')[0]);
    expect(vars).toEqual(
      expect.arrayContaining([
        'PORT',
        'STORE_URL',
        'SLACK_BOT_TOKEN',
        'ACO_CLIENT_ID',
        'ENCRYPTION_KEY',
        'CCAAS_WEBHOOK_SECRET',
        'LOG_LEVEL',
      ]),
    );
    expect(r.problems.join('\n')).not.toContain(secret);
    expect(r.problems.join('\n')).not.toContain('not-a-bot-token');
  });

  it('requires an encryption key with Redis or PostgreSQL', () => {
    const r = loadConfig({ STORE_URL: 'redis://127.0.0.1:6379' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toMatch(/^ENCRYPTION_KEY: is required with a Redis or PostgreSQL store/m);
    expect(
      loadConfig({ STORE_URL: 'redis://127.0.0.1:6379', ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }).ok,
    ).toBe(true);
  });

  it('says which integrations are on and which variables turn the others on', () => {
    const r = loadConfig({});
    if (!r.ok) throw new Error('config');
    const lines = describeIntegrations(r.config).join('\n');
    expect(lines).toMatch(/Slack: off — set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN/);
    expect(lines).toMatch(/Teams: local-emulator mode/);
    expect(lines).toMatch(/ACO Authenticate: off — set ACO_CLIENT_ID and ACO_CLIENT_SECRET/);
  });
});
