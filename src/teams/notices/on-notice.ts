import type { CoreEvent } from '../../core/events.js';
import type { TeamsDeps } from '../deps.js';
import { attempt } from './attempt.js';
import { postNotice } from './post-notice.js';

/** Events that only need their admin-channel notice. */
export async function onNotice(deps: TeamsDeps, event: CoreEvent): Promise<void> {
  await attempt(deps, `${event.type} notice`, () => postNotice(deps, event));
}
