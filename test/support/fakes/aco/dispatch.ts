import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleControl } from './control.js';
import { type Failures, injectedAnswer } from './failures.js';
import { HttpError, readBody, restError, send, sleep } from './http.js';
import { handleAuthorize } from './oauth/authorize.js';
import { handleRevoke } from './oauth/revoke.js';
import { countGrantType, handleToken } from './oauth/token.js';
import { bearer } from './rest/bearer.js';
import { type RestResource, restResourceFor } from './rest/index.js';
import type { AcoState } from './state.js';
import type { FakeAco, FakeAcoCall, FakeAcoEndpoint } from './types.js';

/* One request: control routes aside, record the call, let an armed failure answer, else the endpoint does. */

export interface Dispatch {
  state: AcoState;
  failures: Failures;
  api: FakeAco;
  base: string;
}

const OAUTH = new Map<string, 'authorize' | 'token' | 'revoke'>([
  ['/restapi/oauth/authorize', 'authorize'],
  ['/restapi/oauth/token', 'token'],
  ['/restapi/oauth/revoke', 'revoke'],
]);

/** GET /restapi and /restapi/v1.0 (API Info, no token needed, no throttling group): what start-up probes. */
const API_VERSION_PATH = /^\/restapi(\/v1\.0)?\/?$/;

function apiVersionInfo(base: string, path: string): unknown {
  const version = {
    uri: `${base}/restapi/v1.0`,
    versionString: '1.0.0',
    releaseDate: '2024-01-01T00:00:00.000Z',
    uriString: 'v1.0',
  };
  return /v1\.0\/?$/.test(path)
    ? version
    : { uri: `${base}/restapi/`, apiVersions: [version], serverVersion: 'fake', serverRevision: 'fake' };
}

export async function dispatch(d: Dispatch, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', d.base);
  const path = url.pathname;
  if (path.startsWith('/__fake/')) {
    try {
      send(res, 200, await handleControl(d.api, req, path));
    } catch (e) {
      if (e instanceof HttpError) send(res, e.status, e.body, e.headers);
      else send(res, 500, { errorCode: 'CMN-500', message: String(e) });
    }
    return;
  }
  const oauth = OAUTH.get(path);
  const rest = oauth ? undefined : restResourceFor(path);
  const endpoint: FakeAcoEndpoint = oauth ?? rest?.resource.endpoint ?? 'other';
  const call = d.state.recordCall({
    method: req.method ?? 'GET',
    path,
    endpoint,
    authorization: req.headers.authorization,
  });
  const countKey = oauth ?? rest?.resource.count;
  if (countKey) d.state.counts[countKey] += 1;
  try {
    // Failures target the token endpoint, revoke or the REST API; never the consent page.
    const failure = d.failures.take(
      oauth === 'token' || oauth === 'revoke' ? oauth : rest ? 'rest' : undefined,
      endpoint,
    );
    if (failure) {
      call.injected = JSON.stringify(failure);
      if (failure.delayMs) await sleep(failure.delayMs);
      if (failure.holdAnswerMs !== undefined && oauth === 'token') {
        // Carried out for real (a refresh rotates the pair, the old access token dies), answered late or never.
        let status = 200;
        let body: unknown;
        try {
          body = await handleToken(d.state, d.failures, req, call);
        } catch (e) {
          if (!(e instanceof HttpError)) throw e;
          status = e.status;
          body = e.body;
        }
        call.status = status;
        await sleep(failure.holdAnswerMs);
        if (failure.drop || req.socket.destroyed) {
          req.socket.destroy();
          return;
        }
        send(res, status, body);
        return;
      }
      if (failure.drop) {
        call.status = -1;
        req.socket.destroy();
        return;
      }
      if (failure.status) {
        // Keep the grant type counters honest even when the call is failed.
        if (oauth === 'token') countGrantType(d.state, call, new URLSearchParams(await readBody(req)));
        const answer = injectedAnswer({ ...failure, status: failure.status });
        call.status = answer.status;
        send(res, answer.status, answer.body, answer.headers);
        return;
      }
    }
    if (oauth === 'authorize') {
      const [status, body, headers] = await handleAuthorize(d.state, req, url, call);
      call.status = status;
      send(res, status, body, headers);
    } else if (oauth === 'token') {
      const body = await handleToken(d.state, d.failures, req, call);
      call.status = 200;
      send(res, 200, body);
    } else if (oauth === 'revoke') {
      await handleRevoke(d.state, req, call);
      call.status = 200;
      send(res, 200, '', { 'Content-Type': 'text/plain' });
    } else if (rest) {
      const body = await serveRest(d, rest.resource, rest.match, req, call);
      call.status = 200;
      send(res, 200, body);
    } else if (req.method === 'GET' && API_VERSION_PATH.test(path)) {
      call.status = 200;
      send(res, 200, apiVersionInfo(d.base, path));
    } else {
      throw restError(404, 'CMN-102', 'Resource for parameter [path] is not found');
    }
  } catch (e) {
    if (e instanceof HttpError) {
      call.status = e.status;
      send(res, e.status, e.body, e.headers);
    } else {
      call.status = 500;
      send(res, 500, { errorCode: 'CMN-500', message: 'Internal server error' });
    }
  }
}

async function serveRest(
  d: Dispatch,
  resource: RestResource,
  match: RegExpExecArray,
  req: IncomingMessage,
  call: FakeAcoCall,
): Promise<unknown> {
  if (req.method !== resource.method) throw restError(405, 'CMN-405', 'Method not allowed');
  const pair = bearer(d.state, req);
  call.clientId = pair.grant.clientId;
  return resource.handle({ req, pair, state: d.state, base: d.base, match });
}
