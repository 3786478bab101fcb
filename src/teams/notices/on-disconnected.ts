import type { CoreEvent } from '../../core/events.js';
import { noticeCard } from '../cards/notice-card.js';
import type { TeamsDeps } from '../deps.js';
import { attempt } from './attempt.js';
import { postNotice } from './post-notice.js';

export async function onDisconnected(deps: TeamsDeps, event: Extract<CoreEvent, { type: 'disconnected' }>): Promise<void> {
  await attempt(deps, 'disconnected notice', () => postNotice(deps, event.tenant, noticeCard(event), event.type));
}
