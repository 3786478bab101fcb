import { Keyv } from 'keyv';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { acoSettings, compareWithAco, missingNote, type AcoSipValues } from '../../src/core/aco-values.js';
import { AcoValuesSource, missingReason } from '../../src/core/aco-values-source.js';
import { AcoError } from '../../src/core/ports.js';
import { AccessTokenError } from '../../src/core/token-service.js';

const ACO: AcoSipValues = {
  domain: 'sip.ringcentral.com',
  outboundProxy: 'sip10.ringcentral.com:5090',
  outboundProxyBackup: 'sip20.ringcentral.com:5090',
  transport: 'UDP',
};
const logger = pino({ level: 'silent' });

describe("ACO's values as Platform Settings", () => {
  it('maps domain (with the proxy port), proxy and backup proxy; keeps recording as given', () => {
    expect(acoSettings(ACO, true)).toEqual({
      sipDomain: { host: 'sip.ringcentral.com', port: 5090 },
      outboundProxy: { host: 'sip10.ringcentral.com', port: 5090 },
      secondaryProxy: { host: 'sip20.ringcentral.com', port: 5090 },
      recording: true,
    });
    const noBackup = acoSettings({ ...ACO, outboundProxyBackup: undefined, domain: 'sip.example.test:5060' }, false);
    expect(noBackup).toEqual({
      sipDomain: { host: 'sip.example.test', port: 5060 },
      outboundProxy: { host: 'sip10.ringcentral.com', port: 5090 },
      recording: false,
    });
  });

  it('refuses values the form would refuse (loopback, no port anywhere)', () => {
    expect(acoSettings({ ...ACO, outboundProxy: '127.0.0.1:5090' }, false)).toBeUndefined();
    expect(acoSettings({ ...ACO, outboundProxy: 'sip10.ringcentral.com' }, false)).toBeUndefined();
  });

  it('compares field by field: "ACO says …" where the saved value differs', () => {
    const aco = acoSettings(ACO, false)!;
    const saved = { ...aco, outboundProxy: { host: 'old.example.test', port: 5090 }, secondaryProxy: undefined };
    const cmp = compareWithAco(saved, aco);
    expect(cmp.map((c) => [c.field, c.differs, c.note])).toEqual([
      ['sipDomain', false, undefined],
      ['outboundProxy', true, 'ACO says sip10.ringcentral.com:5090'],
      ['secondaryProxy', true, 'ACO says sip20.ringcentral.com:5090'],
    ]);
    const noBackup = acoSettings({ ...ACO, outboundProxyBackup: undefined }, false)!;
    expect(compareWithAco(aco, noBackup)[2]?.note).toBe('ACO has no Secondary Outbound Proxy');
    expect(compareWithAco(undefined, aco).some((c) => c.differs)).toBe(false);
  });

  it('says in one line why the values are missing', () => {
    expect(missingNote('rate_limited', 30_000)).toMatch(/30 s/);
    expect(missingNote('forbidden')).toMatch(/VoipCalling/);
    for (const r of ['not_authenticated', 'unreachable', 'malformed', 'unusable', 'pending'] as const) {
      expect(missingNote(r)).not.toContain('\n');
    }
  });

  it('maps ACO and token failures to reasons', () => {
    expect(missingReason(new AcoError('rate_limited', 'x', { status: 429, retryAfterMs: 9000 }))).toEqual({
      reason: 'rate_limited',
      retryAfterMs: 9000,
    });
    expect(missingReason(new AcoError('rejected', 'x', { status: 403 })).reason).toBe('forbidden');
    expect(missingReason(new AcoError('invalid_grant', 'x', { status: 401 })).reason).toBe('forbidden');
    expect(missingReason(new AcoError('server_error', 'x', { errorCode: 'MalformedAnswer' })).reason).toBe('malformed');
    expect(missingReason(new AcoError('unreachable', 'x')).reason).toBe('unreachable');
    expect(missingReason(new AccessTokenError('not_authenticated', 'x')).reason).toBe('not_authenticated');
    expect(missingReason(new AccessTokenError('unavailable', 'x')).reason).toBe('unreachable');
  });
});

describe('AcoValuesSource', () => {
  function source(fetch: () => Promise<AcoSipValues>, now = { t: 1_000_000 }) {
    const kv = new Keyv();
    return {
      now,
      src: new AcoValuesSource({ kv, fetch: async () => fetch(), logger, clock: { now: () => now.t } }),
    };
  }

  it('peek never waits on ACO: pending first, the values once read, a refresh when stale', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { src, now } = source(async () => {
      calls += 1;
      await gate;
      return ACO;
    });
    expect(await src.peek('t1')).toMatchObject({ ok: false, reason: 'pending' });
    expect(await src.peek('t1')).toMatchObject({ ok: false, reason: 'pending' });
    release();
    await src.settled();
    expect(calls).toBe(1); // one read at a time per tenant
    expect(await src.peek('t1')).toMatchObject({ ok: true, values: ACO });
    expect(calls).toBe(1);
    now.t += 3 * 60_000;
    expect(await src.peek('t1')).toMatchObject({ ok: true }); // stale values still shown meanwhile
    await src.settled();
    expect(calls).toBe(2);
  });

  it('keeps a failure with its reason and waits out Retry-After before asking again', async () => {
    let calls = 0;
    const { src, now } = source(async () => {
      calls += 1;
      throw new AcoError('rate_limited', 'slow down', { status: 429, retryAfterMs: 90_000 });
    });
    expect((await src.refresh('t1')).ok).toBe(false);
    expect(await src.peek('t1')).toMatchObject({ ok: false, reason: 'rate_limited' });
    now.t += 60_000;
    await src.peek('t1');
    await src.settled();
    expect(calls).toBe(1);
    now.t += 31_000;
    await src.peek('t1');
    await src.settled();
    expect(calls).toBe(2);
  });
});
