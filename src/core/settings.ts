import { vetSipHost } from './sip-address.js';
import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';

/** A SIP host and port as Xima's Platform Settings hold them. */
export const HostPortSchema = z.object({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
});
export type HostPort = z.infer<typeof HostPortSchema>;

export const PlatformSettingsSchema = z.object({
  sipDomain: HostPortSchema,
  outboundProxy: HostPortSchema,
  secondaryProxy: HostPortSchema.optional(),
  recording: z.boolean(),
});
export type PlatformSettings = z.infer<typeof PlatformSettingsSchema>;

export const SETTINGS_FIELDS = ['sipDomain', 'outboundProxy', 'secondaryProxy', 'recording'] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];
export type FieldErrors = Partial<Record<SettingsField, string>>;

/** Labels as Xima's own form words them, so an admin recognises each field. */
export const FIELD_LABELS: Record<SettingsField, string> = {
  sipDomain: 'SIP Domain',
  outboundProxy: 'Outbound Proxy',
  secondaryProxy: 'Secondary Outbound Proxy',
  recording: 'Enable Recording',
};

/** What a chat form hands in: every value as the admin typed or picked it. */
export interface FormInput {
  sipDomain?: string;
  outboundProxy?: string;
  secondaryProxy?: string;
  recording?: string | boolean;
}

/** The form's values as text, for prefilling and for re-rendering after errors. */
export interface FormValues {
  sipDomain: string;
  outboundProxy: string;
  secondaryProxy: string;
  recording: 'yes' | 'no';
}

export const EXAMPLE_HOST_PORT = 'sip.ringcentral.com:5090';
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

function isHostName(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.replace(/\.$/, '').split('.');
  // An all-numeric last label would be a mistyped IPv4 address, not a host name.
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return false;
  return labels.every((l) => LABEL.test(l));
}

/** A form value as text: strings, numbers and booleans as typed; anything else (a crafted payload) as empty. */
const asText = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

/** A bad value quoted in a field error: at most 100 characters, so a pasted page is not echoed back whole. */
const quote = (text: string) => (text.length > 100 ? `${text.slice(0, 100)}…` : text);

/**
 * Parses `host:port` as an admin would type it: optional `sip:`/`sips:`, spaces, any case,
 * IPv4, bracketed IPv6. Never throws; every failure is a sentence for the field.
 */
export interface HostPortOptions {
  /** Tests only (SIP_CHECK_ALLOW_LOOPBACK): accept 127.0.0.0/8 and ::1 so a local SIP peer can be saved. */
  allowLoopback?: boolean;
}

export function parseHostPort(raw: string, label: string, options: HostPortOptions = {}): ParseResult<HostPort> {
  let text = raw.trim().toLowerCase();
  text = text.replace(/^sips?:/, '').trim();
  if (text === '') return { ok: false, error: `Enter the ${label} as host:port, for example ${EXAMPLE_HOST_PORT}.` };
  if (/\s/.test(text))
    return { ok: false, error: `The ${label} cannot contain spaces. Use host:port, for example ${EXAMPLE_HOST_PORT}.` };

  let host: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0)
      return {
        ok: false,
        error: `The IPv6 address in the ${label} is missing its closing "]". Example: [2001:db8::1]:5060.`,
      };
    host = text.slice(1, end);
    const rest = text.slice(end + 1);
    if (rest === '') portText = undefined;
    else if (rest.startsWith(':')) portText = rest.slice(1);
    else
      return {
        ok: false,
        error: `After the IPv6 address in the ${label} put ":" and the port. Example: [2001:db8::1]:5060.`,
      };
    if (!isIPv6(host.replace(/%.*$/, ''))) return { ok: false, error: `"${quote(host)}" is not a valid IPv6 address.` };
  } else {
    const colons = text.split(':').length - 1;
    if (colons > 1) {
      return isIPv6(text)
        ? { ok: false, error: `Put an IPv6 address in brackets and add the port, for example [2001:db8::1]:5060.` }
        : { ok: false, error: `The ${label} should be host:port, for example ${EXAMPLE_HOST_PORT}.` };
    }
    const idx = text.lastIndexOf(':');
    host = idx >= 0 ? text.slice(0, idx) : text;
    portText = idx >= 0 ? text.slice(idx + 1) : undefined;
    if (host === '')
      return { ok: false, error: `The ${label} is missing the host before ":". Example: ${EXAMPLE_HOST_PORT}.` };
    if (/^[\d.]+$/.test(host)) {
      if (!isIPv4(host)) return { ok: false, error: `"${quote(host)}" is not a valid IPv4 address.` };
    } else if (!isHostName(host)) {
      return {
        ok: false,
        error: `"${quote(host)}" is not a valid host name: use letters, digits, "-" and ".", at most 63 characters between dots and 253 in all.`,
      };
    }
  }

  // Loopback, unspecified, link-local and multicast addresses, localhost and zone ids are refused; a host
  // name's trailing dot is dropped.
  const vetted = vetSipHost(host, { allowLoopback: options.allowLoopback });
  if (!vetted.ok) return { ok: false, error: vetted.message };
  host = vetted.host;

  if (portText === undefined || portText === '') {
    return { ok: false, error: `Add the port to the ${label}, for example ${EXAMPLE_HOST_PORT}.` };
  }
  if (!/^\d{1,5}$/.test(portText))
    return { ok: false, error: `The port "${portText.slice(0, 20)}" is not a number from 1 to 65535.` };
  const port = Number(portText);
  if (port < 1 || port > 65535)
    return { ok: false, error: `The port ${port} is out of range: use a number from 1 to 65535.` };
  return { ok: true, value: { host, port } };
}

