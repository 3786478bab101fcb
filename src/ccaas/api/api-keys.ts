import { createHash, timingSafeEqual } from 'node:crypto';
import { parseApiKeyList, TENANT_ID } from '../../config-api-keys.js';
import type { TenantId } from '../../core/types.js';

/** A CCAAS_API_KEY entry as the API holds it: the key itself only as a digest. */
export interface ApiKey {
  /** 1-based position in CCAAS_API_KEY: what the logs name instead of the key. */
  index: number;
  /** SHA-256 of the key; equal-length digests let every comparison run in constant time. */
  digest: Buffer;
  /** Undefined: every tenant. */
  tenants?: ReadonlySet<TenantId>;
}

export type ApiKeysParse = { ok: true; keys: ApiKey[] } | { ok: false; problems: string[] };

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Parses CCAAS_API_KEY (format: src/config-api-keys.ts); problems name the key by position, never by value. */
export function parseApiKeys(raw: string | undefined): ApiKeysParse {
  const parsed = parseApiKeyList(raw);
  if (!parsed.ok) return parsed;
  const keys = parsed.entries.map(({ index, key, tenants }) => ({
    index,
    digest: sha256(key),
    ...(tenants ? { tenants: new Set(tenants) } : {}),
  }));
  return { ok: true, keys };
}

/**
 * The configured key equal to `presented`, or undefined. Every key is compared (no early exit) over
 * fixed-length digests, so neither the timing nor the length of the presented key tells anything.
 */
export function matchApiKey(keys: readonly ApiKey[], presented: string): ApiKey | undefined {
  const digest = sha256(presented);
  let found: ApiKey | undefined;
  for (const key of keys) {
    if (timingSafeEqual(key.digest, digest) && !found) found = key;
  }
  return found;
}

export function keyAllowsTenant(key: ApiKey, tenant: TenantId): boolean {
  return !key.tenants || key.tenants.has(tenant);
}

export const isTenantId = (text: string): boolean => TENANT_ID.test(text);
