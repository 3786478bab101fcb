import {
  MessageFactory,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from 'botbuilder';
import { outageText } from '../../core/store-outage.js';
import { attachment } from '../cards/elements.js';
import type { TeamsDeps } from '../deps.js';
import { isVerb } from '../verbs.js';
import { runCardAction } from './card-action.js';
import { checkCaller } from './caller.js';
import { errorMessage } from '../../error-message.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const ERROR = 'application/vnd.microsoft.error';

const message = (text: string): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: MESSAGE,
  value: text as never,
});
const error = (statusCode: number, code: string, text: string): AdaptiveCardInvokeResponse => ({
  statusCode,
  type: ERROR,
  value: { code, message: text } as never,
});

/**
 * `adaptiveCard/action` (Action.Execute). Teams waits 5 seconds for this answer; the replacement card
 * goes back in it, and the message is also updated so everyone in the conversation sees the outcome.
 */
export async function onCardInvoke(
  ctx: TurnContext,
  deps: TeamsDeps,
  value: AdaptiveCardInvokeValue,
): Promise<AdaptiveCardInvokeResponse> {
  const verb = value.action?.verb;
  if (!isVerb(verb)) return error(400, 'BadRequest', `Unknown action "${String(verb).slice(0, 40)}".`);
  try {
    const check = await checkCaller(ctx, deps);
    if (!check.ok) return message(check.message);
    const data =
      value.action.data && typeof value.action.data === 'object' ? (value.action.data as Record<string, unknown>) : {};
    const outcome = await runCardAction(ctx, deps, check.caller, verb, data);
    if (outcome.kind === 'bad_request') return error(400, 'BadRequest', outcome.text);
    if (outcome.kind === 'message') return message(outcome.text);
    const replyToId = ctx.activity.replyToId;
    if (outcome.shared && replyToId) {
      try {
        await ctx.updateActivity({ ...MessageFactory.attachment(attachment(outcome.card)), id: replyToId });
      } catch (err) {
        // The clicker still gets the card from the invoke answer; others see it on their next refresh.
        deps.logger.warn({ err: errorMessage(err) }, 'could not update the Teams card for everyone');
      }
    }
    return { statusCode: 200, type: CARD, value: outcome.card as never };
  } catch (err) {
    const outage = outageText(err);
    if (outage) {
      deps.logger.warn({ verb }, 'Teams card action failed: store unavailable');
      return message(outage);
    }
    deps.logger.error({ verb, err: errorMessage(err) }, 'Teams card action failed');
    return error(500, 'InternalError', 'aco-connect could not complete this action. Try again in a moment.');
  }
}
