import type { CoreEvent } from '../../core/events.js';
import { authFailedCard } from '../cards/authenticate-card.js';
import { noticeCard } from '../cards/notice-card.js';
import type { TeamsDeps } from '../deps.js';
import { attempt } from './attempt.js';
import { teamsAuthContext } from './auth-context.js';
import { postNotice } from './post-notice.js';

/** A refused sign-in: the Authenticate card says why and offers Try again; the admin channel hears. */
export async function onAuthFailed(deps: TeamsDeps, event: Extract<CoreEvent, { type: 'auth.failed' }>): Promise<void> {
  const context = teamsAuthContext(event.context);
  if (context?.activityId) {
    const activityId = context.activityId;
    await attempt(deps, 'update Authenticate card', () =>
      deps.messenger.update(context.reference, activityId, authFailedCard(event.message, context.draftId)),
    );
  }
  await attempt(deps, 'auth.failed notice', () => postNotice(deps, event.tenant, noticeCard(event), event.type));
}

