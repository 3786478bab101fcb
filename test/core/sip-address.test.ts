import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyIp, vetSipHost } from '../../src/core/sip-address.js';

describe('classifyIp', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['::ffff:169.254.1.1', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'multicast'],
    ['ff02::1', 'multicast'],
  ])('%s is %s', (ip, kind) => {
    expect(classifyIp(ip)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '10.0.0.1',
    '192.168.1.1',
    '169.253.0.1',
    '223.255.255.255',
    '2001:db8::1',
    'fec0::1',
    '::2',
    'sip.example.com',
  ])('%s may be probed', (ip) => {
    expect(classifyIp(ip)).toBeUndefined();
  });

  it('never throws and agrees with IPv4-mapped forms (property)', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(classifyIp(`::ffff:${ip}`)).toBe(classifyIp(ip));
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        classifyIp(s);
      }),
    );
  });
});

describe('vetSipHost', () => {
  it('accepts names and public addresses, normalising case and a trailing dot', () => {
    expect(vetSipHost('Sip10.RingCentral.com.')).toEqual({ ok: true, host: 'sip10.ringcentral.com' });
    expect(vetSipHost('203.0.113.7')).toEqual({ ok: true, host: '203.0.113.7' });
    expect(vetSipHost('[2001:DB8::1]')).toEqual({ ok: true, host: '2001:db8::1' });
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['169.254.10.10', 'link-local'],
    ['fe80::1', 'link-local'],
    ['224.0.0.5', 'multicast'],
    ['fe80::1%eth0', 'zone-id'],
    ['[fe80::1%25eth0]', 'zone-id'],
    ['2001:db8::1%1', 'zone-id'],
    ['', 'empty'],
    ['.', 'empty'],
  ])('refuses %s (%s) with a sentence', (host, kind) => {
    const verdict = vetSipHost(host);
    expect(verdict).toMatchObject({ ok: false, kind });
    expect(!verdict.ok && verdict.message).toMatch(/\.$/);
  });

  it('allows loopback only when told (tests)', () => {
    expect(vetSipHost('127.0.0.1', { allowLoopback: true })).toEqual({ ok: true, host: '127.0.0.1' });
    expect(vetSipHost('169.254.1.1', { allowLoopback: true })).toMatchObject({ ok: false, kind: 'link-local' });
  });
});
