import type { TenantId } from './types.js';

/* The store's lock names, in one place: every process sharing the store must use the same ones. */

/** One lock per tenant guards the grant: the callback, disconnect and the token refresher all take it. */
export const grantLockKey = (tenant: TenantId) => `grant:${tenant}`;

/** Saving and discarding drafts of a tenant take turns, so a version is saved once. */
export const settingsLockKey = (tenant: TenantId) => `settings:${tenant}`;

/** Two first sightings of new tenants take turns for the next position in the tenant index. */
export const TENANT_INDEX_LOCK_KEY = 'tenant-index';
