import { Semaphore } from 'async-mutex';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { classifyIp } from '../core/sip-address.js';
import { probe, type ProbeOptions } from './probe.js';
import { type ResolvedAddress, type ResolveTarget, SipResolver } from './resolve.js';
import type { AddressCheck, ProbeOutcome, SipCheckReport, SipTransport, TargetCheck } from './result.js';

/** One configured value to check, e.g. the SIP Domain `sip.example.com` or the proxy `sip10.example.com:5090`. */
export interface SipCheckTarget {
  /** The caller's name for it (`sipDomain`, `outboundProxy`, `secondaryProxy`), echoed in the result. */
  field: string;
  host: string;
  port?: number;
  transport?: SipTransport;
  /** The SIP Domain: SRV first even when a port is given. */
  isDomain?: boolean;
}

export interface SipCheckerOptions {
  /** DNS servers (`ip` or `ip:port`); the system's when absent. */
  dnsServers?: string[];
  /** Per DNS query, and how often c-ares tries it. */
  dnsTimeoutMs?: number;
  dnsTries?: number;
  /** Timer E start and cap (RFC 3261: 500 ms, 4 s), scaled down. */
  t1Ms?: number;
  t2Ms?: number;
  /** Each probe's deadline (Timer F is min(64·T1, this)) and TCP/TLS connect + answer deadline. */
  probeTimeoutMs?: number;
  /**
   * The whole check's budget after DNS: a probe waiting for a slot past it is not sent (reported as no-answer),
   * and no probe runs beyond it. Bounds a check when many run at once.
   */
  checkDeadlineMs?: number;
  /** Probes in flight at once, over all checks of this process. */
  maxConcurrentProbes?: number;
  /** Addresses probed per target (SRV and AAAA can fan out); the rest are not probed. */
  maxAddressesPerTarget?: number;
  /** Checks allowed per key (tenant) per minute, with the default in-memory limiter. */
  checksPerMinute?: number;
  /** A rate-limiter-flexible limiter shared between replicas (Redis, PostgreSQL); replaces the in-memory one. */
  limiter?: RateLimiterAbstract;
  /** Tests only: allow probing 127.0.0.0/8 and ::1. Never set from production configuration. */
  allowLoopback?: boolean;
  tls?: ProbeOptions['tls'];
  userAgent?: string;
}

export type SipCheckAnswer =
  | { ok: true; report: SipCheckReport }
  | { ok: false; reason: 'rate-limited'; retryAfterMs: number }
  | { ok: false; reason: 'limiter-unavailable'; detail: string };

export interface SipChecker {
  /**
   * Resolves and probes every target; counts one check against `key` (the tenant) first. Resolves, never
   * rejects; a target that cannot be reached is a result, not an error. Bounded by DNS and probe timeouts.
   */
  check(key: string, targets: SipCheckTarget[]): Promise<SipCheckAnswer>;
}

export const SIP_CHECK_DEFAULTS = {
  dnsTimeoutMs: 2000,
  dnsTries: 2,
  t1Ms: 250,
  t2Ms: 2000,
  probeTimeoutMs: 4000,
  checkDeadlineMs: 15_000,
  maxConcurrentProbes: 8,
  maxAddressesPerTarget: 6,
  checksPerMinute: 5,
  userAgent: 'aco-connect',
} as const;

function targetText(t: SipCheckTarget): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return t.port ? `${host}:${t.port}` : host;
}

export function createSipChecker(options: SipCheckerOptions = {}): SipChecker {
  const o = { ...SIP_CHECK_DEFAULTS, ...options };
  const limiter = options.limiter ?? new RateLimiterMemory({ points: o.checksPerMinute, duration: 60 });
  const probes = new Semaphore(o.maxConcurrentProbes);
  const probeOptions: ProbeOptions = {
    t1Ms: o.t1Ms,
    t2Ms: o.t2Ms,
    timeoutMs: o.probeTimeoutMs,
    userAgent: o.userAgent,
    tls: options.tls,
  };

  const blockedKind = (ip: string) => {
    const kind = classifyIp(ip);
    return kind && !(kind === 'loopback' && o.allowLoopback) ? kind : undefined;
  };

  async function probeAddress(a: ResolvedAddress, t: SipCheckTarget, deadline: number): Promise<AddressCheck> {
    const base = { name: a.name, address: a.address, port: a.port, transport: a.transport, via: a.via, srv: a.srv };
    const blocked = blockedKind(a.address);
    if (blocked) return { ...base, outcome: { kind: 'blocked', detail: `${a.address} is ${blocked}` } };
    // RFC 3263 keeps the configured name in the Request-URI; the port only when it was configured.
    const uriPort = a.via === 'srv' ? undefined : t.port;
    const outcome = await probes.runExclusive((): Promise<ProbeOutcome> => {
      const left = deadline - Date.now();
      if (left < o.t1Ms) {
        return Promise.resolve({
          kind: 'no-answer',
          detail: 'not probed: the check ran out of time waiting for a slot',
        });
      }
      return probe(
        { address: a.address, port: a.port, transport: a.transport, uriHost: t.host.replace(/\.$/, ''), uriPort },
        { ...probeOptions, timeoutMs: Math.min(o.probeTimeoutMs, left) },
      );
    });
    return { ...base, outcome };
  }

  async function checkTarget(resolver: SipResolver, t: SipCheckTarget): Promise<TargetCheck> {
    const query: ResolveTarget = { host: t.host, port: t.port, transport: t.transport, srvEvenWithPort: t.isDomain };
    const { addresses, failures } = await resolver.resolve(query);
    const deadline = Date.now() + o.checkDeadlineMs;
    const seen = new Set<string>();
    const unique = addresses.filter((a) => {
      const key = `${a.transport} ${a.address} ${a.port}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const probed = await Promise.all(unique.slice(0, o.maxAddressesPerTarget).map((a) => probeAddress(a, t, deadline)));
    const unresolved: AddressCheck[] = failures.map((f) => ({
      name: f.name,
      port: f.port,
      transport: f.transport,
      via: f.via,
      srv: f.srv,
      outcome: { kind: f.kind, detail: f.detail },
    }));
    const all = [...probed, ...unresolved];
    return {
      field: t.field,
      target: targetText(t),
      reachable: all.some((a) => a.outcome.kind === 'reachable'),
      addresses: all,
    };
  }

  return {
    async check(key, targets) {
      try {
        await limiter.consume(key);
      } catch (err) {
        if (err instanceof RateLimiterRes) return { ok: false, reason: 'rate-limited', retryAfterMs: err.msBeforeNext };
        return { ok: false, reason: 'limiter-unavailable', detail: String((err as Error)?.message ?? err) };
      }
      const resolver = new SipResolver({ servers: o.dnsServers, timeoutMs: o.dnsTimeoutMs, tries: o.dnsTries });
      const checked = await Promise.all(targets.map((t) => checkTarget(resolver, t)));
      return { ok: true, report: { checkedAt: new Date().toISOString(), targets: checked } };
    },
  };
}
