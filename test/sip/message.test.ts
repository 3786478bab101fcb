import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answersRequest,
  buildOptions,
  parseDatagram,
  parseResponseHead,
  StreamFramer,
  viaBranch,
} from '../../src/sip/message.js';

const params = {
  transport: 'udp' as const,
  uriHost: 'sip.example.com',
  uriPort: 5090,
  localAddress: '192.0.2.10',
  localPort: 40000,
  userAgent: 'aco-connect',
};

/** A response to `text` as a UAS builds it (RFC 3261 §8.2.6.2): Via, From, To, Call-ID, CSeq copied. */
function answer(text: string, status = '200 OK', extra: string[] = []): string {
  const copied = text.split('\r\n').filter((l) => /^(Via|From|To|Call-ID|CSeq):/.test(l));
  return [`SIP/2.0 ${status}`, ...copied, ...extra, 'Content-Length: 0', '', ''].join('\r\n');
}

describe('buildOptions', () => {
  it('has the RFC 3261 §8.1.1 headers, a magic-cookie branch with rport, and ends with an empty body', () => {
    const req = buildOptions(params);
    const lines = req.text.split('\r\n');
    expect(lines[0]).toBe('OPTIONS sip:sip.example.com:5090 SIP/2.0');
    expect(req.branch).toMatch(/^z9hG4bK[0-9a-f]{20}$/);
    expect(lines).toContain(`Via: SIP/2.0/UDP 192.0.2.10:40000;branch=${req.branch};rport`);
    expect(lines).toContain('Max-Forwards: 70');
    expect(lines).toContain('To: <sip:sip.example.com:5090>');
    expect(lines.find((l) => l.startsWith('From: '))).toMatch(
      /^From: <sip:aco-connect@192\.0\.2\.10>;tag=[0-9a-f]{12}$/,
    );
    expect(lines).toContain(`Call-ID: ${req.callId}`);
    expect(lines).toContain('CSeq: 1 OPTIONS');
    expect(lines).toContain('Contact: <sip:aco-connect@192.0.2.10:40000>');
    expect(lines).toContain('Accept: application/sdp');
    expect(lines).toContain('User-Agent: aco-connect');
    expect(req.text.endsWith('Content-Length: 0\r\n\r\n')).toBe(true);
  });

  it('uses sips: and TLS in Via/Contact over TLS, brackets IPv6, and a fresh branch and Call-ID each time', () => {
    const a = buildOptions({ ...params, transport: 'tls', uriPort: undefined, localAddress: '2001:db8::5' });
    expect(a.text).toMatch(/^OPTIONS sips:sip\.example\.com SIP\/2\.0\r\n/);
    expect(a.text).toContain('Via: SIP/2.0/TLS [2001:db8::5]:40000;');
    expect(a.text).toContain('Contact: <sips:aco-connect@[2001:db8::5]:40000;transport=tls>');
    const b = buildOptions(params);
    const c = buildOptions(params);
    expect(b.branch).not.toBe(c.branch);
    expect(b.callId).not.toBe(c.callId);
  });
});

describe('parseResponseHead and answersRequest', () => {
  it('matches a response that echoes our branch and Call-ID', () => {
    const req = buildOptions(params);
    const res = parseDatagram(Buffer.from(answer(req.text, '405 Method Not Allowed')));
    expect(res).toMatchObject({ status: 405, reason: 'Method Not Allowed' });
    expect(res && answersRequest(res, req)).toBe(true);
  });

  it('reads compact headers, folded lines, lower-case names and a Via list', () => {
    const req = buildOptions(params);
    const text = [
      'SIP/2.0 483 Too Many Hops',
      `v: SIP/2.0/UDP 192.0.2.10:40000;branch=${req.branch};rport=40000;received=198.51.100.1,`,
      ' SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKupstream',
      `i: ${req.callId}`,
      'cseq:   1   OPTIONS',
      'f: <sip:a@b>;tag=1',
      't: <sip:c@d>',
      'l: 0',
      '',
      '',
    ].join('\r\n');
    const res = parseResponseHead(text);
    expect(res?.headers.get('via')).toHaveLength(2);
    expect(res && answersRequest(res, req)).toBe(true);
  });

  it('refuses another branch, another Call-ID, another method, requests and garbage', () => {
    const req = buildOptions(params);
    const good = answer(req.text);
    const variants = [
      good.replace(req.branch, 'z9hG4bKsomeoneelse'),
      good.replace(req.callId, 'other@x'),
      good.replace('CSeq: 1 OPTIONS', 'CSeq: 1 INVITE'),
    ];
    for (const v of variants) {
      const res = parseResponseHead(v);
      expect(res && answersRequest(res, req)).toBe(false);
    }
    expect(parseResponseHead(req.text)).toBeUndefined();
    expect(parseResponseHead('HTTP/1.1 200 OK\r\n\r\n')).toBeUndefined();
    expect(parseResponseHead('SIP/2.0 99 Low\r\n')).toBeUndefined();
    expect(parseResponseHead('SIP/2.0 200 OK\r\nno colon here\r\n')).toBeUndefined();
  });

  it('finds the branch parameter among others', () => {
    expect(viaBranch('SIP/2.0/UDP h;rport=1;branch=z9hG4bKabc;received=1.2.3.4')).toBe('z9hG4bKabc');
    expect(viaBranch('SIP/2.0/UDP h;rport')).toBeUndefined();
  });

  it('never throws on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        parseDatagram(Buffer.from(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on SIP-shaped text with random headers (property)', () => {
    const header = fc.tuple(fc.constantFrom('v', 'Via', 'i', 'Call-ID', 'CSeq', 'l', 'X-Y', ' ', ''), fc.string());
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.string(),
        fc.array(header, { maxLength: 12 }),
        (code, reason, hs) => {
          const text = [`SIP/2.0 ${code} ${reason}`, ...hs.map(([n, v]) => `${n}: ${v}`), '', ''].join('\r\n');
          const res = parseResponseHead(text);
          if (res) answersRequest(res, { branch: 'z9hG4bKx', callId: 'c' });
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('StreamFramer', () => {
  it('frames messages split anywhere, by Content-Length, skipping keep-alive CRLFs', () => {
    const req = buildOptions(params);
    const one = answer(req.text, '100 Trying');
    const two = answer(req.text, '200 OK').replace('Content-Length: 0', 'Content-Length: 5');
    const stream = Buffer.from(`\r\n\r\n${one}${two}hello${one}`, 'latin1');
    for (let cut = 1; cut < stream.length; cut += 7) {
      const framer = new StreamFramer();
      const a = framer.push(stream.subarray(0, cut));
      const b = framer.push(stream.subarray(cut));
      const statuses = [...a.messages, ...b.messages].map((m) => m?.status);
      expect(statuses).toEqual([100, 200, 100]);
    }
  });

  it('reports overflow when a peer sends a huge header without an end', () => {
    const framer = new StreamFramer(1024);
    expect(framer.push(Buffer.alloc(2048, 0x41)).overflow).toBe(true);
  });

  it('never throws on arbitrary chunks (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }), (chunks) => {
        const framer = new StreamFramer(4096);
        for (const c of chunks) framer.push(Buffer.from(c));
      }),
      { numRuns: 500 },
    );
  });
});
