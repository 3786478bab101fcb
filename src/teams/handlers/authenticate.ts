import { MessageFactory, type TurnContext } from 'botbuilder';
import { WorkflowError } from '../../core/workflow-error.js';
import { authenticateCard } from '../cards/authenticate-card.js';
import { attachment, type AdaptiveCard } from '../cards/elements.js';
import { asJson, referenceOf, type TeamsAuthContext } from '../conversation-refs.js';
import type { TeamsDeps } from '../deps.js';
import type { Caller } from './caller.js';

/** A fresh consent link bound to this chat; the callback later updates the card through `context`. */
async function begin(
  ctx: TurnContext,
  deps: TeamsDeps,
  caller: Caller,
  draftId: string | undefined,
  activityId?: string,
) {
  const context = authContext(ctx, draftId, activityId);
  return deps.workflow.beginAuthentication(caller.tenant, caller.actor, { draftId, context: asJson(context) });
}

function authContext(ctx: TurnContext, draftId: string | undefined, activityId: string | undefined): TeamsAuthContext {
  return {
    platform: 'teams',
    reference: referenceOf(ctx.activity),
    ...(activityId ? { activityId } : {}),
    ...(draftId ? { draftId } : {}),
  };
}

/** After a valid Save without ACO authorization: posts the Authenticate card and binds its id to the state. */
export async function postAuthenticateCard(
  ctx: TurnContext,
  deps: TeamsDeps,
  caller: Caller,
  draftId: string,
): Promise<void> {
  const { url, state } = await begin(ctx, deps, caller, draftId);
  const sent = await ctx.sendActivity(MessageFactory.attachment(attachment(authenticateCard({ url }))));
  if (sent?.id) await deps.workflow.bindAuthContext(state, asJson(authContext(ctx, draftId, sent.id)));
}

/** Re-authenticate / Try again on an existing card: the card itself becomes the Authenticate card. */
export async function authenticateInPlace(
  ctx: TurnContext,
  deps: TeamsDeps,
  caller: Caller,
  draftId?: string,
): Promise<AdaptiveCard> {
  const { url } = await begin(ctx, deps, caller, draftId, ctx.activity.replyToId);
  return authenticateCard({ url });
}

export const isNotConfigured = (err: unknown): err is WorkflowError =>
  err instanceof WorkflowError && err.code === 'aco_not_configured';
