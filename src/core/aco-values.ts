import { z } from 'zod';
import {
  displayField,
  FIELD_LABELS,
  parseSettings,
  type PlatformSettings,
  type SettingsField,
  type ValidSettings,
} from './settings.js';

/*
 * ACO's own SIP values (issue 12 §1): what sip-provision hands out, turned into Xima's Platform Settings, compared
 * with what is saved, and worded for both chats. Pure; the cache and the ACO call live in aco-values-source.ts.
 */

export const ACO_TRANSPORTS = ['UDP', 'TCP', 'TLS', 'WSS'] as const;

/** sip-provision's `sipInfo[0]` as the ACO gateway reads it; proxies are `host:port` text as ACO sent them. */
export const AcoSipValuesSchema = z.object({
  domain: z.string(),
  outboundProxy: z.string(),
  outboundProxyBackup: z.string().optional(),
  outboundProxyIPv6: z.string().optional(),
  outboundProxyIPv6Backup: z.string().optional(),
  transport: z.enum(ACO_TRANSPORTS),
});
export type AcoSipValues = z.infer<typeof AcoSipValuesSchema>;

/** Why ACO's values are not available right now. */
export type AcoValuesMissing =
  | 'not_authenticated'
  | 'unreachable'
  | 'forbidden'
  | 'rate_limited'
  | 'malformed'
  | 'unusable'
  | 'pending';

/** The SIP fields ACO can fill; Enable Recording is Xima's licence, not ACO's. */
export const ACO_FIELDS = ['sipDomain', 'outboundProxy', 'secondaryProxy'] as const satisfies readonly SettingsField[];
export type AcoField = (typeof ACO_FIELDS)[number];

const hasPort = (hostPort: string) => /:\d+$/.test(hostPort.trim());

/**
 * ACO's values as Xima's fields. The SIP Domain takes the Outbound Proxy's port when ACO gives it none (Xima's
 * form wants host:port; RingCentral's domain and proxy share the SIP port); the Secondary Outbound Proxy is the
 * backup proxy, empty when ACO has none. Undefined when ACO's values do not pass the form's own checks.
 */
export function acoSettings(values: AcoSipValues, recording: boolean): ValidSettings | undefined {
  const proxyPort = /:(\d+)$/.exec(values.outboundProxy.trim())?.[1];
  const domain =
    hasPort(values.domain) || !proxyPort ? values.domain : `${values.domain.trim().replace(/\.$/, '')}:${proxyPort}`;
  const parsed = parseSettings(
    {
      sipDomain: domain,
      outboundProxy: values.outboundProxy,
      secondaryProxy: values.outboundProxyBackup ?? '',
      recording,
    },
    { recordingLicensed: true },
  );
  return parsed.ok ? parsed.settings : undefined;
}

/** One field's value at ACO beside the saved one. */
export interface AcoFieldComparison {
  field: AcoField;
  label: string;
  /** ACO's value as the form shows it; null where ACO has none (no backup proxy). */
  aco: string | null;
  saved: string | null;
  differs: boolean;
  /** "ACO says sip10.ringcentral.com:5090" (or "ACO has no Secondary Outbound Proxy"); only when it differs. */
  note?: string;
}

export function compareWithAco(saved: PlatformSettings | undefined, aco: PlatformSettings): AcoFieldComparison[] {
  return ACO_FIELDS.map((field) => {
    const acoText = displayField(aco, field);
    const savedText = displayField(saved, field);
    const differs = saved !== undefined && acoText !== savedText;
    const note = !differs ? undefined : acoText === null ? `ACO has no ${FIELD_LABELS[field]}` : `ACO says ${acoText}`;
    return { field, label: FIELD_LABELS[field], aco: acoText, saved: savedText, differs, ...(note ? { note } : {}) };
  });
}

/* Wording, the same in Slack and Teams. */

export const USE_ACO_VALUES = "Use ACO's values";

/** "ACO's values for UDP" — which transport the values are for. */
export const transportNote = (transport: AcoSipValues['transport']) =>
  `ACO provisions these for ${transport} (sip-provision).`;

export const prefilledNote = (transport: AcoSipValues['transport']) =>
  `Prefilled with ACO's own values for ${transport}: check them and press Save.`;

export const differsNote = (n: number) =>
  `${n === 1 ? 'One field differs' : `${n} fields differ`} from ACO's own values; ${USE_ACO_VALUES} takes ACO's through Confirm Changes.`;

export const MATCHES_ACO = "The saved values match ACO's own.";

/** One line saying why ACO's values are missing; the form opens with the saved values all the same. */
export function missingNote(reason: AcoValuesMissing, retryAfterMs?: number): string {
  switch (reason) {
    case 'not_authenticated':
      return "ACO's own values appear here once ACO is authenticated.";
    case 'unreachable':
      return "ACO's own values could not be read: Avaya Cloud Office did not answer. Showing the saved values.";
    case 'forbidden':
      return "ACO's own values could not be read: the ACO app lacks the VoipCalling permission, or the authorization is no longer accepted.";
    case 'rate_limited':
      return `ACO's own values could not be read: ACO asked to wait${retryAfterMs ? ` ${Math.ceil(retryAfterMs / 1000)} s` : ''} (rate limit). Try again shortly.`;
    case 'malformed':
      return "ACO's own values could not be read: ACO's answer had no SIP domain or outbound proxy.";
    case 'unusable':
      return "ACO's own values were not used: they do not pass the form's checks.";
    case 'pending':
      return "ACO's own values are being read; open the form again in a moment to see them.";
  }
}

export const ACO_VALUES_AUDIT = 'values taken from ACO';

export const ACO_VALUES_CONFIRM_NOTE = "These are ACO's own values (Use ACO's values).";
