import type { CoreEvent, CoreEvents } from '../../core/events.js';
import type { SlackContext } from '../context.js';
import { isSlackTenant } from '../identity.js';
import { reportFailure } from '../listeners/reply.js';
import { slackErrorCode } from '../slack-errors.js';
import { onAuthFailed } from './auth-failed.js';
import { onAuthSucceeded } from './auth-succeeded.js';
import { postNotice } from './post-notice.js';

/** What changes the Home tab: it is re-published (in the background) for the admins who opened it lately. */
const HOME_CHANGES = new Set<CoreEvent['type']>([
  'settings.saved',
  'auth.succeeded',
  'auth.lost',
  'auth.expiring',
  'disconnected',
  'delivery.dropped',
]);

async function dispatch(ctx: SlackContext, e: CoreEvent): Promise<void> {
  if (HOME_CHANGES.has(e.type)) ctx.homeRefresher.request(e.tenant);
  switch (e.type) {
    case 'auth.succeeded':
      return onAuthSucceeded(ctx, e);
    case 'auth.failed':
      return onAuthFailed(ctx, e);
    default:
      return postNotice(ctx, e);
  }
}

/** Follows the core's events for Slack tenants only (Teams tenants have their own adapter); returns the unsubscribe. */
export function subscribeToCoreEvents(events: CoreEvents, ctx: SlackContext): () => void {
  return events.on(async (e) => {
    if (!isSlackTenant(e.tenant)) return;
    try {
      await dispatch(ctx, e);
    } catch (err) {
      // The admin who just signed in is waiting for the chat to move on: tell them rather than stay silent.
      const actor = 'actor' in e ? e.actor : undefined;
      if ((e.type === 'auth.succeeded' || e.type === 'auth.failed') && actor?.platform === 'slack') {
        await reportFailure(ctx, err, 'continuing after the ACO sign-in', { client: ctx.client, userId: actor.id });
      } else {
        ctx.logger.error(
          { tenant: e.tenant, event: e.type, error: slackErrorCode(err) },
          'Slack follow-up to a core event failed',
        );
      }
    }
  });
}
