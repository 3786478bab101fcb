import type { CoreEvent } from '../../core/events.js';
import { noticeCard } from '../cards/notice-card.js';
import type { TeamsDeps } from '../deps.js';
import { attempt } from './attempt.js';
import { postNotice } from './post-notice.js';

/** The deliverer drops in the background, so without an admin channel the last conversation hears. */
export async function onDeliveryDropped(deps: TeamsDeps, event: Extract<CoreEvent, { type: 'delivery.dropped' }>): Promise<void> {
  await attempt(deps, 'delivery.dropped notice', () => postNotice(deps, event.tenant, noticeCard(event), event.type, { fallbackToLast: true }));
}
