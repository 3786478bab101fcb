import type { CoreEvent } from '../../core/events.js';
import { authLostNotice } from '../blocks/notices.js';
import type { SlackContext } from '../context.js';

type AuthLost = Extract<CoreEvent, { type: 'auth.lost' }>;

/** Nobody is acting when a grant dies in the background: without an admin channel, the last acting admin hears it. */
export async function onAuthLost(ctx: SlackContext, e: AuthLost): Promise<void> {
  await ctx.notifier.notify(e.tenant, authLostNotice(e.message), { dmWhenNoChannel: true });
}
