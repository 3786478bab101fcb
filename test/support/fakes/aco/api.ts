import type { Failures } from './failures.js';
import { info } from './grants.js';
import type { Listener } from './listener.js';
import type { AcoState } from './state.js';
import type { FakeAco } from './types.js';

/* The FakeAco object a test holds: reads of the state and the operations a test drives. */

export function createApi(
  state: AcoState,
  failures: Failures,
  listener: Listener,
  base: string,
  handler: FakeAco['handler'],
): FakeAco {
  const { grants, clock } = state;
  const api: FakeAco = {
    url: base,
    port: listener.port,
    clock,
    handler,
    users: state.users,
    clients: state.clients,
    calls: state.calls,
    counts: state.counts,
    get refreshCount() {
      return state.counts.refresh;
    },
    authorizeRequests: state.authorizeRequests,
    get lastAuthorizeRequest() {
      return state.authorizeRequests[state.authorizeRequests.length - 1];
    },
    get signedInUser() {
      return state.userOf(state.signedInUserId);
    },
    get autoApprove() {
      return state.autoApprove;
    },
    signInAs(user) {
      if (typeof user === 'string') {
        state.userOf(user);
        state.signedInUserId = user;
      } else {
        state.users.set(user.id, { ...user });
        state.signedInUserId = user.id;
      }
      return state.userOf(state.signedInUserId);
    },
    setAdmin(admin, userId) {
      state.userOf(userId).admin = admin;
    },
    setSipInfo(info, accountId) {
      if (accountId === undefined) state.sipInfo = { ...info };
      else state.sipInfoByAccount.set(accountId, { ...info });
    },
    setAutoApprove(on) {
      state.autoApprove = on;
    },
    addClient: (client) => state.addClient(client),
    registerRedirectUri(uri, clientId) {
      const c = state.clients.get(clientId ?? state.defaultClientId);
      if (!c) throw new Error(`fake ACO: unknown client ${clientId}`);
      if (!c.redirectUris.includes(uri)) c.redirectUris.push(uri);
    },
    failNext: (times, failure, target) => failures.failNext(times, failure, target),
    clearFailures: () => failures.clear(),
    rateLimit: (seconds, o) => failures.rateLimit(seconds, o),
    refuseConnections: () => listener.stop(),
    acceptConnections: () => listener.resume(),
    revokeUser: (userId, reason = 'password changed') => grants.revokeUser(userId ?? state.signedInUserId, reason),
    revokeToken(token, reason = 'revoked') {
      const pair = grants.pairOf(token);
      if (!pair) return false;
      grants.revoke(pair.grant, reason);
      return true;
    },
    issueTokens(o = {}) {
      const clientId = o.clientId ?? state.defaultClientId;
      if (!state.clients.has(clientId)) throw new Error(`fake ACO: unknown client ${clientId}`);
      const userId = state.userOf(o.userId).id;
      return grants.response(grants.create({ clientId, userId, scope: state.scopeOf(clientId) }).current);
    },
    grants: grants.list,
    grantOf(token) {
      const pair = grants.pairOf(token);
      return pair ? info(pair.grant) : undefined;
    },
    isAccessTokenValid(token) {
      const pair = grants.byAccessToken(token);
      return !!pair && grants.accessRefusal(pair) === undefined;
    },
    resetCalls: () => state.resetCalls(),
    state: () => ({
      url: base,
      now: clock.now(),
      counts: { ...state.counts },
      calls: [...state.calls],
      users: [...state.users.values()],
      signedInUserId: state.signedInUserId,
      autoApprove: state.autoApprove,
      grants: grants.list(),
      authorizeRequests: [...state.authorizeRequests],
    }),
    close: () => listener.stop(),
  };
  return api;
}
