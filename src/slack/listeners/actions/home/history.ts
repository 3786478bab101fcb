import { HISTORY_LIMIT } from '../../../../core/history-text.js';
import { historyMessage } from '../../../blocks/history.js';
import type { SlackContext } from '../../../context.js';
import { postDm } from '../../../direct-message.js';
import { homeButton } from './home-button.js';

/** History: the same list as `/aco-connect history`, in the admin's DM. */
export function homeHistoryClicked(ctx: SlackContext) {
  return homeButton(ctx, 'showing the history', async ({ tenant, actor, client }) => {
    const entries = await ctx.workflow.history(tenant, HISTORY_LIMIT);
    await postDm(client, actor.id, historyMessage(entries));
  });
}
