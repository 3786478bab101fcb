import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import net from 'node:net';
import tls from 'node:tls';
import { answersRequest, buildOptions, parseDatagram, StreamFramer } from './message.js';
import type { ProbeOutcome, SipTransport } from './result.js';

export interface ProbeTarget {
  address: string;
  port: number;
  transport: SipTransport;
  /** Request-URI host (the configured name) and, for TLS, the name the certificate must carry. */
  uriHost: string;
  uriPort?: number;
}

export interface ProbeOptions {
  /** RFC 3261 T1, scaled down: the first UDP retransmission interval; it doubles up to `t2Ms` (Timer E). */
  t1Ms: number;
  t2Ms: number;
  /** Timer F (64·T1 in the RFC) bounded by this: the whole probe gives up after it, on every transport. */
  timeoutMs: number;
  userAgent: string;
  /** Extra trust for TLS (tests: the self-signed certificate) and whether to verify at all (default yes). */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
}

const detailOf = (err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  const message = e?.message ?? '';
  return (e?.code && !message.includes(e.code) ? `${e.code}: ${message}` : message || 'error').slice(0, 300);
};

const elapsed = (start: bigint) => Math.round(Number(process.hrtime.bigint() - start) / 1e5) / 10;

/** Sends one OPTIONS to one address and reports what came back. Never throws. */
export function probe(target: ProbeTarget, options: ProbeOptions): Promise<ProbeOutcome> {
  return target.transport === 'udp' ? probeUdp(target, options) : probeStream(target, options);
}

function probeUdp(target: ProbeTarget, o: ProbeOptions): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(isIPv6(target.address) ? 'udp6' : 'udp4');
    const timers: NodeJS.Timeout[] = [];
    let done = false;
    const finish = (outcome: ProbeOutcome) => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      try {
        socket.close();
      } catch {
        // already closed by an error
      }
      resolve(outcome);
    };
    socket.on('error', (err: NodeJS.ErrnoException) =>
      // A connected UDP socket reports ICMP port unreachable as ECONNREFUSED (recvmsg).
      finish({ kind: err.code === 'ECONNREFUSED' ? 'refused' : 'error', detail: detailOf(err) }),
    );
    let start = process.hrtime.bigint();
    let request: ReturnType<typeof buildOptions> | undefined;
    socket.on('message', (data) => {
      const res = parseDatagram(data);
      // Strays (other transactions, garbage, requests) are ignored; only our transaction's answer counts.
      if (!request || !res || !answersRequest(res, request)) return;
      // A provisional 1xx (RFC 3261 §17.1.2.2) already proves a SIP server answers.
      finish({ kind: 'reachable', status: res.status, reason: res.reason, rttMs: elapsed(start) });
    });
    socket.connect(target.port, target.address, () => {
      const local = socket.address();
      request = buildOptions({
        transport: 'udp',
        uriHost: target.uriHost,
        uriPort: target.uriPort,
        localAddress: local.address,
        localPort: local.port,
        userAgent: o.userAgent,
      });
      const bytes = Buffer.from(request.text, 'latin1');
      const send = () => {
        if (!done) socket.send(bytes, (err) => err && finish({ kind: 'error', detail: detailOf(err) }));
      };
      start = process.hrtime.bigint();
      send();
      // Timer E: retransmit at T1, then double, capped at T2, until Timer F.
      const timerF = Math.min(64 * o.t1Ms, o.timeoutMs);
      let at = 0;
      for (let interval = o.t1Ms; at + interval < timerF; interval = Math.min(interval * 2, o.t2Ms)) {
        at += interval;
        timers.push(setTimeout(send, at));
      }
      const retransmissions = timers.length;
      timers.push(
        setTimeout(
          () =>
            finish({
              kind: 'no-answer',
              detail: `no SIP response in ${timerF} ms (${retransmissions} retransmissions)`,
            }),
          timerF,
        ),
      );
    });
  });
}

function probeStream(target: ProbeTarget, o: ProbeOptions): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const isTls = target.transport === 'tls';
    const servername = isTls && net.isIP(target.uriHost) === 0 ? target.uriHost : undefined;
    const socket: net.Socket = isTls
      ? tls.connect({
          host: target.address,
          port: target.port,
          servername,
          ca: o.tls?.ca,
          // Without a name, the certificate must carry the IP address (checkServerIdentity's default).
          rejectUnauthorized: o.tls?.rejectUnauthorized ?? true,
        })
      : net.connect({ host: target.address, port: target.port });
    let done = false;
    let secured = !isTls;
    let start = process.hrtime.bigint();
    let request: ReturnType<typeof buildOptions> | undefined;
    const finish = (outcome: ProbeOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    let connected = false;
    socket.once('connect', () => {
      connected = true;
    });
    const timer = setTimeout(() => {
      // Connected over TCP but no handshake: something answers there, and it does not speak TLS to us.
      if (isTls && connected && !secured) {
        finish({ kind: 'tls-failure', detail: `TCP connected but no TLS handshake in ${o.timeoutMs} ms` });
      } else {
        finish({ kind: 'no-answer', detail: `${request ? 'no SIP response' : 'no connection'} in ${o.timeoutMs} ms` });
      }
    }, o.timeoutMs);
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') finish({ kind: 'refused', detail: detailOf(err) });
      else if (!secured) finish({ kind: 'tls-failure', detail: detailOf(err) });
      else finish({ kind: 'error', detail: detailOf(err) });
    });
    socket.on('close', () => {
      if (!secured) finish({ kind: 'tls-failure', detail: 'the peer closed the connection during the TLS handshake' });
      else finish({ kind: 'error', detail: 'the peer closed the connection without a SIP response' });
    });
    const framer = new StreamFramer();
    socket.on('data', (chunk: Buffer) => {
      const { messages, overflow } = framer.push(chunk);
      for (const res of messages) {
        if (request && res && answersRequest(res, request)) {
          finish({ kind: 'reachable', status: res.status, reason: res.reason, rttMs: elapsed(start) });
          return;
        }
      }
      if (overflow) finish({ kind: 'error', detail: 'the peer sent more than 64 KiB without a matching response' });
    });
    socket.once(isTls ? 'secureConnect' : 'connect', () => {
      secured = true;
      request = buildOptions({
        transport: target.transport,
        uriHost: target.uriHost,
        uriPort: target.uriPort,
        localAddress: socket.localAddress ?? '0.0.0.0',
        localPort: socket.localPort ?? 0,
        userAgent: o.userAgent,
      });
      start = process.hrtime.bigint();
      socket.write(request.text, 'latin1');
    });
  });
}
