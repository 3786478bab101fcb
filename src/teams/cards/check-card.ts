import type { CheckView } from '../../core/settings-assist.js';
import { checkElements } from './assist-elements.js';
import { card, type AdaptiveCard } from './elements.js';

/** `aco-connect check`: the connectivity check of the saved settings. */
export function checkCard(view: CheckView): AdaptiveCard {
  return card(checkElements(view), [], `${view.title}: ${view.summary || view.lines[0] || ''}`);
}
