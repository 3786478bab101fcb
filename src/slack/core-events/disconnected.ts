import type { CoreEvent } from '../../core/events.js';
import { disconnectedNotice } from '../blocks/notices.js';
import type { SlackContext } from '../context.js';

type Disconnected = Extract<CoreEvent, { type: 'disconnected' }>;

export async function onDisconnected(ctx: SlackContext, e: Disconnected): Promise<void> {
  await ctx.notifier.notify(e.tenant, disconnectedNotice(e.actor), { actingUser: e.actor.id });
}
