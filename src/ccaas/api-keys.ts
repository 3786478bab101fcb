import { createHash, timingSafeEqual } from 'node:crypto';
import type { TenantId } from '../core/types.js';

/**
 * CCAAS_API_KEY: comma-separated keys (several at once so a key can be rotated without downtime), each
 * optionally limited to tenants after "@", the tenants separated by "|":
 *   `k3y-for-all-tenants,other-key@slack:T123|teams:0f6e…`
 * A key is at least 16 characters and holds no ",", "@", "|" or white space.
 */
export interface ApiKey {
  /** 1-based position in CCAAS_API_KEY: what the logs name instead of the key. */
  index: number;
  /** SHA-256 of the key; equal-length digests let every comparison run in constant time. */
  digest: Buffer;
  /** Undefined: every tenant. */
  tenants?: ReadonlySet<TenantId>;
}

export const MIN_KEY_LENGTH = 16;
const TENANT = /^(slack|teams):[^\s,@|]{1,200}$/;
const KEY_CHARS = /^[^\s,@|]+$/;

export type ApiKeysParse = { ok: true; keys: ApiKey[] } | { ok: false; problems: string[] };

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Parses CCAAS_API_KEY; problems name the key by position, never by value. */
export function parseApiKeys(raw: string | undefined): ApiKeysParse {
  const entries = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const keys: ApiKey[] = [];
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    const index = i + 1;
    const at = entry.indexOf('@');
    const key = at < 0 ? entry : entry.slice(0, at);
    if (key.length < MIN_KEY_LENGTH) problems.push(`key ${index} is shorter than ${MIN_KEY_LENGTH} characters`);
    else if (!KEY_CHARS.test(key)) problems.push(`key ${index} contains white space, "@" or "|"`);
    let tenants: Set<TenantId> | undefined;
    if (at >= 0) {
      const list = entry
        .slice(at + 1)
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = list.filter((t) => !TENANT.test(t));
      if (list.length === 0)
        problems.push(`key ${index} has "@" but no tenants after it (e.g. key@slack:T123|teams:abc)`);
      else if (bad.length > 0)
        problems.push(`key ${index} lists a tenant that is not slack:<team id> or teams:<tenant id>`);
      tenants = new Set(list);
    }
    keys.push({ index, digest: sha256(key), ...(tenants ? { tenants } : {}) });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, keys };
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

export const isTenantId = (text: string): boolean => TENANT.test(text);
