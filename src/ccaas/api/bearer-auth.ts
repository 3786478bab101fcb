import type { Request } from 'express';
import { matchApiKey, type ApiKey } from './api-keys.js';

/**
 * The API key a request presents as `Authorization: Bearer <key>` (scheme case-insensitive, RFC 9110 §11.1),
 * if it is one of ours. A missing header, another scheme and a wrong key all give undefined, so callers
 * answer all three the same way.
 */
export function bearerKey(req: Request, keys: readonly ApiKey[]): ApiKey | undefined {
  const header = req.get('authorization');
  const match = header ? /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  // A dummy comparison when nothing usable was sent keeps the answer time independent of what was sent.
  return matchApiKey(keys, match?.[1] ?? '');
}
