import type { TaskModuleRequest, TaskModuleResponse, TurnContext } from 'botbuilder';
import { settingsFormCard } from '../cards/settings-form-card.js';
import { dialogMessage, dialogResponse } from '../cards/task-module.js';
import type { TeamsDeps } from '../deps.js';
import { checkCaller } from './caller.js';

/** `task/fetch` from Edit settings: the dialog with the prefilled Platform Settings form. */
export async function onTaskFetch(
  ctx: TurnContext,
  deps: TeamsDeps,
  _request: TaskModuleRequest,
): Promise<TaskModuleResponse> {
  const check = await checkCaller(ctx, deps);
  if (!check.ok) return dialogMessage(check.message);
  return dialogResponse(settingsFormCard(await deps.workflow.openForm(check.caller.tenant)));
}
