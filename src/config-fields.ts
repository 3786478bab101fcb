import { isIP } from 'node:net';
import { z } from 'zod';

/* The field types the environment schema (config.ts) is built from: blanks as unset, lists, booleans in any case, bounded durations, URLs, trust-proxy settings. */

export const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
export const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
export const csv = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  z.array(z.string()),
);
/** true/false, 1/0, yes/no in any case (`TRUE`, `Yes`); blank is the default. */
export const bool = (fallback: boolean) =>
  z
    .preprocess(
      (v) => (typeof v === 'string' ? blankToUndefined(v.trim().toLowerCase()) : v),
      z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' }).optional(),
    )
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));
export const url = (what: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((v) => URL.canParse(v), { message: `must be a URL (${what})` })
      .optional(),
  );

/** A whole number of milliseconds within [min, max], with a default; the message names the bounds. */
export const millis = (fallback: number, min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `must be a number of milliseconds from ${min} to ${max}` })
      .int({ error: `must be a whole number of milliseconds from ${min} to ${max}` })
      .min(min, { error: `must be at least ${min} ms` })
      .max(max, { error: `must be at most ${max} ms` })
      .default(fallback),
  );

export const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
export const isProxyEntry = (entry: string) => {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
};
/**
 * TRUST_PROXY, express's `trust proxy`: unset/`false`/`none`: the client address is the socket's (nothing in
 * front is trusted); a hop count 1-10; or the proxies' addresses/CIDRs (and loopback, linklocal, uniquelocal).
 * `true` is refused: it would let any client choose its own address in X-Forwarded-For.
 */
export const trustProxy = z.preprocess(
  (v) => (typeof v === 'string' ? blankToUndefined(v.trim().toLowerCase()) : v),
  z
    .string()
    .optional()
    .transform((v, ctx): false | number | string[] => {
      if (v === undefined || v === 'false' || v === 'none' || v === '0') return false;
      if (/^\d+$/.test(v)) {
        const hops = Number(v);
        if (hops <= 10) return hops;
      }
      const entries = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (v === 'true' || entries.length === 0 || !entries.every(isProxyEntry)) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be false, a hop count from 1 to 10, or the proxies as addresses/CIDRs (loopback, linklocal, uniquelocal allowed); true is refused',
        });
        return z.NEVER;
      }
      return entries;
    }),
);
