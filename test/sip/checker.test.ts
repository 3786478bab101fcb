import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSipChecker, type SipCheckTarget, SipCheckReportSchema } from '../../src/sip/index.js';
import {
  freeSipPort,
  type RunningSipp,
  selfSignedCert,
  startBlackHole,
  startDns,
  startSipp,
  startTlsSip,
} from './peers.js';

const cert = selfSignedCert('sip.test', ['DNS:sip.test']);
const sipp: Record<string, RunningSipp> = {};
let tlsPeer: Awaited<ReturnType<typeof startTlsSip>>;
let hole: Awaited<ReturnType<typeof startBlackHole>>;
let dns: Awaited<ReturnType<typeof startDns>>;
let closedPort: number;

beforeAll(async () => {
  [sipp.udp200, sipp.udp403, sipp.tcp200] = await Promise.all([
    startSipp('options-200', 'udp'),
    startSipp('options-403', 'udp'),
    startSipp('options-200', 'tcp'),
  ]);
  tlsPeer = await startTlsSip(cert);
  hole = await startBlackHole();
  closedPort = await freeSipPort();
  const local = { A: ['127.0.0.1'] };
  dns = await startDns({
    'sip.test': {},
    '_sip._udp.sip.test': {
      SRV: [
        { priority: 10, weight: 0, port: sipp.udp200.port, target: 'pbx.test' },
        { priority: 20, weight: 0, port: sipp.udp403.port, target: 'pbx.test' },
      ],
    },
    '_sip._tcp.sip.test': { SRV: [{ priority: 10, weight: 0, port: sipp.tcp200.port, target: 'pbx.test' }] },
    '_sips._tcp.sip.test': { SRV: [{ priority: 10, weight: 0, port: tlsPeer.port, target: 'tls.test' }] },
    'pbx.test': local,
    'tls.test': local,
    'closed.test': local,
    'silent.test': local,
    'metadata.test': { A: ['169.254.169.254'] },
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([...Object.values(sipp).map((s) => s.stop()), tlsPeer?.stop(), hole?.stop(), dns?.stop()]);
});

const checkerFor = (extra: Parameters<typeof createSipChecker>[0] = {}) =>
  createSipChecker({
    dnsServers: [dns.server],
    dnsTimeoutMs: 1000,
    t1Ms: 100,
    probeTimeoutMs: 2000,
    allowLoopback: true,
    tls: { ca: cert.cert },
    ...extra,
  });

describe('createSipChecker against sipp, a TLS peer and a local DNS server', () => {
  it('reports a reachable, a refusing, a silent, an unresolvable and a blocked target', async () => {
    const targets: SipCheckTarget[] = [
      { field: 'sipDomain', host: 'sip.test', isDomain: true },
      { field: 'outboundProxy', host: 'pbx.test', port: sipp.udp403.port },
      { field: 'tcpProxy', host: 'pbx.test', port: sipp.tcp200.port, transport: 'tcp' },
      { field: 'closed', host: 'closed.test', port: closedPort },
      { field: 'silent', host: 'silent.test', port: hole.port },
      { field: 'unresolvable', host: 'nowhere.test', port: 5060 },
      { field: 'metadata', host: 'metadata.test', port: 5060 },
      { field: 'unspecified', host: '0.0.0.0', port: 5060 },
    ];
    const answer = await checkerFor().check('tenant-a', targets);
    if (!answer.ok) throw new Error(`check refused: ${answer.reason}`);
    const report = SipCheckReportSchema.parse(JSON.parse(JSON.stringify(answer.report)));

    const rows = report.targets.flatMap((t) =>
      t.addresses.map((a) => {
        const o = a.outcome;
        const what =
          o.kind === 'reachable' ? `reachable ${o.status} ${o.reason} (${o.rttMs} ms)` : `${o.kind}: ${o.detail}`;
        return `${t.field} ${t.target} → ${a.transport} ${a.address ?? a.name}:${a.port}${a.srv ? ` via ${a.srv}` : ''} → ${what}`;
      }),
    );
    console.info(`SIP check results:\n${rows.join('\n')}`);

    const byField = Object.fromEntries(report.targets.map((t) => [t.field, t]));
    const summary = (field: string) =>
      byField[field].addresses.map((a) =>
        a.outcome.kind === 'reachable'
          ? `${a.transport} ${a.port} ${a.outcome.status}`
          : `${a.transport} ${a.outcome.kind}`,
      );
    expect(summary('sipDomain')).toEqual([
      `udp ${sipp.udp200.port} 200`,
      `udp ${sipp.udp403.port} 403`,
      `tcp ${sipp.tcp200.port} 200`,
      `tls ${tlsPeer.port} 200`,
    ]);
    expect(byField.sipDomain.reachable).toBe(true);
    expect(summary('outboundProxy')).toEqual([`udp ${sipp.udp403.port} 403`]);
    expect(summary('tcpProxy')).toEqual([`tcp ${sipp.tcp200.port} 200`]);
    expect(summary('closed')).toEqual(['udp refused']);
    expect(summary('silent')).toEqual(['udp no-answer']);
    expect(summary('unresolvable')).toEqual(['udp nxdomain']);
    expect(byField.unresolvable.addresses[0].address).toBeUndefined();
    expect(summary('metadata')).toEqual(['udp blocked']);
    expect(summary('unspecified')).toEqual(['udp blocked']);
    for (const f of ['closed', 'silent', 'unresolvable', 'metadata', 'unspecified']) {
      expect(byField[f].reachable).toBe(false);
    }
  });

  it('refuses loopback unless allowed, without sending anything', async () => {
    const answer = await checkerFor({ allowLoopback: false }).check('tenant-b', [
      { field: 'outboundProxy', host: 'pbx.test', port: sipp.udp200.port },
      { field: 'literal', host: '::1', port: 5060 },
    ]);
    expect(answer.ok && answer.report.targets.map((t) => t.addresses.map((a) => a.outcome.kind))).toEqual([
      ['blocked'],
      ['blocked'],
    ]);
  });

  it('counts checks per key: the limit answers rate-limited with a wait, other tenants unaffected', async () => {
    const checker = checkerFor({ checksPerMinute: 2 });
    const target = [{ field: 'outboundProxy', host: '127.0.0.1', port: sipp.udp200.port }];
    expect((await checker.check('tenant-c', target)).ok).toBe(true);
    expect((await checker.check('tenant-c', target)).ok).toBe(true);
    const third = await checker.check('tenant-c', target);
    expect(third).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect(!third.ok && third.reason === 'rate-limited' && third.retryAfterMs).toBeGreaterThan(0);
    expect((await checker.check('tenant-d', target)).ok).toBe(true);
  });

  it('a check past its deadline sends no more probes: queued ones are reported as not probed', async () => {
    const checker = checkerFor({ maxConcurrentProbes: 1, checkDeadlineMs: 600 });
    const targets = ['a', 'b', 'c'].map((field) => ({ field, host: '127.0.0.1', port: hole.port }));
    const answer = await checker.check('tenant-f', targets);
    const details = answer.ok ? answer.report.targets.map((t) => t.addresses[0].outcome) : [];
    expect(details.map((o) => o.kind)).toEqual(['no-answer', 'no-answer', 'no-answer']);
    const notProbed = details.filter((o) => o.kind !== 'reachable' && o.detail.startsWith('not probed'));
    expect(notProbed).toHaveLength(2);
  });

  it('keeps at most maxConcurrentProbes probes in flight', async () => {
    let open = 0;
    let most = 0;
    const sockets = new Set<net.Socket>();
    // A TCP peer that holds each connection a moment, then closes it without answering.
    const server = net.createServer((s) => {
      sockets.add(s);
      open++;
      most = Math.max(most, open);
      s.on('close', () => {
        open--;
        sockets.delete(s);
      });
      setTimeout(() => s.destroy(), 100);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as net.AddressInfo;
    try {
      const checker = checkerFor({ maxConcurrentProbes: 1 });
      const targets = ['a', 'b', 'c', 'd'].map((field) => ({
        field,
        host: '127.0.0.1',
        port,
        transport: 'tcp' as const,
      }));
      const answer = await checker.check('tenant-e', targets);
      expect(answer.ok && answer.report.targets.map((t) => t.addresses[0].outcome.kind)).toEqual([
        'error',
        'error',
        'error',
        'error',
      ]);
      expect(most).toBe(1);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});
