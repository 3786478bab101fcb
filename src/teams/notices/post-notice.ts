import type { CoreEvent } from '../../core/events.js';
import { noticeView } from '../../core/notices.js';
import { noticeCard } from '../cards/notice-card.js';
import type { TeamsDeps } from '../deps.js';
import { noticeTarget } from './targets.js';

/**
 * The admin-channel notice of any core event. News that came with nobody acting (a grant dying in the
 * background, a dropped delivery) goes to the conversation an admin last used when no admin channel is set.
 */
export async function postNotice(deps: TeamsDeps, event: CoreEvent): Promise<void> {
  const view = noticeView(event);
  const target = await noticeTarget(deps, event.tenant, { fallbackToLast: view.unattended });
  if (!target) {
    deps.logger.debug({ tenant: event.tenant, notice: event.type }, 'no Teams admin channel set; notice not posted');
    return;
  }
  await deps.messenger.post(target, noticeCard(view));
  deps.logger.info({ tenant: event.tenant, notice: event.type }, 'Teams notice posted');
}
