import type { CoreEvent } from '../../core/events.js';
import { savedNotice } from '../blocks/notices.js';
import type { SlackContext } from '../context.js';

type SettingsSaved = Extract<CoreEvent, { type: 'settings.saved' }>;

/** The core emits this once per real save (never on a replayed OK), so the notice is posted once. */
export async function onSettingsSaved(ctx: SlackContext, e: SettingsSaved): Promise<void> {
  await ctx.notifier.notify(e.tenant, savedNotice(e.actor, e.record, e.changes), { actingUser: e.actor.id });
}