export function formatHostPort(hp: HostPort | undefined): string {
  if (!hp) return '';
  return hp.host.includes(':') ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}

function parseRecording(raw: string | boolean | undefined): ParseResult<boolean> {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  const text = asText(raw).trim().toLowerCase();
  if (['yes', 'true', 'on', '1'].includes(text)) return { ok: true, value: true };
  if (['no', 'false', 'off', '0', ''].includes(text)) return { ok: true, value: false };
  return { ok: false, error: 'Choose Yes or No for Enable Recording.' };
}

declare const validated: unique symbol;
/** Settings that passed parseSettings (this server's recording license included): what a draft is made of. */
export type ValidSettings = PlatformSettings & { readonly [validated]: true };

export type SettingsParse = { ok: true; settings: ValidSettings } | { ok: false; errors: FieldErrors };

export function recordingUnlicensedMessage(): string {
  return 'Recording needs the UC Realtime Logging license, which this contact center does not hold. Choose No, or ask your Xima administrator to add the license.';
}

/** Turns a form into settings or into errors keyed by field; never throws. */
export function parseSettings(input: FormInput, opts: { recordingLicensed: boolean } & HostPortOptions): SettingsParse {
  const errors: FieldErrors = {};
  const sip = parseHostPort(asText(input.sipDomain), FIELD_LABELS.sipDomain, opts);
  if (!sip.ok) errors.sipDomain = sip.error;
  const proxy = parseHostPort(asText(input.outboundProxy), FIELD_LABELS.outboundProxy, opts);
  if (!proxy.ok) errors.outboundProxy = proxy.error;

  let secondary: HostPort | undefined;
  const secondaryRaw = asText(input.secondaryProxy).trim();
  if (secondaryRaw !== '') {
    const parsed = parseHostPort(secondaryRaw, FIELD_LABELS.secondaryProxy, opts);
    if (!parsed.ok) errors.secondaryProxy = parsed.error;
    else if (proxy.ok && parsed.value.host === proxy.value.host && parsed.value.port === proxy.value.port) {
      errors.secondaryProxy =
        'The Secondary Outbound Proxy must differ from the Outbound Proxy; leave it empty if you have only one.';
    } else secondary = parsed.value;
  }

  const recording = parseRecording(input.recording);
  if (!recording.ok) errors.recording = recording.error;
  else if (recording.value && !opts.recordingLicensed) errors.recording = recordingUnlicensedMessage();

  if (Object.keys(errors).length > 0 || !sip.ok || !proxy.ok || !recording.ok) return { ok: false, errors };
  const settings: PlatformSettings = { sipDomain: sip.value, outboundProxy: proxy.value, recording: recording.value };
  if (secondary) settings.secondaryProxy = secondary;
  return { ok: true, settings: settings as ValidSettings };
}

export function toFormValues(settings: PlatformSettings | undefined): FormValues {
  return {
    sipDomain: formatHostPort(settings?.sipDomain),
    outboundProxy: formatHostPort(settings?.outboundProxy),
    secondaryProxy: formatHostPort(settings?.secondaryProxy),
    recording: settings?.recording ? 'yes' : 'no',
  };
}

/** Keeps what the admin typed (for re-rendering a form with errors), bounded so no card overflows. */
export function echoFormValues(input: FormInput): FormValues {
  const text = (v: unknown) => asText(v).slice(0, 300);
  const rec = input.recording;
  const yes =
    rec === true || (typeof rec === 'string' && ['yes', 'true', 'on', '1'].includes(rec.trim().toLowerCase()));
  return {
    sipDomain: text(input.sipDomain),
    outboundProxy: text(input.outboundProxy),
    secondaryProxy: text(input.secondaryProxy),
    recording: yes ? 'yes' : 'no',
  };
}

export function displayField(settings: PlatformSettings | undefined, field: SettingsField): string | null {
  if (!settings) return null;
  if (field === 'recording') return settings.recording ? 'Yes' : 'No';
  const v = settings[field];
  return v ? formatHostPort(v) : null;
}

export interface FieldChange {
  field: SettingsField;
  label: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

export function diffSettings(before: PlatformSettings | undefined, after: PlatformSettings): FieldChange[] {
  return SETTINGS_FIELDS.map((field) => {
    const b = displayField(before, field);
    const a = displayField(after, field);
    return { field, label: FIELD_LABELS[field], before: b, after: a, changed: b !== a };
  });
}
