import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TaskModuleRequest,
  type TaskModuleResponse,
  type TurnContext,
} from 'botbuilder';
import { outageText } from '../core/store-outage.js';
import { dialogMessage } from './cards/task-module.js';
import type { TeamsDeps } from './deps.js';
import { onCardInvoke } from './handlers/on-card-invoke.js';
import { onMessage } from './handlers/on-message.js';
import { onTaskFetch } from './handlers/on-task-fetch.js';
import { onTaskSubmit } from './handlers/on-task-submit.js';
import { errorMessage } from '../error-message.js';

const SORRY = 'aco-connect could not complete this. Try again in a moment.';

/** A thin TeamsActivityHandler: each activity goes to its handler in handlers/. */
export class AcoTeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsDeps) {
    super();
    this.onMessage(async (ctx, next) => {
      await onMessage(ctx, deps);
      await next();
    });
  }

  protected async handleTeamsTaskModuleFetch(
    ctx: TurnContext,
    request: TaskModuleRequest,
  ): Promise<TaskModuleResponse> {
    return this.dialogGuard('task/fetch', () => onTaskFetch(ctx, this.deps, request));
  }

  protected async handleTeamsTaskModuleSubmit(
    ctx: TurnContext,
    request: TaskModuleRequest,
  ): Promise<TaskModuleResponse> {
    // An empty answer closes the dialog; botbuilder's type does not say so.
    return this.dialogGuard('task/submit', () => onTaskSubmit(ctx, this.deps, request)) as Promise<TaskModuleResponse>;
  }

  protected async onAdaptiveCardInvoke(
    ctx: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    return onCardInvoke(ctx, this.deps, value);
  }

  /** A dialog must get an answer even when something broke, or Teams shows its own unhelpful error. */
  private async dialogGuard<T>(what: string, run: () => Promise<T>): Promise<T | TaskModuleResponse> {
    try {
      return await run();
    } catch (err) {
      const outage = outageText(err);
      if (outage) {
        this.deps.logger.warn({ invoke: what }, 'Teams dialog failed: store unavailable');
        return dialogMessage(outage);
      }
      this.deps.logger.error({ invoke: what, err: errorMessage(err) }, 'Teams dialog failed');
      return dialogMessage(SORRY);
    }
  }
}
