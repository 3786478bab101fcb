import { AcoError } from '../core/ports.js';

/* What ACO's REST answers mean to aco-connect: sip-provision's sipInfo[0] and an extension's assigned roles. */

/** The transports sip-provision can be asked for (SIPInfoRequest.transport). */
export const SIP_PROVISION_TRANSPORTS = ['UDP', 'TCP', 'TLS', 'WSS'] as const;
export type SipProvisionTransport = (typeof SIP_PROVISION_TRANSPORTS)[number];

/**
 * SIP values ACO itself hands out (Xima's SIP Domain / Outbound Proxy / Secondary Outbound Proxy), as
 * sip-provision's `sipInfo[0]` names them; proxies are `host:port` text exactly as ACO sent them.
 */
export interface AcoSipProvision {
  domain: string;
  outboundProxy: string;
  outboundProxyBackup?: string;
  outboundProxyIPv6?: string;
  outboundProxyIPv6Backup?: string;
  /** The transport these values are for: what ACO answered, else what was asked for. */
  transport: SipProvisionTransport;
}

/** One role assigned to an extension (AssignedRoleResource). */
export interface AcoAssignedRole {
  id: string;
  displayName: string;
}

const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** sip-provision's answer as Xima's fields; a 2xx without `sipInfo[0].domain` / `outboundProxy` is malformed. */
export function parseSipProvision(
  json: { sipInfo?: unknown } | null,
  transport: SipProvisionTransport,
): AcoSipProvision {
  const info = (Array.isArray(json?.sipInfo) ? json.sipInfo[0] : undefined) as Record<string, unknown> | undefined;
  const domain = nonEmpty(info?.domain);
  const outboundProxy = nonEmpty(info?.outboundProxy);
  if (!info || !domain || !outboundProxy) {
    throw new AcoError('server_error', 'ACO SIP provisioning answered without sipInfo[0].domain / outboundProxy', {
      errorCode: 'MalformedAnswer',
    });
  }
  // The platform documents strings; tolerate a list (of strings or {proxy}) as well.
  const proxy = (v: unknown): string | undefined => {
    const first = Array.isArray(v) ? v[0] : v;
    return nonEmpty(first) ?? nonEmpty((first as { proxy?: unknown } | undefined)?.proxy);
  };
  const answered = nonEmpty(info.transport)?.toUpperCase();
  const optional = {
    outboundProxyBackup: proxy(info.outboundProxyBackup),
    outboundProxyIPv6: proxy(info.outboundProxyIPv6),
    outboundProxyIPv6Backup: proxy(info.outboundProxyIPv6Backup),
  };
  return {
    domain,
    outboundProxy,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    transport: SIP_PROVISION_TRANSPORTS.includes(answered as SipProvisionTransport)
      ? (answered as SipProvisionTransport)
      : transport,
  };
}

/** AssignedRolesResource's records (ids as text); an answer without `records` is malformed. */
export function parseAssignedRoles(json: { records?: unknown } | null): AcoAssignedRole[] {
  if (!Array.isArray(json?.records)) {
    throw new AcoError('server_error', 'ACO role lookup answered without records', { errorCode: 'MalformedAnswer' });
  }
  return json.records.flatMap((r: unknown) => {
    const rec = (r ?? {}) as { id?: unknown; displayName?: unknown };
    const id = typeof rec.id === 'number' ? String(rec.id) : nonEmpty(rec.id);
    return id ? [{ id, displayName: nonEmpty(rec.displayName) ?? `role ${id}` }] : [];
  });
}
