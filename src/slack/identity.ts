import type { Actor, TenantId } from '../core/types.js';

export const TENANT_PREFIX = 'slack:';

/** One Slack workspace is one tenant. */
export const tenantOf = (teamId: string): TenantId => `${TENANT_PREFIX}${teamId}`;

export const isSlackTenant = (tenant: TenantId): boolean => tenant.startsWith(TENANT_PREFIX);

export const actorOf = (userId: string, name: string | undefined): Actor => ({
  platform: 'slack',
  id: userId,
  name: name && name.trim() !== '' ? name : userId,
});
