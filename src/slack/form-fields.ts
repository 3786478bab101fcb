import { SETTINGS_FIELDS, type FieldErrors, type FormInput, type SettingsField } from '../core/settings.js';

/**
 * The one place where the modal's block ids meet the core's field names; `response_action: "errors"` is keyed
 * by these ids, and the Teams card inputs use the same names.
 */
export const FIELD_BLOCK_IDS = {
  sipDomain: 'sip_domain',
  outboundProxy: 'outbound_proxy',
  secondaryProxy: 'secondary_proxy',
  recording: 'recording',
} as const satisfies Record<SettingsField, string>;

/** Every input element uses the same action id; the block id alone tells the fields apart. */
export const FIELD_ACTION_ID = 'value';

interface SlackStateValue {
  value?: string | null;
  selected_option?: { value: string } | null;
}
export type SlackStateValues = Record<string, Record<string, SlackStateValue>>;

/** The modal's submitted state as the core's form input; missing blocks read as empty. */
export function readFormInput(values: SlackStateValues): FormInput {
  const read = (field: SettingsField): string | undefined => {
    const v = values[FIELD_BLOCK_IDS[field]]?.[FIELD_ACTION_ID];
    if (!v) return undefined;
    return v.selected_option?.value ?? v.value ?? undefined;
  };
  return {
    sipDomain: read('sipDomain'),
    outboundProxy: read('outboundProxy'),
    secondaryProxy: read('secondaryProxy'),
    recording: read('recording'),
  };
}

/** Core field errors keyed by block id, as `response_action: "errors"` wants them. */
export function toBlockErrors(errors: FieldErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of SETTINGS_FIELDS) {
    const message = errors[field];
    if (message) out[FIELD_BLOCK_IDS[field]] = message;
  }
  return out;
}
