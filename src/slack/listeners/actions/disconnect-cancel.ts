import { keptConnectedView } from '../../../core/outcomes.js';
import { outcomeMessage } from '../../blocks/outcome.js';
import type { SlackContext } from '../../context.js';
import { replaceOriginal } from '../reply.js';
import { adminButton } from './admin-button.js';

export function disconnectCancelClicked(ctx: SlackContext) {
  return adminButton(ctx, 'answering', async ({ respond }) => {
    await respond(replaceOriginal(outcomeMessage(keptConnectedView())));
  });
}
