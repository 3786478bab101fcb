import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyIp } from '../../src/core/sip-address.js';
import { parseHostPort, parseSettings } from '../../src/core/settings.js';

/* The form's SIP addresses: what no SIP server can be is refused, and a bad value is quoted briefly. */

describe('SIP Domain and proxies in the form', () => {
  it.each([
    'localhost:5060',
    'LocalHost:5060',
    'sbc.localhost:5060',
    '127.0.0.1:5060',
    '0.0.0.0:5060',
    '169.254.169.254:5060',
    '224.0.0.1:5060',
    '[::1]:5060',
    '[::]:5060',
    '[fe80::1]:5060',
    '[fe80::1%eth0]:5060',
    '[ff02::1]:5060',
    '[::ffff:127.0.0.1]:5060',
  ])('refuses %s with a sentence for the field', (value) => {
    const r = parseHostPort(value, 'SIP Domain');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/address|zone id/);
  });

  it('drops a trailing dot of a host name', () => {
    expect(parseHostPort('sip.ringcentral.com.:5090', 'SIP Domain')).toEqual({
      ok: true,
      value: { host: 'sip.ringcentral.com', port: 5090 },
    });
  });

  it('quotes at most ~100 characters of a bad 10 KB value', () => {
    for (const bad of ['a_'.repeat(5_000), `[${'f'.repeat(10_000)}]:5060`, `${'1.'.repeat(5_000)}:5060`]) {
      const r = parseHostPort(bad, 'SIP Domain');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.length).toBeLessThan(250);
    }
  });

  it('property: never throws; every error is short; nothing accepted is loopback, unspecified, link-local or multicast', () => {
    const hostish = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.ipV4().map((ip) => `${ip}:5060`),
      fc.ipV6().map((ip) => `[${ip}]:5060`),
      fc.domain().map((d) => `${d}:5060`),
      fc.string({ unit: fc.constantFrom(...'abc.-:[]%019'), maxLength: 40 }),
    );
    fc.assert(
      fc.property(hostish, (value) => {
        const r = parseHostPort(value, 'SIP Domain');
        if (!r.ok) return r.error.length < 350;
        return classifyIp(r.value.host) === undefined && !r.value.host.endsWith('.') && !r.value.host.includes('%');
      }),
      { numRuns: 2_000 },
    );
  });

  it('property: parseSettings never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), (a, b, c, d) => {
        const r = parseSettings(
          { sipDomain: a as string, outboundProxy: b as string, secondaryProxy: c as string, recording: d as string },
          { recordingLicensed: false },
        );
        return typeof r.ok === 'boolean';
      }),
    );
  });
});
