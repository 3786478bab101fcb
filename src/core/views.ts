import type { AcoUser, AuthStatus } from './auth-status.js';
import type { FieldChange, FieldErrors, FormValues } from './settings.js';
import type { AcoValuesInfo, CheckView } from './settings-assist.js';
import type { Actor, AuditEntry, JsonValue, SettingsRecord, TenantId } from './types.js';

/* Plain data the adapters render; nothing here knows Slack or Teams. */

export interface AuthView {
  status: AuthStatus;
  /** "Authenticated as NAME (ext N, since DATE)" and friends. */
  text: string;
  /** Last refresh, refresh-token validity: extra lines for status views. */
  details: string[];
  authenticated: boolean;
}

export interface FormView {
  tenant: TenantId;
  values: FormValues;
  errors: FieldErrors;
  auth: AuthView;
  recordingLicensed: boolean;
  /** Current saved version, null when nothing is saved yet. */
  version: number | null;
  /** ACO's own values beside the form's (prefilled from them when nothing is saved), or why they are missing. */
  aco?: AcoValuesInfo;
}

export interface ConfirmView {
  tenant: TenantId;
  draftId: string;
  baseVersion: number;
  changes: FieldChange[];
  /** False when the draft repeats the saved settings exactly. */
  anyChange: boolean;
  auth: AuthView;
  requestedBy: Actor;
  /** The draft holds ACO's own values (Use ACO's values). */
  fromAco?: boolean;
  /** The connectivity check of the draft's values: running at first, its results once done. Advisory. */
  check?: CheckView;
}

/** A draft was stored: the admin authenticates first, or confirms at once. */
export type DraftCreated =
  | { ok: true; draftId: string; next: 'authenticate'; auth: AuthView }
  | { ok: true; draftId: string; next: 'confirm'; confirm: ConfirmView };

export type SubmitResult = { ok: false; form: FormView } | DraftCreated;

export type ConfirmResult =
  | { outcome: 'saved'; record: SettingsRecord; changes: FieldChange[]; replay: boolean }
  | { outcome: 'stale'; currentVersion: number; savedBy?: Actor; draftId: string }
  | { outcome: 'not_authenticated'; auth: AuthView; draftId: string }
  | { outcome: 'not_licensed'; draftId: string }
  | { outcome: 'cancelled' }
  | { outcome: 'expired' }
  | { outcome: 'not_found' };

export type CancelResult =
  | { outcome: 'cancelled'; replay: boolean }
  | { outcome: 'already_saved'; version: number }
  | { outcome: 'not_found' };

export interface DeliveryState {
  lastDeliveredVersion: number | null;
  pending: number;
  lastError: string | null;
}

export interface StatusView {
  tenant: TenantId;
  current: SettingsRecord | null;
  values: FormValues;
  auth: AuthView;
  recordingLicensed: boolean;
  delivery?: DeliveryState;
  aco?: AcoValuesInfo;
  /** "Last connectivity check … by …: …", when the check is on. */
  lastCheck?: string;
}

export type CallbackFailureReason =
  | 'denied'
  | 'invalid_state'
  | 'missing_code'
  | 'exchange_rejected'
  | 'aco_unreachable'
  | 'not_admin'
  | 'not_super_admin'
  | 'not_configured';

export type CallbackOutcome =
  | { ok: true; tenant: TenantId; actor: Actor; acoUser: AcoUser; draftId?: string }
  | {
      ok: false;
      httpStatus: 400 | 502;
      reason: CallbackFailureReason;
      title: string;
      message: string;
      tenant?: TenantId;
      context?: JsonValue;
    };

export interface DisconnectResult {
  wasAuthenticated: boolean;
  /** False when ACO could not be reached to revoke; the tokens are forgotten either way. */
  revokedAtAco: boolean;
}

export type HistoryView = AuditEntry[];
