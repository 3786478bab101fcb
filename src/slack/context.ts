import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Store } from '../core/ports.js';
import type { ConnectionWorkflow } from '../core/workflow.js';
import type { AdminNotifier } from './admin-notifier.js';
import type { AdminVerdicts } from './admin-verdicts.js';
import type { HomeRefresher } from './home/home-refresher.js';
import type { HomeViewers } from './home/home-viewers.js';

/** What every Slack listener and event handler works with; built once by the component. */
export interface SlackContext {
  workflow: ConnectionWorkflow;
  store: Store;
  logger: Logger;
  /** The app's Web API client (bot token, Slack's retry policy). */
  client: webApi.WebClient;
  /** SLACK_ADMIN_USERS: allowed besides workspace admins and owners. */
  adminUsers: ReadonlySet<string>;
  notifier: AdminNotifier;
  /** Recent yeses from users.info (admin-check.ts). */
  adminVerdicts: AdminVerdicts;
  /** Admins who opened the Home tab lately (re-published when something changes). */
  homeViewers: HomeViewers;
  homeRefresher: HomeRefresher;
  /** How long the command waits for the form before it opens a placeholder (settings-modal-flow.ts). */
  formBudgetMs?: number;
}
