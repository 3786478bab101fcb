/** Real peers for the SIP check tests: sipp as a UAS, a silent UDP socket, a TLS SIP responder, a DNS server. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { createUDPServer, Packet } from 'dns2';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SIPP = '/usr/bin/sipp';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port free for both UDP and TCP on 127.0.0.1 (bound and released; another process could take it meanwhile). */
export async function freeSipPort(): Promise<number> {
  for (;;) {
    const udp = dgram.createSocket('udp4');
    const port = await new Promise<number>((resolve) => udp.bind(0, '127.0.0.1', () => resolve(udp.address().port)));
    const tcpFree = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    udp.close();
    if (tcpFree) return port;
  }
}

/** True once a socket is bound (UDP) or listening (TCP) on the port, read from /proc/net. */
function bound(port: number, transport: 'udp' | 'tcp'): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const file of [`/proc/net/${transport}`, `/proc/net/${transport}6`]) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is column 1; state 0A is LISTEN for TCP, 07 (CLOSE) is a bound UDP socket.
      if (cols[1]?.endsWith(hex) && cols[3] === (transport === 'tcp' ? '0A' : '07')) return true;
    }
  }
  return false;
}

export interface RunningSipp {
  port: number;
  /** The command line as run, for the report. */
  command: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts sipp as a UAS answering OPTIONS with the scenario's status, in the foreground, and waits until bound. */
export async function startSipp(
  scenario: 'options-200' | 'options-403',
  transport: 'udp' | 'tcp',
): Promise<RunningSipp> {
  const port = await freeSipPort();
  const args = [
    '-sf',
    path.join(here, 'scenarios', `${scenario}.xml`),
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    '-t',
    transport === 'udp' ? 'u1' : 't1',
    '-nostdin',
  ];
  const child: ChildProcess = spawn(SIPP, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
  let out = '';
  child.stdout?.on('data', (d) => {
    out = (out + d).slice(-4000);
  });
  child.stderr?.on('data', (d) => {
    out = (out + d).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  while (!bound(port, transport)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`sipp did not start on ${transport} ${port}: ${out}`);
    }
    await sleep(50);
  }
  return {
    port,
    command: `${SIPP} ${args.join(' ')}`,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** A UDP socket that receives and never answers; counts what arrives (retransmissions). */
export async function startBlackHole(): Promise<{ port: number; received: () => number; stop: () => Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  let count = 0;
  socket.on('message', () => count++);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    port: socket.address().port,
    received: () => count,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A self-signed certificate from the openssl CLI for the names and IPs given. */
export function selfSignedCert(cn: string, sans: string[]): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sip-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${cn}`,
        '-addext',
        `subjectAltName=${sans.join(',')}`,
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Answers each SIP request read from a stream with `status reason`, echoing Via/From/To/Call-ID/CSeq (RFC 3261 §8.2.6). */
function answerStream(socket: net.Socket, status: string): void {
  let buffer = '';
  socket.on('error', () => {});
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    for (let end = buffer.indexOf('\r\n\r\n'); end >= 0; end = buffer.indexOf('\r\n\r\n')) {
      const head = buffer.slice(0, end);
      buffer = buffer.slice(end + 4);
      const echoed = head
        .split('\r\n')
        .slice(1)
        .filter((l) => /^(via|from|to|call-id|cseq|v|f|t|i):/i.test(l));
      socket.write(
        [`SIP/2.0 ${status}`, ...echoed, 'Server: node tls test peer', 'Content-Length: 0', '', ''].join('\r\n'),
        'latin1',
      );
    }
  });
}

/** A TLS listener that answers OPTIONS with 200 OK. */
export async function startTlsSip(cert: {
  key: string;
  cert: string;
}): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(cert, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    answerStream(socket, '200 OK');
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export type DnsZone = Record<
  string,
  {
    A?: string[];
    AAAA?: string[];
    SRV?: { priority: number; weight: number; port: number; target: string }[];
    /** Never answer (a DNS timeout). */
    silent?: boolean;
  }
>;

/**
 * An authoritative-looking DNS server (dns2) on 127.0.0.1 serving the zone: names in it answer with their
 * records (none of the asked type: NOERROR, empty), names not in it answer NXDOMAIN.
 */
export async function startDns(
  zone: DnsZone,
): Promise<{ server: string; queries: string[]; stop: () => Promise<void> }> {
  const queries: string[] = [];
  const server = createUDPServer((request, send) => {
    const response = Packet.createResponseFromRequest(request);
    const [question] = request.questions;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    const typeName = Object.entries(Packet.TYPE).find(([, v]) => v === question.type)?.[0] ?? String(question.type);
    queries.push(`${typeName} ${name}`);
    const entry = zone[name];
    if (entry?.silent) return;
    if (!entry) {
      response.header.rcode = 3; // NXDOMAIN
    } else {
      const base = { name: question.name, class: Packet.CLASS.IN, ttl: 60 };
      // dns2's types want Resource instances; its encoder takes plain records (its README's way).
      const add = (record: object) => response.answers.push(record as never);
      if (question.type === Packet.TYPE.A)
        for (const address of entry.A ?? []) add({ ...base, type: Packet.TYPE.A, address });
      if (question.type === Packet.TYPE.AAAA)
        for (const address of entry.AAAA ?? []) add({ ...base, type: Packet.TYPE.AAAA, address });
      if (question.type === Packet.TYPE.SRV)
        for (const srv of entry.SRV ?? []) add({ ...base, type: Packet.TYPE.SRV, ...srv });
    }
    response.header.aa = 1;
    void send(response);
  });
  server.on('requestError', () => {});
  await server.listen(0, '127.0.0.1');
  const { port } = server.address() as net.AddressInfo;
  return {
    server: `127.0.0.1:${port}`,
    queries,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
