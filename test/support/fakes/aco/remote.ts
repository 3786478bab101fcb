import type {
  FakeAcoFailure,
  FakeAcoState,
  FakeAcoUser,
  FakeFailureTarget,
  FakeSipInfo,
  FakeTokenResponse,
} from './types.js';

/** Drives a fake running in another process (same operations, over /__fake/ routes). */
export interface FakeAcoRemote {
  readonly url: string;
  state(): Promise<FakeAcoState>;
  advanceClock(ms: number): Promise<number>;
  setClock(epochMs: number): Promise<number>;
  signInAs(user: FakeAcoUser | string): Promise<FakeAcoUser>;
  setAdmin(admin: boolean, userId?: string): Promise<void>;
  setSipInfo(info: FakeSipInfo, accountId?: string): Promise<void>;
  setAutoApprove(on: boolean): Promise<void>;
  registerRedirectUri(uri: string, clientId?: string): Promise<void>;
  failNext(times: number, failure: FakeAcoFailure, target?: FakeFailureTarget): Promise<void>;
  clearFailures(): Promise<void>;
  rateLimit(seconds: number, opts?: { restartOnHit?: boolean; sendRetryAfter?: boolean }): Promise<void>;
  /** Refuse connections for `ms`, then listen again (starts ~20 ms after the answer). */
  refuseFor(ms: number): Promise<void>;
  revokeUser(userId?: string, reason?: string): Promise<number>;
  revokeToken(token: string, reason?: string): Promise<boolean>;
  issueTokens(opts?: { userId?: string; clientId?: string }): Promise<FakeTokenResponse>;
  resetCalls(): Promise<void>;
}

export function connectFakeAco(url: string): FakeAcoRemote {
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(new URL(path, url), {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`fake ACO control ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    url,
    state: () => call('/__fake/state'),
    advanceClock: async (ms) => (await call<{ now: number }>('/__fake/clock/advance', { ms })).now,
    setClock: async (now) => (await call<{ now: number }>('/__fake/clock/set', { now })).now,
    signInAs: (user) => call('/__fake/sign-in-as', { user }),
    setAdmin: async (admin, userId) => void (await call('/__fake/admin', { admin, userId })),
    setSipInfo: async (info, accountId) => void (await call('/__fake/sip-info', { info, accountId })),
    setAutoApprove: async (on) => void (await call('/__fake/auto-approve', { on })),
    registerRedirectUri: async (uri, clientId) => void (await call('/__fake/redirect-uri', { uri, clientId })),
    failNext: async (times, failure, target) => void (await call('/__fake/fail', { times, failure, target })),
    clearFailures: async () => void (await call('/__fake/clear-failures', {})),
    rateLimit: async (seconds, opts) => void (await call('/__fake/rate-limit', { seconds, opts })),
    refuseFor: async (ms) => void (await call('/__fake/refuse', { ms })),
    revokeUser: async (userId, reason) =>
      (await call<{ revoked: number }>('/__fake/revoke-user', { userId, reason })).revoked,
    revokeToken: async (token, reason) =>
      (await call<{ revoked: boolean }>('/__fake/revoke-token', { token, reason })).revoked,
    issueTokens: (opts) => call('/__fake/issue', opts ?? {}),
    resetCalls: async () => void (await call('/__fake/reset-calls', {})),
  };
}
