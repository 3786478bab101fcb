import type { Actor } from './types.js';

/* Small wording rules every chat view shares. */

/** How a view should strike the reader; each chat maps it to its own colour or emoji. */
export type Tone = 'good' | 'warning' | 'attention';

/**
 * "TITLE by ACTOR". Views keep the actor apart from their words, so `who` can render them the chat's
 * own way (a Slack mention, a bounded Teams name).
 */
export function headline(
  view: { title: string; actor?: Actor },
  who: (actor: Actor) => string = (a) => a.name,
): string {
  return view.actor ? `${view.title} by ${who(view.actor)}` : view.title;
}
