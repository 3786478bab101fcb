import { describe, expect, it } from 'vitest';
import { keyAllowsTenant, matchApiKey, parseApiKeys } from '../../../src/ccaas/api/api-keys.js';
import { loadConfig } from '../../../src/config.js';

const k1 = 'key-one-0123456789abcdef';
const k2 = 'key-two-0123456789abcdef';

describe('CCAAS_API_KEY', () => {
  it('parses several keys, some limited to tenants', () => {
    const r = parseApiKeys(`${k1}, ${k2}@slack:T123|teams:0f6e-aa`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.keys.map((k) => k.index)).toEqual([1, 2]);
    expect(r.keys[0].tenants).toBeUndefined();
    expect([...(r.keys[1].tenants ?? [])]).toEqual(['slack:T123', 'teams:0f6e-aa']);
    expect(matchApiKey(r.keys, k1)?.index).toBe(1);
    expect(matchApiKey(r.keys, k2)?.index).toBe(2);
    expect(matchApiKey(r.keys, `${k2}@slack:T123`)).toBeUndefined();
    expect(matchApiKey(r.keys, k1.slice(0, -1))).toBeUndefined();
    expect(matchApiKey(r.keys, '')).toBeUndefined();
    expect(keyAllowsTenant(r.keys[0], 'slack:T999')).toBe(true);
    expect(keyAllowsTenant(r.keys[1], 'slack:T123')).toBe(true);
    expect(keyAllowsTenant(r.keys[1], 'slack:T999')).toBe(false);
  });

  it('no key: the API is off (no keys, no problem)', () => {
    expect(parseApiKeys(undefined)).toEqual({ ok: true, keys: [] });
    expect(parseApiKeys(' , ')).toEqual({ ok: true, keys: [] });
  });

  it('refuses short keys and bad tenant lists, naming the key by position and never echoing it', () => {
    const short = 'short-key';
    const r = loadConfig({ CCAAS_API_KEY: `${k1},${short},${k2}@,${k1}x@slack:T1|nonsense` });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    expect(text).toContain('CCAAS_API_KEY: key 2 is shorter than 16 characters');
    expect(text).toContain('CCAAS_API_KEY: key 3 has "@" but no tenants');
    expect(text).toContain('CCAAS_API_KEY: key 4 lists a tenant that is not');
    for (const secret of [k1, k2, short]) expect(text).not.toContain(secret);
  });
});
