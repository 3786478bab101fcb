import { minuteUtc } from './time-format.js';
import { FIELD_LABELS, SETTINGS_FIELDS } from './settings.js';
import type { Actor, SettingsRecord } from './types.js';
import type { DeliveryState, StatusView } from './views.js';

/* The pieces of `status` both chats show in the same words; layout and hints for the next step stay theirs. */

export const STATUS_TITLE = 'ACO Platform Settings';
export const NOTHING_SAVED = 'Nothing is saved yet.';
export const RECORDING_UNLICENSED_NOTE =
  'Recording needs the UC Realtime Logging license, which this contact center does not hold.';

/** Each setting with its label; null where it is not set. */
export function statusFields(view: StatusView): { label: string; value: string | null }[] {
  return SETTINGS_FIELDS.map((f) => {
    const v = view.values[f];
    const value = f === 'recording' ? (v === 'yes' ? 'Yes' : 'No') : v === '' ? null : v;
    return { label: FIELD_LABELS[f], value };
  });
}

/** "Version N, saved by WHO on WHEN"; `who` renders the actor the chat's own way. */
export function savedLine(record: SettingsRecord, who: (actor: Actor) => string = (a) => a.name): string {
  return `Version ${record.version}, saved by ${who(record.savedBy)} on ${minuteUtc(record.savedAt)}`;
}

/** The tenant id the CCaaS API and webhook use for this workspace or organization. */
export function tenantLine(view: Pick<StatusView, 'tenant'>): string {
  return `Tenant (for the CCaaS API): ${view.tenant}`;
}

export function deliveryLine(d: DeliveryState): string {
  const last = d.lastDeliveredVersion === null ? 'none yet' : `version ${d.lastDeliveredVersion}`;
  return `CCaaS delivery: last delivered ${last}, ${d.pending} pending${d.lastError ? `; last error: ${d.lastError}` : ''}`;
}

/** The one-line summary a notification or fallback shows. */
export function statusSummary(view: StatusView): string {
  return `${STATUS_TITLE}: ${view.current ? `version ${view.current.version}` : 'nothing saved'}; API Auth Status: ${view.auth.text}`;
}
