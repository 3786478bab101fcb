import type { IncomingMessage } from 'node:http';
import type { TokenPair } from '../grants.js';
import { HttpError } from '../http.js';
import type { AcoState } from '../state.js';

/* The REST API's access check: `Authorization: Bearer <access token>` of a live, current, unexpired pair. */

const unauthorized = (code: string, message: string, inner?: { errorCode: string; message: string }) =>
  new HttpError(
    401,
    { errorCode: code, message, errors: [inner ?? { errorCode: code, message }] },
    { 'WWW-Authenticate': 'Bearer realm="RingCentral REST API", error="invalid_token"' },
  );

/** The pair of the presented access token; notes its first use (which ends the refresh grace, see grants.ts). */
export function bearer(state: AcoState, req: IncomingMessage): TokenPair {
  const m = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) throw unauthorized('AGW-401', 'Authorization header is not specified');
  const pair = state.grants.byAccessToken(m[1]!);
  if (!pair)
    throw unauthorized('TokenInvalid', 'Token not found', { errorCode: 'OAU-213', message: 'Token not found' });
  const refusal = state.grants.accessRefusal(pair);
  if (refusal === 'revoked')
    throw unauthorized('TokenInvalid', 'Token is revoked', { errorCode: 'OAU-211', message: 'Token is revoked' });
  if (refusal === 'expired')
    throw unauthorized('TokenInvalid', 'Token expired', { errorCode: 'OAU-210', message: 'Token expired' });
  if (pair.firstAccessUseAt === undefined) pair.firstAccessUseAt = state.clock.now();
  return pair;
}
