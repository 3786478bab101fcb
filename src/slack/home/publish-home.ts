import type { webApi } from '@slack/bolt';
import { HOME_HISTORY_ENTRIES, homeView } from '../../core/home-view.js';
import type { TenantId } from '../../core/types.js';
import { homeTab } from '../blocks/home.js';
import type { ConnectionWorkflow } from '../../core/workflow.js';

/** What drawing the Home tab reads. */
export interface HomeDeps {
  workflow: Pick<ConnectionWorkflow, 'status' | 'history'>;
}

/** Reads the tenant's state now and draws the Home tab for one viewer. */
export async function buildHomeTab(
  ctx: HomeDeps,
  tenant: TenantId,
  mayAct: boolean,
): Promise<webApi.ViewsPublishArguments['view']> {
  const [status, history] = await Promise.all([
    ctx.workflow.status(tenant),
    ctx.workflow.history(tenant, HOME_HISTORY_ENTRIES),
  ]);
  return homeTab(homeView({ platform: 'slack', status, history, mayAct, now: Date.now() }));
}

export async function publishHome(
  ctx: HomeDeps,
  client: webApi.WebClient,
  tenant: TenantId,
  userId: string,
  mayAct: boolean,
): Promise<void> {
  await client.views.publish({ user_id: userId, view: await buildHomeTab(ctx, tenant, mayAct) });
}
