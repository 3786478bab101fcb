import type { IncomingMessage } from 'node:http';
import { methodNotAllowed, oauthError, readBody } from '../http.js';
import type { AcoState } from '../state.js';
import type { FakeAcoCall } from '../types.js';
import { authenticateClient } from './client-auth.js';

/**
 * POST /restapi/oauth/revoke: an access or refresh token of the authenticated client revokes its whole grant.
 * An unknown token (or another client's) is not an error (RFC 7009).
 */
export async function handleRevoke(state: AcoState, req: IncomingMessage, call: FakeAcoCall): Promise<void> {
  if (req.method !== 'POST') throw methodNotAllowed('POST');
  const params = new URLSearchParams(await readBody(req));
  call.params = Object.fromEntries(params);
  const client = authenticateClient(state.clients, req, params);
  call.clientId = client.clientId;
  const token = params.get('token');
  if (!token) throw oauthError(400, 'invalid_request', 'OAU-250', 'Parameter [token] is required');
  const pair = state.grants.pairOf(token);
  if (pair && pair.grant.clientId === client.clientId) state.grants.revoke(pair.grant, 'revoked by the client');
}
