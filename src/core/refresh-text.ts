import type { RefreshAlert, RefreshHealth } from './refresh-policy.js';
import { minuteUtc } from './time-format.js';

/* Why an ACO authorization was lost or is at risk, in the words the status line and the notices show. */

export const LAPSED_REASON = 'The ACO authorization was unused for 7 days and lapsed.';
export const REVOKED_REASON =
  'ACO no longer accepts the stored authorization (revoked at ACO, or the Super Admin’s password changed).';
export const EXPIRED_AT_ACO_REASON = 'ACO reports the stored authorization as expired.';

/** The notice of a failing streak; adapters show the refresh token's end date next to it, so it is not repeated. */
export function refreshAlertMessage(alert: RefreshAlert, health: RefreshHealth): string {
  const since = minuteUtc(health.firstFailureAt);
  return alert === 'expiring'
    ? `Refreshes have failed since ${since} (${health.lastError}); unless one succeeds in time, an ACO Super Admin must re-authenticate. Re-authenticating now avoids the gap.`
    : `Renewing the ACO authorization has failed since ${since} (${health.lastError}). The stored authorization is kept and retried; nothing is lost yet.`;
}
