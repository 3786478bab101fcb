import { randomBytes } from 'node:crypto';
import type { SipTransport } from './result.js';

/** An OPTIONS request (RFC 3261 §11) and the values a response must echo to be ours. */
export interface OptionsRequest {
  text: string;
  branch: string;
  callId: string;
}

export interface OptionsParams {
  transport: SipTransport;
  /** Request-URI host: the name the admin configured (RFC 3263 keeps it), or the IP. */
  uriHost: string;
  /** Port for the Request-URI; omitted when the SRV record chose it. */
  uriPort?: number;
  /** Our socket's address and port for Via sent-by and Contact. */
  localAddress: string;
  localPort: number;
  userAgent: string;
}

const token = (bytes: number) => randomBytes(bytes).toString('hex');
const hostText = (h: string) => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);

export function buildOptions(p: OptionsParams): OptionsRequest {
  const branch = `z9hG4bK${token(10)}`;
  const callId = `${token(12)}@aco-connect`;
  const scheme = p.transport === 'tls' ? 'sips' : 'sip';
  const target = `${scheme}:${hostText(p.uriHost)}${p.uriPort ? `:${p.uriPort}` : ''}`;
  const local = `${hostText(p.localAddress)}:${p.localPort}`;
  const viaTransport = p.transport.toUpperCase();
  const lines = [
    `OPTIONS ${target} SIP/2.0`,
    `Via: SIP/2.0/${viaTransport} ${local};branch=${branch};rport`,
    'Max-Forwards: 70',
    `To: <${target}>`,
    `From: <${scheme}:aco-connect@${hostText(p.localAddress)}>;tag=${token(6)}`,
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    `Contact: <${scheme}:aco-connect@${local}${p.transport === 'udp' ? '' : `;transport=${p.transport === 'tls' ? 'tls' : 'tcp'}`}>`,
    'Accept: application/sdp',
    `User-Agent: ${p.userAgent}`,
    'Content-Length: 0',
    '',
    '',
  ];
  return { text: lines.join('\r\n'), branch, callId };
}

export interface SipResponse {
  status: number;
  reason: string;
  /** Header values by lower-case long name, in order; compact forms expanded. */
  headers: Map<string, string[]>;
}

/** RFC 3261 §7.3.3 compact forms. */
const COMPACT: Record<string, string> = {
  v: 'via',
  i: 'call-id',
  f: 'from',
  t: 'to',
  l: 'content-length',
  m: 'contact',
  c: 'content-type',
  e: 'content-encoding',
  k: 'supported',
  s: 'subject',
};

/** Headers whose values may be comma-separated lists of several entries. */
const LIST_HEADERS = new Set(['via']);

function splitList(value: string): string[] {
  // Split on commas outside quotes and angle brackets.
  const out: string[] = [];
  let depthAngle = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && ch === '<') depthAngle++;
    else if (!quoted && ch === '>') depthAngle = Math.max(0, depthAngle - 1);
    else if (!quoted && depthAngle === 0 && ch === ',') {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((v) => v !== '');
}

/**
 * Parses the start line and headers of a SIP response (the part before the blank line). Returns undefined for
 * anything that is not a well-formed response — requests, garbage, binary. Never throws.
 */
export function parseResponseHead(head: string): SipResponse | undefined {
  const lines = head.split(/\r?\n/);
  const m = /^SIP\/2\.0 ([1-6]\d\d) ?([^\r\n]*)$/i.exec(lines[0] ?? '');
  if (!m) return undefined;
  const headers = new Map<string, string[]>();
  let last: { name: string; idx: number } | undefined;
  for (const line of lines.slice(1)) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      // Folded continuation (RFC 3261 §7.3.1).
      if (!last) return undefined;
      const values = headers.get(last.name) ?? [];
      values[last.idx] = `${values[last.idx]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const rawName = line.slice(0, colon).trim().toLowerCase();
    if (!/^[a-z0-9!%*_+`'~.-]+$/.test(rawName)) return undefined;
    const name = COMPACT[rawName] ?? rawName;
    const value = line.slice(colon + 1).trim();
    const values = headers.get(name) ?? [];
    values.push(value);
    headers.set(name, values);
    last = { name, idx: values.length - 1 };
  }
  for (const name of LIST_HEADERS) {
    const values = headers.get(name);
    if (values) headers.set(name, values.flatMap(splitList));
  }
  return { status: Number(m[1]), reason: m[2].trim().slice(0, 200), headers };
}

/** The `branch` parameter of a Via value, or undefined. */
export function viaBranch(via: string): string | undefined {
  const m = /;\s*branch\s*=\s*([^;,\s]+)/i.exec(via);
  return m?.[1];
}

/** True when the response answers our request: top Via branch, Call-ID and CSeq method OPTIONS all match. */
export function answersRequest(res: SipResponse, req: Pick<OptionsRequest, 'branch' | 'callId'>): boolean {
  const topVia = res.headers.get('via')?.[0];
  if (!topVia || viaBranch(topVia) !== req.branch) return false;
  if (res.headers.get('call-id')?.[0] !== req.callId) return false;
  const cseq = res.headers.get('cseq')?.[0];
  return !!cseq && /^\d+\s+OPTIONS$/i.test(cseq.trim());
}

/** Parses one UDP datagram as a response; undefined for anything else. Never throws. */
export function parseDatagram(data: Buffer): SipResponse | undefined {
  const text = data.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return parseResponseHead(end >= 0 ? text.slice(0, end) : text);
}

/**
 * Splits a stream (TCP/TLS) into messages by the blank line and Content-Length (RFC 3261 §18.3). Feed it bytes;
 * it yields each complete message's parsed head (undefined for a malformed one) and keeps the rest.
 */
export class StreamFramer {
  private buffer = Buffer.alloc(0);
  constructor(private readonly maxBytes = 64 * 1024) {}

  /** Returns the complete messages received so far; throws nothing. `overflow` when the peer sent too much. */
  push(chunk: Buffer): { messages: (SipResponse | undefined)[]; overflow: boolean } {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const messages: (SipResponse | undefined)[] = [];
    for (;;) {
      // Keep-alive CRLFs between messages (RFC 5626 §3.5.1) are skipped.
      let skip = 0;
      while (skip < this.buffer.length && (this.buffer[skip] === 0x0d || this.buffer[skip] === 0x0a)) skip++;
      if (skip) this.buffer = this.buffer.subarray(skip);
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) break;
      const head = this.buffer.subarray(0, end).toString('latin1');
      const parsed = parseResponseHead(head);
      const lengthText = parsed?.headers.get('content-length')?.[0] ?? '0';
      const length = /^\d{1,7}$/.test(lengthText.trim()) ? Number(lengthText.trim()) : 0;
      const total = end + 4 + length;
      if (this.buffer.length < total) break;
      messages.push(parsed);
      this.buffer = this.buffer.subarray(total);
    }
    return { messages, overflow: this.buffer.length > this.maxBytes };
  }
}
