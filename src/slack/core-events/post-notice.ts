import type { CoreEvent } from '../../core/events.js';
import { noticeView } from '../../core/notices.js';
import { noticeMessage } from '../blocks/notices.js';
import type { SlackContext } from '../context.js';

/**
 * The admin-channel notice of any core event. News that came with nobody acting (a grant dying in the
 * background, a dropped delivery) DMs the last acting admin when no admin channel is set. The core emits
 * settings.saved once per real save (never on a replayed OK), so that notice is posted once.
 */
export async function postNotice(ctx: SlackContext, e: CoreEvent): Promise<void> {
  const view = noticeView(e);
  await ctx.notifier.notify(e.tenant, noticeMessage(view), {
    ...(view.actor ? { actingUser: view.actor.id } : {}),
    dmWhenNoChannel: view.unattended,
  });
}
