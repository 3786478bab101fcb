import type { IncomingMessage } from 'node:http';
import { oauthError } from '../http.js';
import type { FakeAcoClient } from '../types.js';

const challenge = { 'WWW-Authenticate': 'Basic realm="RingCentral"' };

/**
 * Client authentication on the token and revoke endpoints: HTTP Basic with the client id and secret, or, for a
 * public client (no secret), its client_id in the body. Anything else is 401 invalid_client.
 */
export function authenticateClient(
  clients: Map<string, FakeAcoClient>,
  req: IncomingMessage,
  params: URLSearchParams,
): FakeAcoClient {
  const header = req.headers.authorization;
  if (header) {
    const m = /^basic\s+(.+)$/i.exec(header.trim());
    if (!m) throw oauthError(401, 'invalid_client', 'OAU-123', 'Client authentication is required', challenge);
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const idx = decoded.indexOf(':');
    const id = idx < 0 ? decoded : decoded.slice(0, idx);
    const secret = idx < 0 ? '' : decoded.slice(idx + 1);
    const client = clients.get(id);
    if (!client || (client.clientSecret ?? '') !== secret) {
      throw oauthError(401, 'invalid_client', 'OAU-153', 'Invalid client', challenge);
    }
    return client;
  }
  const bodyId = params.get('client_id');
  const client = bodyId ? clients.get(bodyId) : undefined;
  if (client && !client.clientSecret) return client; // public client
  throw oauthError(401, 'invalid_client', 'OAU-123', 'Client authentication is required', challenge);
}
