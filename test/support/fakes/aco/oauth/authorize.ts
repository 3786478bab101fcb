import type { IncomingMessage } from 'node:http';
import { HttpError, methodNotAllowed, randomToken, readBody } from '../http.js';
import type { AcoState } from '../state.js';
import type { FakeAcoCall, FakeAuthorizeRequest } from '../types.js';
import { consentPage } from './consent-page.js';
import { isS256Challenge } from './pkce.js';

/*
 * GET /restapi/oauth/authorize shows the consent page (or, with auto-approve, redirects straight back with a
 * code); POST carries the user's decision. An unknown client or a redirect URI not registered exactly is a 400
 * page (never a redirect); once the redirect URI is trusted, errors go back to it (RFC 6749 §4.1.2.1).
 */

const CONSENT_TTL_MS = 10 * 60_000;
const html = { 'Content-Type': 'text/html; charset=utf-8' };

export type Answer = [status: number, body: unknown, headers: Record<string, string>];

export async function handleAuthorize(
  state: AcoState,
  req: IncomingMessage,
  url: URL,
  call: FakeAcoCall,
): Promise<Answer> {
  if (req.method === 'GET') {
    call.params = Object.fromEntries(url.searchParams);
    call.clientId = url.searchParams.get('client_id') ?? undefined;
    const request = validate(state, url);
    state.authorizeRequests.push(request);
    if (state.autoApprove) throw approve(state, request, state.signedInUserId);
    const requestId = randomToken('req-');
    state.pendingConsents.set(requestId, { request, userId: state.signedInUserId, createdAt: state.clock.now() });
    return [200, consentPage(state, request, requestId, state.userOf(state.signedInUserId)), html];
  }
  if (req.method === 'POST') {
    const form = new URLSearchParams(await readBody(req));
    call.params = Object.fromEntries(form);
    const requestId = form.get('request_id') ?? '';
    const p = state.pendingConsents.get(requestId);
    state.pendingConsents.delete(requestId);
    if (!p || state.clock.now() - p.createdAt > CONSENT_TTL_MS) {
      return [400, '<!doctype html><p id="error">This authorization request has expired. Start again.</p>', html];
    }
    call.clientId = p.request.clientId;
    // A sandbox sign-in: the person picked who they are on the consent page.
    const chosen = state.consent.chooseUser ? form.get('user_id') : null;
    const userId = chosen && state.users.has(chosen) ? chosen : p.userId;
    if (form.get('decision') === 'authorize') throw approve(state, p.request, userId);
    throw redirectError(p.request, 'access_denied', 'The user denied the authorization request');
  }
  throw methodNotAllowed('GET, POST');
}

function validate(state: AcoState, url: URL): FakeAuthorizeRequest {
  const get = (k: string) => url.searchParams.get(k) ?? undefined;
  const clientId = get('client_id');
  const client = clientId ? state.clients.get(clientId) : undefined;
  if (!client)
    throw new HttpError(400, {
      error: 'invalid_client',
      error_description: 'Client not found',
      errors: [{ errorCode: 'OAU-101', message: 'Parameter [client_id] is invalid' }],
    });
  const redirectUri = get('redirect_uri');
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
    throw new HttpError(400, {
      error: 'invalid_request',
      error_description: 'Redirect URI mismatch',
      errors: [
        { errorCode: 'OAU-116', message: 'Parameter [redirect_uri] does not match the registered redirect URI' },
      ],
    });
  }
  const request: FakeAuthorizeRequest = {
    at: state.clock.now(),
    clientId: client.clientId,
    redirectUri,
    responseType: get('response_type') ?? '',
    state: get('state'),
    brandId: get('brand_id') || undefined,
    codeChallenge: get('code_challenge') || undefined,
    codeChallengeMethod: get('code_challenge_method') || undefined,
    params: Object.fromEntries(url.searchParams),
  };
  // From here on the redirect URI is trusted: errors go back to it.
  if (request.responseType !== 'code') {
    throw redirectError(request, 'unsupported_response_type', 'Unsupported response type');
  }
  if (!request.codeChallenge) throw redirectError(request, 'invalid_request', 'Code challenge required');
  if (request.codeChallengeMethod !== 'S256') {
    throw redirectError(
      request,
      'invalid_request',
      'Transform algorithm not supported; use code_challenge_method=S256',
    );
  }
  if (!isS256Challenge(request.codeChallenge))
    throw redirectError(request, 'invalid_request', 'Invalid code challenge');
  return request;
}

/** A one-time code for this request, bound to its client, redirect URI, PKCE challenge and user. */
function approve(state: AcoState, request: FakeAuthorizeRequest, userId: string): HttpError {
  const code = randomToken('U0pDMTFQMDFQQVMwMHxD');
  state.codes.set(code, {
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge!,
    userId,
    brandId: request.brandId,
    issuedAt: state.clock.now(),
  });
  return redirectTo(request, { code });
}

function redirectTo(request: FakeAuthorizeRequest, params: Record<string, string | undefined>): HttpError {
  const u = new URL(request.redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  if (request.state !== undefined) u.searchParams.set('state', request.state);
  return new HttpError(302, '', { Location: u.toString() });
}

const redirectError = (request: FakeAuthorizeRequest, error: string, description: string) =>
  redirectTo(request, { error, error_description: description });
