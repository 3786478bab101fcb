import { FIELD_LABELS, type PlatformSettings, type SettingsField } from './settings.js';
import type { Actor } from './types.js';

/*
 * The SIP connectivity check as the core sees it (issue 12 §3): the port src/sip implements, the targets a
 * settings value gives, and the advisory lines both chats show. The check never blocks OK.
 */

export type CheckTransport = 'udp' | 'tcp' | 'tls';

export interface CheckTarget {
  field: string;
  host: string;
  port?: number;
  transport?: CheckTransport;
  isDomain?: boolean;
}

export type CheckOutcome =
  | { kind: 'reachable'; status: number; reason: string; rttMs: number }
  | {
      kind: 'nxdomain' | 'no-dns-data' | 'dns-failure' | 'no-answer' | 'refused' | 'tls-failure' | 'blocked' | 'error';
      detail: string;
    };

export interface CheckedAddress {
  name: string;
  address?: string;
  port: number;
  transport: CheckTransport;
  via: 'ip' | 'a' | 'srv';
  srv?: string;
  outcome: CheckOutcome;
}

export interface CheckedTarget {
  field: string;
  target: string;
  reachable: boolean;
  addresses: CheckedAddress[];
}

export interface CheckReport {
  checkedAt: string;
  targets: CheckedTarget[];
}

export type CheckAnswer =
  | { ok: true; report: CheckReport }
  | { ok: false; reason: 'rate-limited'; retryAfterMs: number }
  | { ok: false; reason: 'limiter-unavailable'; detail: string };

/** What src/sip's checker offers; `key` is the tenant (the rate limit counts per key). Never rejects. */
export interface SipCheckPort {
  check(key: string, targets: CheckTarget[]): Promise<CheckAnswer>;
}

/** The last check of a tenant, kept for `status`. */
export interface LastCheck {
  report: CheckReport;
  by: Actor;
  /** What was checked: the saved settings (`check`), or a draft on Confirm Changes. */
  subject: 'saved' | 'draft';
}

const CHECKED_FIELDS: SettingsField[] = ['sipDomain', 'outboundProxy', 'secondaryProxy'];

/** The SIP Domain (looked up by SRV first, RFC 3263) and each proxy, with the ports the admin configured. */
export function checkTargets(settings: PlatformSettings): CheckTarget[] {
  return CHECKED_FIELDS.flatMap((field) => {
    const hp = settings[field as 'sipDomain' | 'outboundProxy' | 'secondaryProxy'];
    if (!hp) return [];
    return [{ field, host: hp.host, port: hp.port, ...(field === 'sipDomain' ? { isDomain: true } : {}) }];
  });
}

/* Wording, the same in Slack and Teams. */

export const CHECK_TITLE = 'Connectivity check';
export const CHECK_ADVISORY = 'Advisory only: OK saves whatever the check finds.';
export const CHECK_RUNNING = 'Checking that the SIP Domain and proxies answer (DNS, then SIP OPTIONS)…';

const labelOf = (field: string) => FIELD_LABELS[field as SettingsField] ?? field;

const FAILURE_TEXT: Record<Exclude<CheckOutcome['kind'], 'reachable'>, string> = {
  nxdomain: 'the name does not exist (NXDOMAIN)',
  'no-dns-data': 'the name has no address records',
  'dns-failure': 'DNS did not answer',
  'no-answer': 'no SIP answer within the timeout',
  refused: 'refused (nothing listens on that port)',
  'tls-failure': 'the TLS handshake failed',
  blocked: 'not probed (a loopback, link-local, multicast or unspecified address)',
  error: 'the connection failed',
};

const where = (a: CheckedAddress) =>
  `${a.address ? (a.address.includes(':') ? `[${a.address}]` : a.address) : a.name}:${a.port} ${a.transport.toUpperCase()}`;

/** The address that tells most: one that answered, else the first failure. */
function telling(t: CheckedTarget): CheckedAddress | undefined {
  return t.addresses.find((a) => a.outcome.kind === 'reachable') ?? t.addresses[0];
}

/** "✓ Outbound Proxy sip10.example.com:5090: answered 200 OK in 35 ms (192.0.2.10:5090 UDP)". */
export function targetLine(t: CheckedTarget): string {
  const a = telling(t);
  const head = `${t.reachable ? '✓' : '⚠'} ${labelOf(t.field)} ${t.target}`;
  if (!a) return `${head}: nothing to probe`;
  if (a.outcome.kind === 'reachable') {
    const reason = a.outcome.reason.slice(0, 40);
    return `${head}: answered ${a.outcome.status}${reason ? ` ${reason}` : ''} in ${Math.round(a.outcome.rttMs)} ms (${where(a)})`;
  }
  const others =
    t.addresses.length > 1 ? ` (+${t.addresses.length - 1} more address${t.addresses.length > 2 ? 'es' : ''})` : '';
  return `${head}: ${FAILURE_TEXT[a.outcome.kind]} (${where(a)})${others}`;
}

export function reportLines(report: CheckReport): string[] {
  return report.targets.map(targetLine);
}

export function reportSummary(report: CheckReport): string {
  const bad = report.targets.filter((t) => !t.reachable).length;
  if (report.targets.length === 0) return 'Nothing to check.';
  return bad === 0
    ? 'Every target answered.'
    : `${bad} of ${report.targets.length} did not answer: check the value, DNS and firewalls.`;
}

export function rateLimitedLine(retryAfterMs: number): string {
  return `Not checked: connectivity checks are limited per workspace each minute; try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s.`;
}

export const CHECK_UNAVAILABLE = 'Not checked: the check could not be started right now; try again shortly.';

export const NOTHING_TO_CHECK = 'Nothing is saved yet, so there is nothing to check. Open the form and Save first.';

/** The status view's line: "Last connectivity check 2026-12-01 22:40 UTC by Dana: every target answered." */
export function lastCheckLine(last: LastCheck, when: string): string {
  const bad = last.report.targets.filter((t) => !t.reachable).map((t) => labelOf(t.field));
  const result = bad.length === 0 ? 'every target answered' : `no answer from ${bad.join(', ')}`;
  return `Last connectivity check ${when} by ${last.by.name}${last.subject === 'draft' ? ' (on Confirm Changes)' : ''}: ${result}.`;
}

export const NO_CHECK_YET = 'No connectivity check yet: use `check`.';
