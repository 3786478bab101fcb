import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which hosts aco-connect will store as a SIP Domain or proxy, and which addresses the connectivity check may
 * probe. Pure: the settings parser calls `vetSipHost` on the host part of `host:port`; src/sip calls
 * `classifyIp` on every address DNS gives it.
 */

/** Address ranges that are never a SIP provider: probing them would reach this machine or its own network. */
export type ForbiddenIpKind = 'loopback' | 'unspecified' | 'link-local' | 'multicast';

export type SipHostRefusal = ForbiddenIpKind | 'zone-id' | 'empty';

export type SipHostVerdict = { ok: true; host: string } | { ok: false; kind: SipHostRefusal; message: string };

/** Eight 16-bit groups of an IPv6 address, or undefined when the text is not one (zone ids are not accepted). */
function ipv6Groups(ip: string): number[] | undefined {
  if (!isIPv6(ip) || ip.includes('%')) return undefined;
  let text = ip.toLowerCase();
  // A dotted IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array(8 - left.length - right.length).fill('0');
  const groups = [...left, ...fill, ...right].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}

function classifyIpv4(ip: string): ForbiddenIpKind | undefined {
  const [a, b] = ip.split('.').map(Number);
  if (a === 127) return 'loopback';
  if (a === 0) return 'unspecified'; // 0.0.0.0/8: "this network", never a destination
  if (a === 169 && b === 254) return 'link-local';
  if (a >= 224 && a <= 239) return 'multicast';
  if (ip === '255.255.255.255') return 'multicast'; // limited broadcast: treated like multicast, never probed
  return undefined;
}

/**
 * Says why an IP address must not be probed, or undefined when it may be (any other address, including
 * private ranges: an on-premises SBC on 10/8 is legitimate). IPv4-mapped IPv6 addresses are judged as IPv4.
 * Not an IP address at all: undefined.
 */
export function classifyIp(ip: string): ForbiddenIpKind | undefined {
  if (isIPv4(ip)) return classifyIpv4(ip);
  const g = ipv6Groups(ip);
  if (!g) return undefined;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return classifyIpv4(`${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`);
  }
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  return undefined;
}

const REFUSAL_TEXT: Record<SipHostRefusal, (host: string) => string> = {
  loopback: (h) => `${h} is a loopback address (this machine itself), not a SIP server. Enter your provider's address.`,
  unspecified: (h) => `${h} is the unspecified address and cannot be reached. Enter your provider's address.`,
  'link-local': (h) =>
    `${h} is a link-local address, only valid on one network segment. Enter your provider's address.`,
  multicast: (h) => `${h} is a multicast or broadcast address, not a SIP server. Enter your provider's address.`,
  'zone-id': (h) =>
    `${h} has an IPv6 zone id ("%…"), which only means something on one machine. Remove it and use a global address.`,
  empty: () => 'Enter a host name or IP address.',
};

/**
 * Accepts or refuses the host part of a SIP Domain or proxy as typed in the form: refuses loopback,
 * unspecified, link-local and multicast IPs (IPv4, IPv6, IPv4-mapped IPv6) and IPv6 zone ids, and removes a
 * host name's trailing dot ("sip.example.com." → "sip.example.com"). Host-name syntax is the parser's job.
 * `allowLoopback` is for tests only. Never throws.
 */
export function vetSipHost(raw: string, options: { allowLoopback?: boolean } = {}): SipHostVerdict {
  let host = raw.trim().toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.includes('%')) return { ok: false, kind: 'zone-id', message: REFUSAL_TEXT['zone-id'](host.slice(0, 80)) };
  if (host.endsWith('.') && !isIPv4(host.slice(0, -1))) host = host.slice(0, -1);
  if (host === '') return { ok: false, kind: 'empty', message: REFUSAL_TEXT.empty(host) };
  // RFC 6761: localhost and every name under it is this machine.
  const kind = host === 'localhost' || host.endsWith('.localhost') ? 'loopback' : classifyIp(host);
  if (kind && !(kind === 'loopback' && options.allowLoopback)) {
    return { ok: false, kind, message: REFUSAL_TEXT[kind](host) };
  }
  return { ok: true, host };
}
