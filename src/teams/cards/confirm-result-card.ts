import { cancelOutcomeView, confirmOutcomeView } from '../../core/outcomes.js';
import type { CancelResult, ConfirmResult } from '../../core/views.js';
import type { AdaptiveCard } from './elements.js';
import { outcomeCard } from './outcome-card.js';

/** What replaces Confirm Changes after OK. */
export const confirmResultCard = (result: ConfirmResult): AdaptiveCard => outcomeCard(confirmOutcomeView(result));

/** What replaces Confirm Changes after Cancel. */
export const cancelResultCard = (result: CancelResult): AdaptiveCard => outcomeCard(cancelOutcomeView(result));
