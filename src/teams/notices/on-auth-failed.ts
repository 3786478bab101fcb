import type { CoreEvent } from '../../core/events.js';
import { authFailedCard } from '../cards/authenticate-card.js';
import type { TeamsDeps } from '../deps.js';
import { attempt } from './attempt.js';
import { teamsAuthContext } from './auth-context.js';
import { onNotice } from './on-notice.js';

/** A refused sign-in: the Authenticate card says why and offers Try again; the admin channel hears. */
export async function onAuthFailed(deps: TeamsDeps, event: Extract<CoreEvent, { type: 'auth.failed' }>): Promise<void> {
  const context = teamsAuthContext(event.context);
  if (context?.activityId) {
    const activityId = context.activityId;
    await attempt(deps, 'update Authenticate card', () =>
      deps.messenger.update(context.reference, activityId, authFailedCard(event.message, context.draftId)),
    );
  }
  await onNotice(deps, event);
}
