import type { TeamsDeps } from '../deps.js';
import { errorMessage } from '../../error-message.js';

/** One proactive step; a failure is logged and does not stop the next step. */
export async function attempt(deps: TeamsDeps, what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    deps.logger.warn({ step: what, err: errorMessage(err) }, 'Teams proactive message failed');
  }
}
