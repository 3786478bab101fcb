/**
 * The format of CCAAS_API_KEY, as pure text rules: comma-separated keys (several at once so a key can be
 * rotated without downtime), each optionally limited to tenants after "@", the tenants separated by "|":
 *   `k3y-for-all-tenants,other-key@slack:T123|teams:0f6e…`
 * A key is at least 16 characters and holds no ",", "@", "|" or white space.
 * config.ts validates the variable with it at start-up; src/ccaas/api/api-keys.ts turns the entries into the
 * keys the API compares against.
 */

export const MIN_KEY_LENGTH = 16;
/**
 * A tenant id as the CCaaS names it: slack:<team id> or teams:<tenant id>; printable characters only (no
 * control, format or unassigned code points: PostgreSQL refuses a NUL in text, and no real id holds one).
 */
export const TENANT_ID = /^(slack|teams):[^\s,@|\p{C}]{1,200}$/u;
const KEY_CHARS = /^[^\s,@|]+$/;

export interface ApiKeyEntry {
  /** 1-based position in CCAAS_API_KEY: what problems and logs name instead of the key. */
  index: number;
  key: string;
  /** Undefined: every tenant. */
  tenants?: string[];
}

export type ApiKeyListParse = { ok: true; entries: ApiKeyEntry[] } | { ok: false; problems: string[] };

/** Splits CCAAS_API_KEY into its entries; problems name a key by position, never by value. */
export function parseApiKeyList(raw: string | undefined): ApiKeyListParse {
  const texts = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const entries: ApiKeyEntry[] = [];
  const problems: string[] = [];
  texts.forEach((text, i) => {
    const index = i + 1;
    const at = text.indexOf('@');
    const key = at < 0 ? text : text.slice(0, at);
    if (key.length < MIN_KEY_LENGTH) problems.push(`key ${index} is shorter than ${MIN_KEY_LENGTH} characters`);
    else if (!KEY_CHARS.test(key)) problems.push(`key ${index} contains white space, "@" or "|"`);
    let tenants: string[] | undefined;
    if (at >= 0) {
      tenants = text
        .slice(at + 1)
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean);
      if (tenants.length === 0)
        problems.push(`key ${index} has "@" but no tenants after it (e.g. key@slack:T123|teams:abc)`);
      else if (tenants.some((t) => !TENANT_ID.test(t)))
        problems.push(`key ${index} lists a tenant that is not slack:<team id> or teams:<tenant id>`);
    }
    entries.push({ index, key, ...(tenants ? { tenants } : {}) });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}
