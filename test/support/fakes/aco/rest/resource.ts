import type { IncomingMessage } from 'node:http';
import type { TokenPair } from '../grants.js';
import type { AcoState } from '../state.js';
import type { FakeAcoCounts, FakeAcoEndpoint } from '../types.js';

/** What a REST resource handler gets: the request, its already-checked bearer token, the fake's state. */
export interface RestRequest {
  req: IncomingMessage;
  /** The access token's pair (valid, current, not expired); `pair.grant` says which user and client. */
  pair: TokenPair;
  state: AcoState;
  /** The fake's base URL, for `uri` fields. */
  base: string;
  /** The path matched against `path` (capture groups: account id, extension id, …). */
  match: RegExpExecArray;
}

/**
 * One REST endpoint of the platform. The server checks the method (405 otherwise) and the bearer token (401
 * as the platform answers) before `handle`, records the call under `endpoint`, bumps `counts[count]`, and lets
 * failures targeted at 'rest' answer instead. `handle` returns the JSON body of a 200 or throws an HttpError
 * (`restError(…)`).
 */
export interface RestResource {
  endpoint: FakeAcoEndpoint;
  count: keyof FakeAcoCounts;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: RegExp;
  handle(r: RestRequest): unknown | Promise<unknown>;
}
