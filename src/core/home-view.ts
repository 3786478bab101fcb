import { describeAuthDetails } from './auth-status.js';
import type { Tone } from './format.js';
import { historyView, type HistoryLine } from './history-text.js';
import { NOTHING_SAVED, RECORDING_UNLICENSED_NOTE, STATUS_TITLE, statusFields } from './status-text.js';
import { minuteUtc } from './time-format.js';
import type { AuditEntry, SettingsRecord } from './types.js';
import type { AuthView, StatusView } from './views.js';

/*
 * The connection at a glance (Slack's Home tab): the same facts as `status` and `history`, in the core's words,
 * for the person looking. Admins get the actions; everyone else a read-only view saying who may act.
 */

/** How many history entries the Home tab shows. */
export const HOME_HISTORY_ENTRIES = 5;

export type HomeActionId = 'open_settings' | 'authenticate' | 'check' | 'history' | 'disconnect';

export interface HomeAction {
  id: HomeActionId;
  label: string;
  style?: 'primary' | 'danger';
}

export interface HomeSection {
  heading: string;
  /** One fact a line; adapters escape and lay them out. */
  lines: string[];
  tone?: Tone;
}

export interface HomeView {
  title: string;
  auth: HomeSection;
  settings: HomeSection & {
    /** The saved version, when there is one (the adapter renders who saved it its own way). */
    record?: SettingsRecord;
    fields: { label: string; value: string | null }[];
  };
  /** The last connectivity check, when the check has run. */
  check?: HomeSection;
  /** The CCaaS hand-off, when the webhook is on. */
  delivery?: HomeSection;
  history: { heading: string; empty: string; lines: HistoryLine[] };
  access: { mayAct: true; actions: HomeAction[] } | { mayAct: false; heading: string; lines: string[] };
  /** "Updated WHEN": the Home tab is a snapshot, re-drawn when something changes. */
  updated: string;
}

/** Who may change the connection on each chat, and how to be let in; the same words the refusals use. */
const SLACK_ACCESS = {
  who: 'Slack workspace admins and owners, and users the operator lists in SLACK_ADMIN_USERS, may change the ACO connection.',
  how: 'To get access, ask a workspace admin or owner, or ask the operator of aco-connect to add your Slack user id to SLACK_ADMIN_USERS.',
};
const ACCESS: Record<string, { who: string; how: string }> = {
  slack: SLACK_ACCESS,
  teams: {
    who: 'Users the operator lists in TEAMS_ADMIN_USERS may change the ACO connection.',
    how: 'To get access, ask the operator of aco-connect to add your Microsoft Entra object id to TEAMS_ADMIN_USERS.',
  },
};

export interface HomeInput {
  /** The chat that shows it ('slack', 'teams'): picks the access words. */
  platform: string;
  status: StatusView;
  /** Newest first, as the store returns them. */
  history: AuditEntry[];
  /** The core's admin rule answered yes for the viewer. */
  mayAct: boolean;
  /** The connectivity check exists on this server (a Check button). */
  checkAvailable?: boolean;
  /** The last connectivity check in words, when one ran. */
  lastCheck?: string;
  now: number;
}

function authSection(auth: AuthView): HomeSection {
  const s = auth.status;
  const failing = auth.details.slice(describeAuthDetails(s).length);
  switch (s.state) {
    case 'authenticated':
      return {
        heading: 'API Auth Status',
        tone: failing.length > 0 ? 'warning' : 'good',
        lines: [
          `Authenticated as ${s.user.name} (ext ${s.user.extensionNumber})`,
          `Signed in ${minuteUtc(s.since)}`,
          s.lastRefreshAt ? `Last token refresh: ${minuteUtc(s.lastRefreshAt)}` : 'No token refresh yet',
          ...failing,
          ...(s.refreshTokenExpiresAt
            ? [`If nothing uses it, the ACO authorization lapses ${minuteUtc(s.refreshTokenExpiresAt)}`]
            : []),
        ],
      };
    case 'not_authenticated':
      return { heading: 'API Auth Status', tone: 'attention', lines: [auth.text] };
    default:
      return {
        heading: 'API Auth Status',
        tone: 'attention',
        lines: [auth.text, ...(s.user ? [`Last signed in as ${s.user.name} (ext ${s.user.extensionNumber})`] : [])],
      };
  }
}

function deliverySection(status: StatusView): HomeSection | undefined {
  const d = status.delivery;
  if (!d) return undefined;
  return {
    heading: 'CCaaS hand-off',
    tone: d.lastError ? 'warning' : 'good',
    lines: [
      `Last delivered: ${d.lastDeliveredVersion === null ? 'nothing yet' : `version ${d.lastDeliveredVersion}`}`,
      `Pending: ${d.pending}`,
      d.lastError ? `Failing: ${d.lastError}` : 'Failing: none',
    ],
  };
}

function actions(input: HomeInput): HomeAction[] {
  const state = input.status.auth.status.state;
  const out: HomeAction[] = [
    { id: 'open_settings', label: 'Open settings', style: 'primary' },
    { id: 'authenticate', label: state === 'not_authenticated' ? 'Authenticate' : 'Re-authenticate' },
  ];
  if (input.checkAvailable) out.push({ id: 'check', label: 'Check' });
  out.push({ id: 'history', label: 'History' });
  if (state !== 'not_authenticated') out.push({ id: 'disconnect', label: 'Disconnect', style: 'danger' });
  return out;
}

/** The Home tab for one viewer. */
export function homeView(input: HomeInput): HomeView {
  const { status } = input;
  const history = historyView(input.history);
  const access = ACCESS[input.platform] ?? SLACK_ACCESS;
  const record = status.current ?? undefined;
  return {
    title: 'aco-connect: Avaya Cloud Office → Xima CCaaS',
    auth: authSection(status.auth),
    settings: {
      heading: STATUS_TITLE,
      ...(record ? { record } : {}),
      fields: record ? statusFields(status) : [],
      lines: [...(record ? [] : [NOTHING_SAVED]), ...(status.recordingLicensed ? [] : [RECORDING_UNLICENSED_NOTE])],
    },
    ...(input.lastCheck ? { check: { heading: 'Last connectivity check', lines: [input.lastCheck] } } : {}),
    ...(status.delivery ? { delivery: deliverySection(status) } : {}),
    history: {
      heading: 'Recent history',
      empty: history.empty,
      lines: history.lines.slice(0, HOME_HISTORY_ENTRIES),
    },
    access: input.mayAct
      ? { mayAct: true, actions: actions(input) }
      : { mayAct: false, heading: 'Read only', lines: [access.who, access.how] },
    updated: `Updated ${minuteUtc(input.now)}`,
  };
}
