import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSettings, formatHostPort, parseHostPort, parseSettings, type FormInput } from '../../src/core/settings.js';

describe('parseHostPort', () => {
  const good: Array<[string, string, number]> = [
    ['sip.ringcentral.com:5090', 'sip.ringcentral.com', 5090],
    ['  SIP.RingCentral.COM:5090  ', 'sip.ringcentral.com', 5090],
    ['sip:sip10.ringcentral.com:5090', 'sip10.ringcentral.com', 5090],
    ['SIPS:edge.example.net:5061', 'edge.example.net', 5061],
    ['10.0.0.1:5060', '10.0.0.1', 5060],
    ['[2001:db8::1]:5060', '2001:db8::1', 5060],
    ['sbc.example:1', 'sbc.example', 1],
    ['a-b.c-d.example:65535', 'a-b.c-d.example', 65535],
    [`${'a'.repeat(63)}.example.com:5060`, `${'a'.repeat(63)}.example.com`, 5060],
  ];
  it.each(good)('accepts %j', (raw, host, port) => {
    expect(parseHostPort(raw, 'SIP Domain')).toEqual({ ok: true, value: { host, port } });
  });

  const bad: Array<[string, RegExp]> = [
    ['', /Enter the SIP Domain as host:port, for example sip\.ringcentral\.com:5090/],
    ['sip.ringcentral.com', /Add the port.*sip\.ringcentral\.com:5090/],
    ['sip.ringcentral.com:', /Add the port/],
    ['sip.ringcentral.com:0', /out of range/],
    ['sip.ringcentral.com:65536', /out of range/],
    ['sip.ringcentral.com:50a', /not a number/],
    [':5060', /missing the host/],
    ['sip ringcentral.com:5060', /cannot contain spaces/],
    ['-bad.example.com:5060', /not a valid host name/],
    ['bad-.example.com:5060', /not a valid host name/],
    ['exa_mple.com:5060', /not a valid host name/],
    [`${'a'.repeat(64)}.example.com:5060`, /not a valid host name/],
    [`${'abcdefghi.'.repeat(26)}com:5060`, /not a valid host name/],
    ['999.1.1.1:5060', /not a valid IPv4/],
    ['10.0.0:5060', /not a valid IPv4/],
    ['2001:db8::1', /IPv6 address in brackets/],
    ['[2001:db8::1]', /Add the port/],
    ['[2001:db8::1:5060', /closing "\]"/],
    ['[not-ipv6]:5060', /not a valid IPv6/],
    ['[2001:db8::1]5060', /After the IPv6 address/],
    ['a:b:c', /should be host:port/],
    ['127.0.0.1:5060', /loopback/],
    ['[::1]:5060', /loopback/],
    ['0.0.0.0:5060', /unspecified/],
    ['[::]:5060', /unspecified/],
    ['169.254.10.1:5060', /link-local/],
    ['[fe80::1]:5060', /link-local/],
    ['224.0.0.1:5060', /multicast/],
    ['[ff02::1]:5060', /multicast/],
    ['[::ffff:127.0.0.1]:5060', /loopback/],
    ['[fe80::1%eth0]:5060', /zone id/],
  ];
  it.each(bad)('refuses %j with a clear message', (raw, message) => {
    const r = parseHostPort(raw, 'SIP Domain');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("drops a host name's trailing dot; quotes at most ~100 characters of a bad value", () => {
    expect(parseHostPort('sip.ringcentral.com.:5090', 'SIP Domain')).toEqual({
      ok: true,
      value: { host: 'sip.ringcentral.com', port: 5090 },
    });
    const long = parseHostPort(`${'a_'.repeat(120)}.example.com:5060`, 'SIP Domain');
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.length).toBeLessThan(260);
    const zone = parseHostPort(`[fe80::1%${'x'.repeat(300)}]:5060`, 'SIP Domain');
    expect(zone.ok).toBe(false);
    if (!zone.ok) expect(zone.error.length).toBeLessThan(260);
  });

  it('accepts loopback only when a test allows it', () => {
    expect(parseHostPort('127.0.0.1:5060', 'x', { allowLoopback: true })).toEqual({
      ok: true,
      value: { host: '127.0.0.1', port: 5060 },
    });
    expect(parseHostPort('169.254.1.1:5060', 'x', { allowLoopback: true }).ok).toBe(false);
  });

  it('formats IPv6 back with brackets', () => {
    expect(formatHostPort({ host: '2001:db8::1', port: 5060 })).toBe('[2001:db8::1]:5060');
    expect(formatHostPort({ host: 'sip.example.com', port: 5090 })).toBe('sip.example.com:5090');
  });
});

describe('parseSettings', () => {
  const base: FormInput = {
    sipDomain: 'sip.ringcentral.com:5090',
    outboundProxy: 'sip10.ringcentral.com:5090',
    recording: 'no',
  };

  it('parses a full form', () => {
    const r = parseSettings(
      { ...base, secondaryProxy: 'sip20.ringcentral.com:5090', recording: 'yes' },
      { recordingLicensed: true },
    );
    expect(r).toEqual({
      ok: true,
      settings: {
        sipDomain: { host: 'sip.ringcentral.com', port: 5090 },
        outboundProxy: { host: 'sip10.ringcentral.com', port: 5090 },
        secondaryProxy: { host: 'sip20.ringcentral.com', port: 5090 },
        recording: true,
      },
    });
  });

  it('treats an empty secondary proxy as absent', () => {
    const r = parseSettings({ ...base, secondaryProxy: '   ' }, { recordingLicensed: false });
    expect(r.ok && 'secondaryProxy' in r.settings).toBe(false);
  });

  it('refuses a secondary proxy equal to the primary, on the secondary field', () => {
    const r = parseSettings(
      { ...base, secondaryProxy: 'SIP:SIP10.ringcentral.com:5090' },
      { recordingLicensed: false },
    );
    expect(r).toEqual({ ok: false, errors: { secondaryProxy: expect.stringMatching(/must differ/) } });
  });

  it('refuses recording without the UC Realtime Logging license, saying why', () => {
    const r = parseSettings({ ...base, recording: 'yes' }, { recordingLicensed: false });
    expect(r).toEqual({ ok: false, errors: { recording: expect.stringMatching(/UC Realtime Logging license/) } });
  });

  it('puts every error on its own field at once', () => {
    const r = parseSettings(
      { sipDomain: 'nope', outboundProxy: '', secondaryProxy: 'x:0', recording: 'maybe' },
      { recordingLicensed: true },
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(Object.keys(r.errors).sort()).toEqual(['outboundProxy', 'recording', 'secondaryProxy', 'sipDomain']);
  });

  it('never throws, whatever the input: only field errors come back', () => {
    const anyText = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('sip:', '[', ']:', ':', '::1', '0.0.0.0:1'),
    );
    fc.assert(
      fc.property(
        fc.record({
          sipDomain: fc.option(anyText, { nil: undefined }),
          outboundProxy: fc.option(anyText, { nil: undefined }),
          secondaryProxy: fc.option(anyText, { nil: undefined }),
          recording: fc.option(fc.oneof(anyText, fc.boolean()), { nil: undefined }),
        }),
        fc.boolean(),
        (input, licensed) => {
          const r = parseSettings(input, { recordingLicensed: licensed });
          if (!r.ok) {
            for (const [field, msg] of Object.entries(r.errors)) {
              expect(['sipDomain', 'outboundProxy', 'secondaryProxy', 'recording']).toContain(field);
              expect(typeof msg).toBe('string');
              expect(msg!.length).toBeLessThan(400);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('parses host:port strings built from valid parts', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('com', 'net', 'example'),
        fc.integer({ min: 1, max: 65535 }),
        (labels, tld, port) => {
          const host = [...labels, tld].join('.');
          expect(parseHostPort(`${host.toUpperCase()}:${port}`, 'x')).toEqual({ ok: true, value: { host, port } });
        },
      ),
    );
  });
});

describe('diffSettings', () => {
  it('lists every field with before and after', () => {
    const after = {
      sipDomain: { host: 'a.example', port: 5060 },
      outboundProxy: { host: 'b.example', port: 5090 },
      recording: false,
    };
    const d = diffSettings(undefined, after);
    expect(d.map((c) => [c.label, c.before, c.after, c.changed])).toEqual([
      ['SIP Domain', null, 'a.example:5060', true],
      ['Outbound Proxy', null, 'b.example:5090', true],
      ['Secondary Outbound Proxy', null, null, false],
      ['Enable Recording', null, 'No', true],
    ]);
    expect(diffSettings(after, after).every((c) => !c.changed)).toBe(true);
  });
});
