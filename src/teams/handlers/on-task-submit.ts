import type { TaskModuleRequest, TaskModuleResponse, TurnContext } from 'botbuilder';
import { sendConfirmChanges } from '../confirm-check.js';
import { settingsFormCard } from '../cards/settings-form-card.js';
import { dialogMessage, dialogResponse } from '../cards/task-module.js';
import type { TeamsDeps } from '../deps.js';
import { formInputFromCard } from '../form-fields.js';
import { isNotConfigured, postAuthenticateCard } from './authenticate.js';
import { VERBS } from '../verbs.js';
import { checkCaller } from './caller.js';

/**
 * `task/submit` from the dialog's Save: the core validates; errors keep the dialog open with what was
 * typed; a valid draft closes it (an empty answer) and the chat gets Authenticate or Confirm Changes.
 */
export async function onTaskSubmit(
  ctx: TurnContext,
  deps: TeamsDeps,
  request: TaskModuleRequest,
): Promise<TaskModuleResponse | undefined> {
  const check = await checkCaller(ctx, deps);
  if (!check.ok) return dialogMessage(check.message);
  const { tenant, actor } = check.caller;
  const data = request.data as Record<string, unknown> | undefined;
  // "Use ACO's values" in the dialog: a draft of ACO's own values instead of what is typed.
  const result =
    data?.verb === VERBS.useAcoValues
      ? await deps.workflow.useAcoValues(tenant, actor)
      : await deps.workflow.submitForm(tenant, actor, formInputFromCard(request.data));
  if (!result.ok && 'message' in result) return dialogMessage(result.message);
  if (!result.ok) return dialogResponse(settingsFormCard(result.form));
  if (result.next === 'confirm') {
    await sendConfirmChanges(ctx, deps, result.confirm, actor);
    return undefined;
  }
  try {
    await postAuthenticateCard(ctx, deps, check.caller, result.draftId);
  } catch (err) {
    if (isNotConfigured(err)) return dialogMessage(err.message);
    throw err;
  }
  return undefined;
}
