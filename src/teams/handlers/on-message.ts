import { MessageFactory, type TurnContext } from 'botbuilder';
import { HISTORY_LIMIT } from '../../core/history-text.js';
import { disconnectConfirmCard } from '../cards/disconnect-card.js';
import { attachment, type AdaptiveCard } from '../cards/elements.js';
import { helpCard } from '../cards/help-card.js';
import { historyCard } from '../cards/history-card.js';
import { checkCard } from '../cards/check-card.js';
import { statusCard } from '../cards/status-card.js';
import { parseCommand } from '../command-text.js';
import type { TeamsDeps } from '../deps.js';
import { isVerb } from '../verbs.js';
import { adminChannelCommand } from './admin-channel-command.js';
import { runCardAction } from './card-action.js';
import { checkCaller, type Caller } from './caller.js';

const sendCard = (ctx: TurnContext, c: AdaptiveCard) => ctx.sendActivity(MessageFactory.attachment(attachment(c)));

async function runCommand(ctx: TurnContext, deps: TeamsDeps, caller: Caller): Promise<void> {
  const { command, word } = parseCommand(ctx.activity.text);
  const { tenant } = caller;
  switch (command) {
    case 'open':
    case 'status':
      await sendCard(ctx, statusCard(await deps.workflow.status(tenant)));
      return;
    case 'help':
      await sendCard(ctx, helpCard());
      return;
    case 'check': {
      const running = deps.workflow.checkRunningView();
      if (running) await sendCard(ctx, checkCard(running));
      const view = await deps.workflow.checkSaved(tenant, caller.actor);
      if (view) await sendCard(ctx, checkCard(view));
      return;
    }
    case 'history':
      await sendCard(ctx, historyCard(await deps.workflow.history(tenant, HISTORY_LIMIT)));
      return;
    case 'disconnect':
      await sendCard(ctx, disconnectConfirmCard(await deps.workflow.authView(tenant)));
      return;
    case 'admin-channel':
      await ctx.sendActivity(await adminChannelCommand(ctx, deps, caller));
      return;
    case 'unknown':
      await sendCard(ctx, helpCard(word));
      return;
  }
}

/**
 * Action.Submit fallback of a Universal Action (clients without Action.Execute): Teams sends a message
 * whose `value` is the button's data. The outcome replaces the card in place, as the invoke would.
 */
async function runSubmitFallback(
  ctx: TurnContext,
  deps: TeamsDeps,
  caller: Caller,
  value: Record<string, unknown>,
): Promise<void> {
  if (!isVerb(value.verb)) return;
  const outcome = await runCardAction(ctx, deps, caller, value.verb, value);
  if (outcome.kind !== 'card') {
    await ctx.sendActivity(outcome.text);
    return;
  }
  const replyToId = ctx.activity.replyToId;
  if (replyToId) await ctx.updateActivity({ ...MessageFactory.attachment(attachment(outcome.card)), id: replyToId });
  else await sendCard(ctx, outcome.card);
}

/** Every message: the admin check, then a command or a card's Action.Submit. */
export async function onMessage(ctx: TurnContext, deps: TeamsDeps): Promise<void> {
  const check = await checkCaller(ctx, deps);
  if (!check.ok) {
    await ctx.sendActivity(check.message);
    return;
  }
  const value = ctx.activity.value;
  if (value && typeof value === 'object' && !Array.isArray(value) && 'verb' in value) {
    await runSubmitFallback(ctx, deps, check.caller, value as Record<string, unknown>);
    return;
  }
  await runCommand(ctx, deps, check.caller);
}
