import type { CoreEvent } from '../../core/events.js';
import { deliveryDroppedNotice } from '../blocks/notices.js';
import type { SlackContext } from '../context.js';

type DeliveryDropped = Extract<CoreEvent, { type: 'delivery.dropped' }>;

/** The deliverer drops in the background with nobody acting: without an admin channel, the last acting admin hears it. */
export async function onDeliveryDropped(ctx: SlackContext, e: DeliveryDropped): Promise<void> {
  await ctx.notifier.notify(e.tenant, deliveryDroppedNotice(e.deliveryId, e.message), { dmWhenNoChannel: true });
}
