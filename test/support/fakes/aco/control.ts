import type { IncomingMessage } from 'node:http';
import { HttpError, readBody, sleep } from './http.js';
import type { FakeAco } from './types.js';

/* The /__fake/ routes: the FakeAco API over HTTP, for a fake running in another process (remote.ts). */

export async function handleControl(api: FakeAco, req: IncomingMessage, path: string): Promise<unknown> {
  const body = req.method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : {};
  switch (`${req.method} ${path}`) {
    case 'GET /__fake/state':
      return api.state();
    case 'POST /__fake/clock/advance':
      api.clock.advance(Number(body.ms));
      return { now: api.clock.now() };
    case 'POST /__fake/clock/set':
      api.clock.set(Number(body.now));
      return { now: api.clock.now() };
    case 'POST /__fake/sign-in-as':
      return api.signInAs(body.user);
    case 'POST /__fake/admin':
      api.setAdmin(Boolean(body.admin), body.userId);
      return {};
    case 'POST /__fake/sip-info':
      api.setSipInfo(body.info, body.accountId);
      return {};
    case 'POST /__fake/auto-approve':
      api.setAutoApprove(Boolean(body.on));
      return {};
    case 'POST /__fake/redirect-uri':
      api.registerRedirectUri(String(body.uri), body.clientId);
      return {};
    case 'POST /__fake/fail':
      api.failNext(Number(body.times), body.failure ?? {}, body.target);
      return {};
    case 'POST /__fake/clear-failures':
      api.clearFailures();
      return {};
    case 'POST /__fake/rate-limit':
      api.rateLimit(Number(body.seconds), body.opts);
      return {};
    case 'POST /__fake/refuse': {
      const ms = Number(body.ms ?? 1000);
      setTimeout(() => {
        void api
          .refuseConnections()
          .then(() => sleep(ms))
          .then(() => api.acceptConnections());
      }, 20);
      return {};
    }
    case 'POST /__fake/revoke-user':
      return { revoked: api.revokeUser(body.userId, body.reason) };
    case 'POST /__fake/revoke-token':
      return { revoked: api.revokeToken(String(body.token), body.reason) };
    case 'POST /__fake/issue':
      return api.issueTokens(body);
    case 'POST /__fake/reset-calls':
      api.resetCalls();
      return {};
    default:
      throw new HttpError(404, { errorCode: 'CMN-102', message: `Unknown control route ${req.method} ${path}` });
  }
}
