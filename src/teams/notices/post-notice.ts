import type { TenantId } from '../../core/types.js';
import type { AdaptiveCard } from '../cards/elements.js';
import type { TeamsDeps } from '../deps.js';
import { noticeTarget } from './targets.js';

export async function postNotice(deps: TeamsDeps, tenant: TenantId, card: AdaptiveCard, what: string, opts = { fallbackToLast: false }): Promise<void> {
  const target = await noticeTarget(deps, tenant, opts);
  if (!target) {
    deps.logger.debug({ tenant, notice: what }, 'no Teams admin channel set; notice not posted');
    return;
  }
  await deps.messenger.post(target, card);
  deps.logger.info({ tenant, notice: what }, 'Teams notice posted');
}
