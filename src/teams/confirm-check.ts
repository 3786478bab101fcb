import type { TurnContext } from 'botbuilder';
import { MessageFactory } from 'botbuilder';
import type { Actor, TenantId } from '../core/types.js';
import type { ConfirmView } from '../core/views.js';
import { confirmCard } from './cards/confirm-card.js';
import { attachment } from './cards/elements.js';
import { referenceOf, type StoredReference } from './conversation-refs.js';
import type { TeamsDeps } from './deps.js';

/** Confirm Changes with the check shown as running when the check is on. */
export function confirmWithRunningCheck(deps: TeamsDeps, view: ConfirmView): ConfirmView {
  const running = deps.workflow.checkRunningView();
  return running ? { ...view, check: running } : view;
}

/**
 * Runs the connectivity check of the draft after the card is out and replaces the card with its results
 * (proactively: the turn is over by then). Never throws; OK works all the while.
 */
export function followWithCheck(
  deps: TeamsDeps,
  reference: StoredReference,
  activityId: string | undefined,
  tenant: TenantId,
  actor: Actor,
  draftId: string,
): void {
  if (!activityId || !deps.workflow.checkRunningView()) return;
  void (async () => {
    try {
      await deps.workflow.checkDraft(tenant, actor, draftId, (checked) =>
        deps.messenger.update(reference, activityId, confirmCard(checked)),
      );
    } catch (err) {
      deps.logger.warn(
        { tenant, err: err instanceof Error ? err.message : String(err) },
        'could not show the connectivity check on Confirm Changes',
      );
    }
  })();
}

/** Sends Confirm Changes in this turn, then follows with the check. */
export async function sendConfirmChanges(
  ctx: TurnContext,
  deps: TeamsDeps,
  view: ConfirmView,
  actor: Actor,
): Promise<void> {
  const sent = await ctx.sendActivity(
    MessageFactory.attachment(attachment(confirmCard(confirmWithRunningCheck(deps, view)))),
  );
  followWithCheck(deps, referenceOf(ctx.activity), sent?.id, view.tenant, actor, view.draftId);
}
