import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, type ProbeOptions } from '../../src/sip/probe.js';
import { freeSipPort, type RunningSipp, selfSignedCert, startBlackHole, startSipp, startTlsSip } from './peers.js';

// Scaled-down timers: T1 100 ms, Timer F bounded at 3 s. Generous enough for a loaded box talking to 127.0.0.1.
const options: ProbeOptions = { t1Ms: 100, t2Ms: 800, timeoutMs: 3000, userAgent: 'aco-connect-test' };
const sipp: Record<string, RunningSipp> = {};

beforeAll(async () => {
  const started = await Promise.all([
    startSipp('options-200', 'udp'),
    startSipp('options-403', 'udp'),
    startSipp('options-200', 'tcp'),
    startSipp('options-403', 'tcp'),
  ]);
  [sipp.udp200, sipp.udp403, sipp.tcp200, sipp.tcp403] = started;
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(sipp).map((s) => s.stop()));
});

const at = (port: number, transport: 'udp' | 'tcp' | 'tls', uriHost = '127.0.0.1') => ({
  address: '127.0.0.1',
  port,
  transport,
  uriHost,
});

describe('OPTIONS probe against sipp', () => {
  it('UDP: 200 OK is reachable, with a round trip', async () => {
    const outcome = await probe(at(sipp.udp200.port, 'udp'), options);
    expect(outcome).toMatchObject({ kind: 'reachable', status: 200, reason: 'OK' });
    expect(outcome.kind === 'reachable' && outcome.rttMs).toBeGreaterThanOrEqual(0);
  });

  it('UDP: 403 Forbidden still counts as reachable', async () => {
    expect(await probe(at(sipp.udp403.port, 'udp'), options)).toMatchObject({
      kind: 'reachable',
      status: 403,
      reason: 'Forbidden',
    });
  });

  it('TCP: 200 and 403 are reachable, and a second probe on a fresh connection works too', async () => {
    expect(await probe(at(sipp.tcp200.port, 'tcp'), options)).toMatchObject({ kind: 'reachable', status: 200 });
    expect(await probe(at(sipp.tcp403.port, 'tcp'), options)).toMatchObject({ kind: 'reachable', status: 403 });
    expect(await probe(at(sipp.tcp200.port, 'tcp'), options)).toMatchObject({ kind: 'reachable', status: 200 });
  });

  it('a name in the Request-URI (not the IP) is answered the same', async () => {
    expect(await probe(at(sipp.udp200.port, 'udp', 'sip.example.com'), options)).toMatchObject({ status: 200 });
  });
});

describe('OPTIONS probe failures', () => {
  it('UDP to a port where nothing listens: refused (ICMP port unreachable)', async () => {
    const port = await freeSipPort();
    expect(await probe(at(port, 'udp'), options)).toMatchObject({ kind: 'refused' });
  });

  it('TCP to a port where nothing listens: refused', async () => {
    const port = await freeSipPort();
    expect(await probe(at(port, 'tcp'), options)).toMatchObject({ kind: 'refused' });
  });

  it('UDP black hole: no answer after retransmissions (Timer E), within Timer F', async () => {
    const hole = await startBlackHole();
    try {
      const outcome = await probe(at(hole.port, 'udp'), options);
      expect(outcome).toMatchObject({ kind: 'no-answer' });
      // The first send and at least one retransmission arrived.
      for (let i = 0; i < 100 && hole.received() < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(hole.received()).toBeGreaterThanOrEqual(2);
    } finally {
      await hole.stop();
    }
  });

  it('UDP: strays (garbage, another transaction, a request) are ignored; no answer', async () => {
    const dgram = await import('node:dgram');
    const peer = dgram.createSocket('udp4');
    peer.on('message', (msg, rinfo) => {
      const text = msg.toString('latin1');
      const callId = /Call-ID: (\S+)/.exec(text)?.[1];
      const send = (s: string) => peer.send(Buffer.from(s, 'latin1'), rinfo.port, rinfo.address);
      send('\x00\xff garbage');
      send(`SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP x;branch=z9hG4bKother\r\nCall-ID: ${callId}\r\nCSeq: 1 OPTIONS\r\n\r\n`);
      send(`OPTIONS sip:x SIP/2.0\r\nCall-ID: ${callId}\r\n\r\n`);
    });
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', () => r()));
    try {
      const outcome = await probe(at(peer.address().port, 'udp'), { ...options, timeoutMs: 1000 });
      expect(outcome).toMatchObject({ kind: 'no-answer' });
    } finally {
      peer.close();
    }
  });

  it('TCP: a peer that accepts and never answers is no-answer', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = server.address() as net.AddressInfo;
      expect(await probe(at(port, 'tcp'), { ...options, timeoutMs: 1000 })).toMatchObject({ kind: 'no-answer' });
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});

describe('OPTIONS over TLS', () => {
  const cert = selfSignedCert('sip.test', ['DNS:sip.test', 'IP:127.0.0.1']);
  let peer: Awaited<ReturnType<typeof startTlsSip>>;
  beforeAll(async () => {
    peer = await startTlsSip(cert);
  });
  afterAll(() => peer.stop());

  it('trusted certificate for the name: reachable', async () => {
    const outcome = await probe(at(peer.port, 'tls', 'sip.test'), { ...options, tls: { ca: cert.cert } });
    expect(outcome).toMatchObject({ kind: 'reachable', status: 200, reason: 'OK' });
  });

  it('trusted certificate, IP in the URI matching the IP SAN: reachable', async () => {
    const outcome = await probe(at(peer.port, 'tls', '127.0.0.1'), { ...options, tls: { ca: cert.cert } });
    expect(outcome).toMatchObject({ kind: 'reachable', status: 200 });
  });

  it('self-signed certificate not trusted: tls-failure', async () => {
    const outcome = await probe(at(peer.port, 'tls', 'sip.test'), options);
    expect(outcome).toMatchObject({ kind: 'tls-failure' });
    expect(outcome.kind !== 'reachable' && outcome.detail).toMatch(/SELF_SIGNED|self-signed/i);
  });

  it('certificate for another name: tls-failure', async () => {
    const outcome = await probe(at(peer.port, 'tls', 'other.test'), { ...options, tls: { ca: cert.cert } });
    expect(outcome).toMatchObject({ kind: 'tls-failure' });
    expect(outcome.kind !== 'reachable' && outcome.detail).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID|altnames/i);
  });

  it('a peer that does not speak TLS (sipp over TCP): tls-failure', async () => {
    const outcome = await probe(at(sipp.tcp200.port, 'tls', 'sip.test'), options);
    expect(outcome.kind).toBe('tls-failure');
  });

  it('TLS to a port where nothing listens: refused', async () => {
    const port = await freeSipPort();
    expect(await probe(at(port, 'tls', 'sip.test'), options)).toMatchObject({ kind: 'refused' });
  });
});
