import { describeAuthStatus } from './auth-status.js';
import type { CoreEvent, CoreEventType } from './events.js';
import type { Tone } from './format.js';
import { minuteUtc } from './time-format.js';
import type { FieldChange } from './settings.js';
import type { Actor } from './types.js';

/* Admin-channel notices as plain data: the words are the same in Slack and Teams, only the styling differs. */

export interface NoticeView {
  event: CoreEventType;
  /** The headline without who did it; `headline` (format.ts) adds "by <actor>". */
  title: string;
  actor?: Actor;
  tone: Tone;
  /** The event's own words (ACO's refusal, the deliverer's line): outside text, to escape and bound. */
  message?: string;
  /** What it means and what to do next. */
  lines: string[];
  /** Small print: when, which status. */
  details: string[];
  /** settings.saved only: the fields that changed (empty when the same settings were saved again). */
  changes?: FieldChange[];
  /** Someone must sign in at ACO again: the notice carries a Re-authenticate button. */
  reauthenticate: boolean;
  /** It happened with nobody acting, so without an admin channel it must still reach an admin. */
  unattended: boolean;
}

const quiet = { lines: [], details: [], reauthenticate: false, unattended: false };

export function noticeView(event: CoreEvent): NoticeView {
  switch (event.type) {
    case 'settings.saved': {
      const changes = event.changes.filter((c) => c.changed);
      return {
        ...quiet,
        event: event.type,
        title: `ACO Platform Settings saved — version ${event.record.version}`,
        actor: event.actor,
        tone: 'good',
        lines: changes.length > 0 ? [] : ['No field changed; the same settings were saved again.'],
        details: [`Saved ${minuteUtc(event.record.savedAt)}.`],
        changes,
      };
    }
    case 'auth.succeeded':
      return {
        ...quiet,
        event: event.type,
        title: `ACO authenticated as ${event.acoUser.name} (ext ${event.acoUser.extensionNumber})`,
        actor: event.actor,
        tone: 'good',
      };
    case 'auth.failed':
      return {
        ...quiet,
        event: event.type,
        title: 'Failed ACO sign-in',
        ...(event.actor ? { actor: event.actor } : {}),
        tone: 'attention',
        message: event.message,
        reauthenticate: true,
      };
    case 'auth.lost':
      return {
        event: event.type,
        title: 'ACO authorization lost',
        tone: 'attention',
        message: event.message,
        lines: ['The integration is stopped until an ACO Super Admin re-authenticates.'],
        details: [`API Auth Status: ${describeAuthStatus(event.status)}`],
        reauthenticate: true,
        unattended: true,
      };
    case 'auth.expiring':
      return {
        event: event.type,
        title: `ACO authorization lapses at ${minuteUtc(event.refreshTokenExpiresAt)}`,
        tone: 'warning',
        message: event.message,
        lines: [],
        details: [],
        reauthenticate: true,
        unattended: true,
      };
    case 'disconnected':
      return {
        ...quiet,
        event: event.type,
        title: 'ACO disconnected',
        actor: event.actor,
        tone: 'warning',
        lines: ['Saving settings needs a new ACO sign-in: Re-authenticate to connect again.'],
        reauthenticate: true,
      };
    case 'delivery.dropped':
      // Nothing retries a permanent refusal, and a new sign-in would not help: the notice says where to look instead.
      return {
        event: event.type,
        title: 'The CCaaS refused a webhook delivery',
        tone: 'attention',
        message: event.message,
        lines: [
          `Delivery ${event.deliveryId} will not be retried.`,
          'Check the CCaaS webhook configuration: CCAAS_WEBHOOK_URL and CCAAS_WEBHOOK_SECRET here, and what the receiver accepts there. ' +
            'Later changes are still sent, and the current settings remain readable through the read API (GET /api/v1/platform-settings).',
        ],
        details: [],
        reauthenticate: false,
        unattended: true,
      };
  }
}
