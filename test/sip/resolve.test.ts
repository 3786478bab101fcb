import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { impliedTransport, SipResolver } from '../../src/sip/resolve.js';
import { startDns } from './peers.js';

let dns: Awaited<ReturnType<typeof startDns>>;
let resolver: SipResolver;

beforeAll(async () => {
  dns = await startDns({
    'example.test': {
      SRV: [],
      A: ['192.0.2.1'],
    },
    '_sip._udp.example.test': {
      SRV: [
        { priority: 20, weight: 0, port: 5062, target: 'backup.example.test' },
        { priority: 10, weight: 10, port: 5060, target: 'light.example.test' },
        { priority: 10, weight: 60, port: 5070, target: 'heavy.example.test' },
      ],
    },
    '_sip._tcp.example.test': { SRV: [{ priority: 10, weight: 0, port: 5060, target: 'heavy.example.test' }] },
    '_sips._tcp.example.test': { SRV: [{ priority: 10, weight: 0, port: 5061, target: 'gone.example.test' }] },
    'heavy.example.test': { A: ['192.0.2.10'], AAAA: ['2001:db8::10'] },
    'light.example.test': { A: ['192.0.2.11'] },
    'backup.example.test': { AAAA: ['2001:db8::12'] },
    'plain.test': { A: ['198.51.100.1', '198.51.100.2'] },
    'v6only.test': { AAAA: ['2001:db8::99'] },
    'empty.test': {},
    'slow.test': { silent: true },
  });
  resolver = new SipResolver({ servers: [dns.server], timeoutMs: 500, tries: 1 });
});
afterAll(() => dns.stop());

describe('RFC 3263 resolution against a local DNS server', () => {
  it('a numeric IP is used as is; the port implies the transport', async () => {
    expect(await resolver.resolve({ host: '203.0.113.5', port: 5061 })).toEqual({
      addresses: [{ name: '203.0.113.5', address: '203.0.113.5', port: 5061, transport: 'tls', via: 'ip' }],
      failures: [],
    });
    const noPort = await resolver.resolve({ host: '2001:db8::1' });
    expect(noPort.addresses[0]).toMatchObject({ port: 5060, transport: 'udp' });
    expect(dns.queries).toEqual([]);
  });

  it('a name with a port: A and AAAA only, no SRV', async () => {
    const before = dns.queries.length;
    const r = await resolver.resolve({ host: 'plain.test', port: 5090 });
    expect(r.addresses.map((a) => [a.address, a.port, a.transport, a.via])).toEqual([
      ['198.51.100.1', 5090, 'udp', 'a'],
      ['198.51.100.2', 5090, 'udp', 'a'],
    ]);
    expect(dns.queries.slice(before).sort()).toEqual(['A plain.test', 'AAAA plain.test']);
  });

  it('a name without a port: SRV for UDP, TCP and TLS in priority then weight order; SRV targets resolved', async () => {
    const r = await resolver.resolve({ host: 'example.test' });
    expect(r.addresses.map((a) => `${a.transport} ${a.address} ${a.port} ${a.srv}`)).toEqual([
      'udp 192.0.2.10 5070 _sip._udp.example.test',
      'udp 2001:db8::10 5070 _sip._udp.example.test',
      'udp 192.0.2.11 5060 _sip._udp.example.test',
      'udp 2001:db8::12 5062 _sip._udp.example.test',
      'tcp 192.0.2.10 5060 _sip._tcp.example.test',
      'tcp 2001:db8::10 5060 _sip._tcp.example.test',
    ]);
    // The TLS SRV record names a host that does not exist: reported, not dropped.
    expect(r.failures).toEqual([
      expect.objectContaining({ name: 'gone.example.test', transport: 'tls', via: 'srv', kind: 'nxdomain' }),
    ]);
  });

  it('the SIP Domain uses SRV even with a port; a forced transport asks only its SRV name', async () => {
    const r = await resolver.resolve({ host: 'example.test', port: 5060, srvEvenWithPort: true, transport: 'tcp' });
    expect(r.addresses.map((a) => `${a.transport} ${a.address} ${a.port}`)).toEqual([
      'tcp 192.0.2.10 5060',
      'tcp 2001:db8::10 5060',
    ]);
  });

  it('no SRV records: A/AAAA on 5060 (UDP), or 5061 for TLS', async () => {
    const r = await resolver.resolve({ host: 'v6only.test.' });
    expect(r.addresses).toEqual([
      { name: 'v6only.test', address: '2001:db8::99', port: 5060, transport: 'udp', via: 'a' },
    ]);
    const tls = await resolver.resolve({ host: 'plain.test', transport: 'tls' });
    expect(tls.addresses.map((a) => `${a.transport} ${a.port}`)).toEqual(['tls 5061', 'tls 5061']);
  });

  it('NXDOMAIN, no data and timeouts are told apart', async () => {
    expect((await resolver.resolve({ host: 'missing.test', port: 5060 })).failures).toEqual([
      expect.objectContaining({ name: 'missing.test', kind: 'nxdomain' }),
    ]);
    expect((await resolver.resolve({ host: 'missing.test' })).failures).toEqual([
      expect.objectContaining({ name: 'missing.test', kind: 'nxdomain', port: 5060 }),
    ]);
    expect((await resolver.resolve({ host: 'empty.test', port: 5060 })).failures).toEqual([
      expect.objectContaining({ name: 'empty.test', kind: 'no-dns-data' }),
    ]);
    expect((await resolver.resolve({ host: 'slow.test', port: 5060 })).failures).toEqual([
      expect.objectContaining({ name: 'slow.test', kind: 'dns-failure', detail: 'slow.test: DNS timed out' }),
    ]);
  });

  it('transport implied by a port: 5061 is TLS, anything else UDP', () => {
    expect(impliedTransport(5061)).toBe('tls');
    expect(impliedTransport(5060)).toBe('udp');
    expect(impliedTransport(5090)).toBe('udp');
    expect(impliedTransport(undefined)).toBe('udp');
  });
});
