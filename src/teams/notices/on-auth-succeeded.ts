import type { CoreEvent } from '../../core/events.js';
import { authenticatedCard } from '../cards/authenticate-card.js';
import { confirmCard } from '../cards/confirm-card.js';
import { confirmWithRunningCheck, followWithCheck } from '../confirm-check.js';
import type { TeamsDeps } from '../deps.js';
import { teamsAuthContext } from './auth-context.js';
import { onNotice } from './on-notice.js';
import { attempt } from './attempt.js';

/** After the OAuth callback: the Authenticate card says who signed in, Confirm Changes follows, the admin channel hears. */
export async function onAuthSucceeded(
  deps: TeamsDeps,
  event: Extract<CoreEvent, { type: 'auth.succeeded' }>,
): Promise<void> {
  const context = teamsAuthContext(event.context);
  if (context) {
    const confirm = event.draftId ? await deps.workflow.confirmView(event.tenant, event.draftId) : null;
    if (context.activityId) {
      const activityId = context.activityId;
      await attempt(deps, 'update Authenticate card', () =>
        deps.messenger.update(
          context.reference,
          activityId,
          authenticatedCard(event.acoUser, { confirmFollows: !!confirm }),
        ),
      );
    }
    if (confirm) {
      let posted: string | undefined;
      await attempt(deps, 'post Confirm Changes', async () => {
        posted = await deps.messenger.post(context.reference, confirmCard(confirmWithRunningCheck(deps, confirm)));
      });
      followWithCheck(deps, context.reference, posted, event.tenant, event.actor, confirm.draftId);
    }
  }
  await onNotice(deps, event);
}
