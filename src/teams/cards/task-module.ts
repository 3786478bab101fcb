import type { TaskModuleResponse } from 'botbuilder';
import { attachment, type AdaptiveCard } from './elements.js';

/** The task/fetch or task/submit answer that shows (or keeps showing) a dialog with this card. */
export function dialogResponse(c: AdaptiveCard, title = 'ACO Platform Settings'): TaskModuleResponse {
  return { task: { type: 'continue', value: { title, height: 'large', width: 'medium', card: attachment(c) } } };
}

/** A dialog answer that only shows a message (refusals, problems). */
export function dialogMessage(message: string): TaskModuleResponse {
  return { task: { type: 'message', value: message } };
}
