import type { Actor } from './types.js';
import type { ConfirmView } from './views.js';

/* Confirm Changes (Xima's dialog) in the same words in Slack and Teams; the diff layout and buttons are theirs. */

export const CONFIRM_TITLE = 'Confirm Changes';

/** "Saving as version N, requested by WHO."; `who` renders the actor the chat's own way. */
export function confirmRequestLine(view: ConfirmView, who: (actor: Actor) => string = (a) => a.name): string {
  return `Saving as version ${view.baseVersion + 1}, requested by ${who(view.requestedBy)}.`;
}

/** Shown when the draft repeats the saved settings exactly. */
export const NOTHING_DIFFERS = 'Nothing differs from the saved settings; OK saves them again as a new version.';
