import type { Logger } from 'pino';
import type { Store } from '../core/ports.js';
import type { ConnectionWorkflow } from '../core/workflow.js';
import type { ProactiveMessenger } from './proactive.js';

/** What every Teams handler and listener gets. */
export interface TeamsDeps {
  workflow: ConnectionWorkflow;
  store: Store;
  logger: Logger;
  /** Azure AD object ids from TEAMS_ADMIN_USERS. */
  admins: readonly string[];
  /** Emulator mode (TEAMS_EMULATOR=true): authentication off, loopback only, one tenant (teams:emulator). */
  emulator: boolean;
  messenger: ProactiveMessenger;
}
