import { describe, expect, it } from 'vitest';
import { loadConfig, redirectUri } from '../src/config.js';
import { describeIntegrations } from '../src/config-summary.js';

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
    expect(lines).toMatch(/Teams: off — set MicrosoftAppId and MicrosoftAppPassword/);
    expect(lines).toMatch(/ACO Authenticate: off — set ACO_CLIENT_ID and ACO_CLIENT_SECRET/);
  });

  it('accepts booleans in any case', () => {
    for (const v of ['TRUE', 'True', ' yes ', '1']) {
      const r = loadConfig({ RECORDING_LICENSED: v });
      expect(r.ok && r.config.RECORDING_LICENSED).toBe(true);
    }
    for (const v of ['FALSE', 'No', '0', '']) {
      const r = loadConfig({ RECORDING_LICENSED: v });
      expect(r.ok && r.config.RECORDING_LICENSED).toBe(false);
    }
    const bad = loadConfig({ RECORDING_LICENSED: 'maybe' });
    expect(!bad.ok && bad.problems).toEqual(['RECORDING_LICENSED: must be true or false']);
  });

  it('refuses half a webhook: a secret without a URL, as a URL without a secret', () => {
    const noUrl = loadConfig({ CCAAS_WEBHOOK_SECRET: 'webhook-secret-0123456789' });
    expect(!noUrl.ok && noUrl.problems).toEqual([
      'CCAAS_WEBHOOK_URL: is required when CCAAS_WEBHOOK_SECRET is set (set both or neither)',
    ]);
    const noSecret = loadConfig({ CCAAS_WEBHOOK_URL: 'https://ccaas.example.com/hook' });
    expect(!noSecret.ok && noSecret.problems).toEqual([
      'CCAAS_WEBHOOK_SECRET: is required when CCAAS_WEBHOOK_URL is set',
    ]);
  });

  it('Socket Mode needs no signing secret; HTTP mode does', () => {
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-A-2-def' });
    expect(socket.ok).toBe(true);
    const http = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' });
    expect(!http.ok && http.problems.join('\n')).toMatch(
      /^SLACK_SIGNING_SECRET: is required .*SLACK_APP_TOKEN for Socket Mode/m,
    );
  });

  it('Teams is off unless configured; emulator mode only when asked for, never in production', () => {
    const none = loadConfig({});
    expect(none.ok && none.config.TEAMS_EMULATOR).toBe(false);
    const emulator = loadConfig({ TEAMS_EMULATOR: 'true' });
    expect(emulator.ok && emulator.config).toMatchObject({ TEAMS_EMULATOR: true, HOST: '127.0.0.1' });
    if (emulator.ok) expect(describeIntegrations(emulator.config).join('\n')).toMatch(/Teams: emulator mode/);
    // An explicit HOST wins (e.g. a container), and without the emulator the default stays 0.0.0.0.
    const host = loadConfig({ TEAMS_EMULATOR: 'true', HOST: '0.0.0.0' });
    expect(host.ok && host.config.HOST).toBe('0.0.0.0');
    const prod = loadConfig({ TEAMS_EMULATOR: 'true', NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://a.example' });
    expect(!prod.ok && prod.problems).toEqual([
      'TEAMS_EMULATOR: is refused when NODE_ENV=production (emulator mode has no authentication)',
    ]);
    const both = loadConfig({ TEAMS_EMULATOR: 'true', MicrosoftAppId: 'a', MicrosoftAppPassword: 'p' });
    expect(!both.ok && both.problems.join('\n')).toMatch(/^TEAMS_EMULATOR: cannot be combined with MicrosoftAppId/m);
    const forgotten = loadConfig({ MicrosoftAppPassword: 'p' });
    expect(!forgotten.ok && forgotten.problems).toEqual([
      'MicrosoftAppId: is required when MicrosoftAppPassword or MicrosoftAppTenantId is set',
    ]);
  });

  it('CCAAS_API_PORT needs a key, differs from PORT, and defaults its host to loopback', () => {
    const ok = loadConfig({ CCAAS_API_KEY: 'k'.repeat(20), CCAAS_API_PORT: '3001' });
    expect(ok.ok && ok.config).toMatchObject({ CCAAS_API_PORT: 3001, CCAAS_API_HOST: '127.0.0.1' });
    const noKey = loadConfig({ CCAAS_API_PORT: '3001' });
    expect(!noKey.ok && noKey.problems.join('\n')).toMatch(/^CCAAS_API_KEY: is required when CCAAS_API_PORT is set/m);
    const same = loadConfig({ CCAAS_API_KEY: 'k'.repeat(20), CCAAS_API_PORT: '3000' });
    expect(!same.ok && same.problems).toEqual(['CCAAS_API_PORT: must differ from PORT (the public listener)']);
    const hostOnly = loadConfig({ CCAAS_API_KEY: 'k'.repeat(20), CCAAS_API_HOST: '10.0.0.5' });
    expect(!hostOnly.ok && hostOnly.problems).toEqual(['CCAAS_API_PORT: is required when CCAAS_API_HOST is set']);
  });

  it('in production refuses a PUBLIC_BASE_URL that is not https, unless explicitly allowed', () => {
    for (const url of [undefined, 'http://aco.example.com']) {
      const r = loadConfig({ NODE_ENV: 'production', PUBLIC_BASE_URL: url });
      expect(!r.ok && r.problems.join('\n')).toMatch(
        /^PUBLIC_BASE_URL: must be an https URL when NODE_ENV=production/m,
      );
    }
    expect(loadConfig({ NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://aco.example.com' }).ok).toBe(true);
    expect(
      loadConfig({ NODE_ENV: 'production', PUBLIC_BASE_URL: 'http://aco.internal', ALLOW_INSECURE_PUBLIC_URL: 'true' })
        .ok,
    ).toBe(true);
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://localhost:3000' }).ok).toBe(true);
  });
});

describe('tunable timings (issue 11, finding 14)', () => {
  it('defaults: store deadline 2 s, lock lease 6 s, webhook retries 5 s doubling to 1 h', () => {
    const r = loadConfig({});
    expect(r.ok && r.config).toMatchObject({
      STORE_TIMEOUT_MS: 2_000,
      LOCK_LEASE_MS: 6_000,
      CCAAS_WEBHOOK_RETRY_BASE_MS: 5_000,
      CCAAS_WEBHOOK_RETRY_MAX_MS: 3_600_000,
    });
  });

  it('takes values within bounds and refuses the rest, naming the variable and the bounds', () => {
    const good = loadConfig({
      LOCK_LEASE_MS: '10000',
      CCAAS_WEBHOOK_RETRY_BASE_MS: '2000',
      CCAAS_WEBHOOK_RETRY_MAX_MS: '60000',
    });
    expect(good.ok && good.config).toMatchObject({
      LOCK_LEASE_MS: 10_000,
      CCAAS_WEBHOOK_RETRY_BASE_MS: 2_000,
      CCAAS_WEBHOOK_RETRY_MAX_MS: 60_000,
    });
    const bad = loadConfig({
      STORE_TIMEOUT_MS: '5',
      LOCK_LEASE_MS: 'soon',
      CCAAS_WEBHOOK_RETRY_BASE_MS: '600000',
      CCAAS_WEBHOOK_RETRY_MAX_MS: '60000',
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems).toEqual(
      expect.arrayContaining([
        'STORE_TIMEOUT_MS: must be at least 100 ms',
        'LOCK_LEASE_MS: must be a number of milliseconds from 1000 to 120000',
        'CCAAS_WEBHOOK_RETRY_MAX_MS: must not be less than CCAAS_WEBHOOK_RETRY_BASE_MS',
      ]),
    );
    expect(loadConfig({ LOCK_LEASE_MS: '500000' })).toMatchObject({
      ok: false,
      problems: ['LOCK_LEASE_MS: must be at most 120000 ms'],
    });
  });
});
