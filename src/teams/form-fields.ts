import { SETTINGS_FIELDS, type FormInput, type SettingsField } from '../core/settings.js';

/**
 * The one mapping between Adaptive Card input ids and the core's settings fields. The ids match the
 * Slack modal's block ids (src/slack/form-fields.ts) so both surfaces speak of the same fields by the same names.
 */
export const CARD_INPUT_IDS: Record<SettingsField, string> = {
  sipDomain: 'sip_domain',
  outboundProxy: 'outbound_proxy',
  secondaryProxy: 'secondary_proxy',
  recording: 'recording',
};

/** Reads a submitted dialog's values (Teams sends every input as a string) into the core's form input. */
export function formInputFromCard(data: unknown): FormInput {
  const source = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const input: FormInput = {};
  for (const field of SETTINGS_FIELDS) {
    const v = source[CARD_INPUT_IDS[field]];
    if (typeof v === 'string') input[field] = v;
    else if (typeof v === 'boolean' && field === 'recording') input.recording = v;
  }
  return input;
}
