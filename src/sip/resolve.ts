import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ProbeFailureKind, SipTransport } from './result.js';

/** One place to send an OPTIONS, as RFC 3263 §4 finds it. */
export interface ResolvedAddress {
  name: string;
  address: string;
  port: number;
  transport: SipTransport;
  via: 'ip' | 'a' | 'srv';
  /** The SRV owner name, e.g. `_sip._udp.example.com`, when an SRV record led here. */
  srv?: string;
}

/** A name that did not resolve, with why. */
export interface ResolveFailure {
  name: string;
  port: number;
  transport: SipTransport;
  via: 'a' | 'srv';
  srv?: string;
  kind: Extract<ProbeFailureKind, 'nxdomain' | 'no-dns-data' | 'dns-failure'>;
  detail: string;
}

export interface ResolveTarget {
  host: string;
  port?: number;
  /** Forced transport (e.g. ACO's provisioning says TCP); otherwise implied by the port and the SRV records. */
  transport?: SipTransport;
  /** The SIP Domain is looked up by SRV even when a port is given (RFC 3263 §4.2: the domain names a service). */
  srvEvenWithPort?: boolean;
}

export interface ResolveResult {
  addresses: ResolvedAddress[];
  failures: ResolveFailure[];
}

export const SIP_PORT = 5060;
export const SIPS_PORT = 5061;

/** The transport a port implies without other information: 5061 means TLS (RFC 3261 §26.2.2), anything else UDP. */
export function impliedTransport(port: number | undefined): SipTransport {
  return port === SIPS_PORT ? 'tls' : 'udp';
}

const SRV_SERVICES: { prefix: string; transport: SipTransport }[] = [
  { prefix: '_sip._udp', transport: 'udp' },
  { prefix: '_sip._tcp', transport: 'tcp' },
  { prefix: '_sips._tcp', transport: 'tls' },
];

type DnsOutcome<T> = { ok: true; records: T[] } | { ok: false; kind: ResolveFailure['kind']; detail: string };

function dnsFailure(err: unknown, name: string): DnsOutcome<never> {
  const code = (err as NodeJS.ErrnoException)?.code ?? 'error';
  // c-ares: ENOTFOUND is NXDOMAIN, ENODATA an existing name without records of the type.
  if (code === 'ENOTFOUND') return { ok: false, kind: 'nxdomain', detail: `${name}: no such name (NXDOMAIN)` };
  if (code === 'ENODATA') return { ok: false, kind: 'no-dns-data', detail: `${name}: no records` };
  if (code === 'ETIMEOUT') return { ok: false, kind: 'dns-failure', detail: `${name}: DNS timed out` };
  return { ok: false, kind: 'dns-failure', detail: `${name}: ${code}` };
}

async function query<T>(run: () => Promise<T[]>, name: string): Promise<DnsOutcome<T>> {
  try {
    const records = await run();
    return records.length ? { ok: true, records } : { ok: false, kind: 'no-dns-data', detail: `${name}: no records` };
  } catch (err) {
    return dnsFailure(err, name);
  }
}

/** Combines the A and AAAA answers: addresses when either has some, else the more telling failure. */
function combine(name: string, a: DnsOutcome<string>, aaaa: DnsOutcome<string>): DnsOutcome<string> {
  const records = [...(a.ok ? a.records : []), ...(aaaa.ok ? aaaa.records : [])];
  if (records.length) return { ok: true, records };
  const failures = [a, aaaa].filter((x): x is Extract<DnsOutcome<string>, { ok: false }> => !x.ok);
  // NXDOMAIN from either is authoritative; a timeout beats "no data" (the other type might have answered).
  const worst = failures.find((f) => f.kind === 'nxdomain') ??
    failures.find((f) => f.kind === 'dns-failure') ??
    failures[0] ?? { ok: false, kind: 'no-dns-data', detail: `${name}: no A or AAAA records` };
  return worst.kind === 'no-dns-data' ? { ...worst, detail: `${name}: no A or AAAA records` } : worst;
}

/** Orders SRV records by priority, then by weight, heaviest first (RFC 2782's order without the lottery). */
function srvOrder(records: { priority: number; weight: number; port: number; name: string }[]) {
  return [...records].sort((x, y) => x.priority - y.priority || y.weight - x.weight);
}

