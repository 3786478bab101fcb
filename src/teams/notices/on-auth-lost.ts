import type { CoreEvent } from '../../core/events.js';
import { noticeCard } from '../cards/notice-card.js';
import type { TeamsDeps } from '../deps.js';
import { attempt } from './attempt.js';
import { postNotice } from './post-notice.js';

/** Nobody is looking at a card when a grant dies, so without an admin channel the last conversation hears. */
export async function onAuthLost(deps: TeamsDeps, event: Extract<CoreEvent, { type: 'auth.lost' }>): Promise<void> {
  await attempt(deps, 'auth.lost notice', () => postNotice(deps, event.tenant, noticeCard(event), event.type, { fallbackToLast: true }));
}
