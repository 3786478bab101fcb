import { describeAuthStatus } from '../../core/auth-status.js';
import type { CoreEvent } from '../../core/events.js';
import { VERBS } from '../verbs.js';
import { changeFacts } from './confirm-card.js';
import { card, executeAction, heading, plain, subtle, text, when, type AdaptiveCard } from './elements.js';

type Notice = Extract<CoreEvent, { type: 'settings.saved' | 'auth.succeeded' | 'auth.failed' | 'auth.lost' | 'auth.expiring' | 'disconnected' | 'delivery.dropped' }>;

const reauthenticate = () => executeAction('Re-authenticate', VERBS.reauthenticate, {}, 'positive');

/** Admin-channel notices, one card per core event. */
export function noticeCard(event: Notice): AdaptiveCard {
  switch (event.type) {
    case 'settings.saved': {
      const title = `Platform Settings saved — version ${event.record.version} by ${plain(event.actor.name, 80)}`;
      const changed = event.changes.filter((c) => c.changed);
      return card(
        [heading(title, 'good'), ...(changed.length ? [changeFacts(changed)] : [text('Same values as before.')]), subtle(`Saved ${when(event.record.savedAt)}.`)],
        [],
        title,
      );
    }
    case 'auth.succeeded': {
      const title = `ACO authenticated as ${plain(event.acoUser.name, 80)} (ext ${plain(event.acoUser.extensionNumber, 20)})`;
      return card([heading(title, 'good'), text(`Signed in by ${plain(event.actor.name, 80)}.`)], [], title);
    }
    case 'auth.failed':
      return card(
        [heading('ACO sign-in failed', 'attention'), text(plain(event.message, 600)), ...(event.actor ? [subtle(`Attempted by ${plain(event.actor.name, 80)}.`)] : [])],
        [],
        'ACO sign-in failed',
      );
    case 'auth.lost':
      return card(
        [
          heading('ACO authorization lost', 'attention'),
          text(plain(event.message, 600)),
          subtle(`API Auth Status: ${describeAuthStatus(event.status)}`),
          text('The integration stops working until an ACO Super Admin authenticates again.'),
        ],
        [reauthenticate()],
        'ACO authorization lost',
      );
    case 'auth.expiring':
      return card(
        [
          heading('ACO authorization about to lapse', 'warning'),
          text(plain(event.message, 600)),
          subtle(`Refresh token valid until ${when(event.refreshTokenExpiresAt)}.`),
        ],
        [reauthenticate()],
        'ACO authorization about to lapse',
      );
    case 'disconnected':
      return card(
        [heading(`ACO disconnected by ${plain(event.actor.name, 80)}`, 'warning'), text('Saving settings needs a new ACO sign-in.')],
        [reauthenticate()],
        'ACO disconnected',
      );
    case 'delivery.dropped':
      // Nothing retries a permanent refusal: the card says where to look instead of offering a button.
      return card(
        [
          heading('The CCaaS refused a webhook delivery', 'attention'),
          text(plain(event.message, 600)),
          subtle(`Delivery ${plain(event.deliveryId, 80)} will not be retried.`),
          text(
            'Check the CCaaS webhook configuration: CCAAS_WEBHOOK_URL and CCAAS_WEBHOOK_SECRET here, and what the receiver accepts there. ' +
              'Later changes are still sent, and the current settings remain readable through the read API (GET /api/v1/platform-settings).',
          ),
        ],
        [],
        'The CCaaS refused a webhook delivery',
      );
  }
}