export interface DnsOptions {
  /** DNS servers (`ip` or `ip:port`); the system's when absent. */
  servers?: string[];
  /** Per-query timeout; c-ares retries `tries` times. */
  timeoutMs: number;
  tries: number;
}

/**
 * Resolves a SIP target as RFC 3263 §4 describes, without NAPTR: a numeric IP is used as is; a name with a port
 * gets A/AAAA; a name without a port (or the SIP Domain) gets SRV `_sip._udp`, `_sip._tcp`, `_sips._tcp`, each
 * SRV target then A/AAAA, falling back to the name's A/AAAA on 5060 (5061 for TLS) when there is no SRV record.
 */
export class SipResolver {
  private readonly resolver: Resolver;

  constructor(options: DnsOptions) {
    this.resolver = new Resolver({ timeout: options.timeoutMs, tries: options.tries });
    if (options.servers?.length) this.resolver.setServers(options.servers);
  }

  /** Stops outstanding queries (their promises reject with ECANCELLED). */
  cancel(): void {
    this.resolver.cancel();
  }

  private addressesOf(name: string): Promise<DnsOutcome<string>> {
    return Promise.all([
      query(() => this.resolver.resolve4(name), name),
      query(() => this.resolver.resolve6(name), name),
    ]).then(([a, aaaa]) => combine(name, a, aaaa));
  }

  async resolve(target: ResolveTarget): Promise<ResolveResult> {
    const host = target.host.replace(/\.$/, '');
    if (isIP(host)) {
      const port = target.port ?? (target.transport === 'tls' ? SIPS_PORT : SIP_PORT);
      const transport = target.transport ?? impliedTransport(target.port);
      return { addresses: [{ name: host, address: host, port, transport, via: 'ip' }], failures: [] };
    }
    if (target.port === undefined || target.srvEvenWithPort) {
      const srvResult = await this.resolveSrv(host, target.transport);
      if (srvResult) return srvResult;
    }
    const port = target.port ?? (target.transport === 'tls' ? SIPS_PORT : SIP_PORT);
    const transport = target.transport ?? impliedTransport(target.port);
    const found = await this.addressesOf(host);
    if (!found.ok) {
      return {
        addresses: [],
        failures: [{ name: host, port, transport, via: 'a', kind: found.kind, detail: found.detail }],
      };
    }
    return {
      addresses: found.records.map((address) => ({ name: host, address, port, transport, via: 'a' as const })),
      failures: [],
    };
  }

  /** SRV lookups; undefined when no service has records (then the caller falls back to A/AAAA). */
  private async resolveSrv(host: string, transport: SipTransport | undefined): Promise<ResolveResult | undefined> {
    const services = SRV_SERVICES.filter((s) => !transport || s.transport === transport);
    const answers = await Promise.all(
      services.map(async (s) => {
        const owner = `${s.prefix}.${host}`;
        return { ...s, owner, result: await query(() => this.resolver.resolveSrv(owner), owner) };
      }),
    );
    // NXDOMAIN for the domain itself on every SRV name is reported by the A/AAAA fallback; nothing to add here.
    const withRecords = answers.filter((a) => a.result.ok);
    if (!withRecords.length) return undefined;
    const out: ResolveResult = { addresses: [], failures: [] };
    for (const svc of withRecords) {
      if (!svc.result.ok) continue;
      // "." as the target means the service is decidedly not offered (RFC 2782).
      const records = srvOrder(svc.result.records).filter((r) => r.name !== '' && r.name !== '.');
      const resolved = await Promise.all(records.map((r) => this.addressesOf(r.name.replace(/\.$/, ''))));
      records.forEach((r, i) => {
        const name = r.name.replace(/\.$/, '');
        const found = resolved[i];
        if (found.ok) {
          for (const address of found.records) {
            out.addresses.push({ name, address, port: r.port, transport: svc.transport, via: 'srv', srv: svc.owner });
          }
        } else {
          out.failures.push({
            name,
            port: r.port,
            transport: svc.transport,
            via: 'srv',
            srv: svc.owner,
            kind: found.kind,
            detail: found.detail,
          });
        }
      });
    }
    return out;
  }
}
