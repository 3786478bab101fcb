/*
 * A fake ACO (RingCentral platform) server for tests: OAuth 2.0 authorization code + PKCE, single-use rotating
 * refresh tokens, revocation, and the REST endpoints aco-connect calls (extension, assigned roles,
 * sip-provision per account). It enforces what the platform enforces (client authentication, exact redirect URIs, one-time codes, S256 verifiers, token lifetimes on a
 * controllable clock) and lets a test inject failures (503, 429 + Retry-After, delays, dropped sockets,
 * refused connections).
 *
 * Plain TypeScript, no test-runner imports: import it in-process (`startFakeAco`) or run it in a child process
 * (`tsx test/support/fakes/aco-server.ts`, options as JSON in FAKE_ACO_OPTIONS; it prints one JSON line
 * `{"url": "..."}` on stdout) and drive it over HTTP with `connectFakeAco(url)` (routes under /__fake/).
 *
 * Refresh token reuse: a rotated refresh token keeps working for a short grace period, as on the platform
 * (`refreshGraceMs: 0` gives strict single use); aco/grants.ts states the model. The old access token dies at
 * once on refresh ("there can only be one active access token at a time").
 *
 * Error codes: token endpoint errors are `{error, error_description, errors:[{errorCode:"OAU-…", message}]}`
 * (400, 401 for client authentication); REST errors are `{errorCode, message, errors:[{errorCode, message}]}`.
 * The OAU-/CMN- codes are the platform's where known (OAU-123, OAU-210, OAU-211, OAU-213, CMN-301, CMN-401),
 * otherwise plausible stand-ins: do not assert on the exact numbers of the others.
 */
import { pathToFileURL } from 'node:url';
import { createApi } from './aco/api.js';
import { createFakeClock } from './aco/clock.js';
import { dispatch } from './aco/dispatch.js';
import { Failures } from './aco/failures.js';
import { listen } from './aco/listener.js';
import { AcoState } from './aco/state.js';
import type { FakeAco, FakeAcoOptions } from './aco/types.js';

/*
 * Parts, under aco/: state.ts (clients, users, codes, calls) and grants.ts (grants, token pairs, rotation);
 * oauth/ (authorize + consent page, token, revoke, client authentication, PKCE); rest/ (one file per REST
 * resource, listed in rest/index.ts); clock.ts; failures.ts (injected failures, rate limit); dispatch.ts (one
 * request); control.ts and remote.ts (the /__fake/ routes and their client); api.ts (the FakeAco object).
 */

export { createApi } from './aco/api.js';
export { createFakeClock } from './aco/clock.js';
export * from './aco/defaults.js';
export { connectFakeAco, type FakeAcoRemote } from './aco/remote.js';
export type * from './aco/types.js';

export async function startFakeAco(opts: FakeAcoOptions = {}): Promise<FakeAco> {
  const state = new AcoState(opts, createFakeClock(opts.startAt));
  const failures = new Failures(state.clock);
  let api: FakeAco | undefined;
  let base = '';
  const handler: FakeAco['handler'] = (req, res) => {
    void dispatch({ state, failures, api: api!, base }, req, res);
  };
  const listener = await listen(opts.host ?? '127.0.0.1', opts.port ?? 0, handler);
  base = (opts.publicUrl ?? listener.base).replace(/\/+$/, '');
  api = createApi(state, failures, listener, base, handler);
  return api;
}

/* ---- CLI: `tsx test/support/fakes/aco-server.ts` */

const isMain = (() => {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
  } catch {
    return false;
  }
})();

if (isMain) {
  const options = JSON.parse(process.env.FAKE_ACO_OPTIONS ?? '{}') as FakeAcoOptions;
  const fake = await startFakeAco(options);
  process.stdout.write(`${JSON.stringify({ url: fake.url, port: fake.port })}\n`);
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
