import type { Logger } from 'pino';
import type { SettingsAssist } from './settings-assist.js';
import type { CoreEvents } from './events.js';
import { systemClock, type AcoGateway, type Clock, type Store } from './ports.js';
import type { RefreshHealth } from './refresh-policy.js';
import type { FieldChange } from './settings.js';
import type { SettingsRecord, TenantId } from './types.js';
import type { DeliveryState } from './views.js';

/** Runs inside the settings lock right after a save, so a follower (the CCaaS outbox) is written in the same step. */
export type SaveHook = (tenant: TenantId, record: SettingsRecord, changes: FieldChange[]) => Promise<void>;

/** The token refresher's failure streak for a grant, when refreshes are failing. */
export type RefreshHealthSource = (
  tenant: TenantId,
) => Promise<Pick<RefreshHealth, 'failures' | 'firstFailureAt' | 'nextAttemptAt' | 'lastError'> | undefined>;

export interface WorkflowDeps {
  store: Store;
  aco: AcoGateway;
  events: CoreEvents;
  logger: Logger;
  recordingLicensed: boolean;
  /** ACO's own values and the connectivity check; absent: the form and status never mention them. */
  assist?: SettingsAssist;
  /** The ACO role id a signing-in account must hold (ACO_SUPER_ADMIN_ROLE_ID); default Super Admin. */
  superAdminRoleId?: string;
  /** Tests only (SIP_CHECK_ALLOW_LOOPBACK): the form accepts loopback hosts. */
  allowLoopback?: boolean;
  clock?: Clock;
  saveHooks?: SaveHook[];
  deliveryStatus?: (tenant: TenantId) => Promise<DeliveryState | undefined>;
  refreshHealth?: RefreshHealthSource;
}

/** What every use case of the workflow gets: its dependencies, with the defaults filled in. */
export interface WorkflowContext extends Omit<WorkflowDeps, 'clock' | 'saveHooks'> {
  clock: Clock;
  saveHooks: SaveHook[];
}

export const workflowContext = (deps: WorkflowDeps): WorkflowContext => ({
  ...deps,
  clock: deps.clock ?? systemClock,
  saveHooks: deps.saveHooks ?? [],
});

/** The clock's time (plus an offset) as an ISO string, as records store it. */
export const isoAt = (clock: Clock, offsetMs = 0): string => new Date(clock.now() + offsetMs).toISOString();
