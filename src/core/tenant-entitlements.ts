import { z } from 'zod';
import type { TenantId } from './types.js';

/** What the operator has licensed for a tenant (PUT /api/v1/tenants/{tenant}/entitlements). */
export const TenantEntitlementsSchema = z.object({
  recordingLicensed: z.boolean(),
  updatedAt: z.string(),
});
export type TenantEntitlements = z.infer<typeof TenantEntitlementsSchema>;

/** One page of the tenant index, in the order tenants were first seen; `next` is where the following page starts. */
export interface TenantPage {
  tenants: TenantId[];
  next?: number;
}
