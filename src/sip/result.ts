import { z } from 'zod';

/**
 * What a connectivity check found, as plain serialisable data the core can store and render (no wording here:
 * the core owns it). One `TargetCheck` per configured value (SIP Domain, proxies); one `AddressCheck` per
 * address the target resolved to, or a single one without `address` when resolution itself failed.
 */

export const SipTransportSchema = z.enum(['udp', 'tcp', 'tls']);
export type SipTransport = z.infer<typeof SipTransportSchema>;

export const ProbeFailureKindSchema = z.enum([
  /** The name does not exist (DNS NXDOMAIN). */
  'nxdomain',
  /** The name exists but has no A/AAAA (or usable SRV) records. */
  'no-dns-data',
  /** DNS did not answer in time or failed (SERVFAIL, refused, unreachable server). */
  'dns-failure',
  /** No SIP response within the timeout (UDP after retransmissions, TCP/TLS connect or response). */
  'no-answer',
  /** ICMP port unreachable on UDP, or the TCP connection was refused. */
  'refused',
  /** The TLS handshake failed (certificate, protocol, or the peer does not speak TLS). */
  'tls-failure',
  /** The address may not be probed (loopback, link-local, unspecified, multicast). */
  'blocked',
  /** Anything else: the connection was reset, the host or network unreachable, a local socket error. */
  'error',
]);
export type ProbeFailureKind = z.infer<typeof ProbeFailureKindSchema>;

export const ProbeOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('reachable'),
    status: z.number().int().min(100).max(699),
    reason: z.string().max(200),
    rttMs: z.number().nonnegative(),
  }),
  z.object({ kind: ProbeFailureKindSchema, detail: z.string().max(300) }),
]);
export type ProbeOutcome = z.infer<typeof ProbeOutcomeSchema>;

export const AddressCheckSchema = z.object({
  /** The name that was resolved to get here (the target, or an SRV record's target). */
  name: z.string(),
  /** The IP address probed; absent when `name` did not resolve. */
  address: z.string().optional(),
  port: z.number().int().min(1).max(65535),
  transport: SipTransportSchema,
  /** How the address was found: given as an IP, the name's A/AAAA, or an SRV record (e.g. `_sip._udp`). */
  via: z.enum(['ip', 'a', 'srv']),
  srv: z.string().optional(),
  outcome: ProbeOutcomeSchema,
});
export type AddressCheck = z.infer<typeof AddressCheckSchema>;

export const TargetCheckSchema = z.object({
  /** The caller's name for the value, e.g. `sipDomain`, `outboundProxy`. */
  field: z.string(),
  /** The target as checked: `host` or `host:port`. */
  target: z.string(),
  /** True when at least one address answered with any SIP response. */
  reachable: z.boolean(),
  addresses: z.array(AddressCheckSchema),
});
export type TargetCheck = z.infer<typeof TargetCheckSchema>;

export const SipCheckReportSchema = z.object({
  checkedAt: z.string(),
  targets: z.array(TargetCheckSchema),
});
export type SipCheckReport = z.infer<typeof SipCheckReportSchema>;
