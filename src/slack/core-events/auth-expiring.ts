import type { CoreEvent } from '../../core/events.js';
import { authExpiringNotice } from '../blocks/notices.js';
import type { SlackContext } from '../context.js';

type AuthExpiring = Extract<CoreEvent, { type: 'auth.expiring' }>;

export async function onAuthExpiring(ctx: SlackContext, e: AuthExpiring): Promise<void> {
  await ctx.notifier.notify(e.tenant, authExpiringNotice(e.refreshTokenExpiresAt, e.message), { dmWhenNoChannel: true });
}
