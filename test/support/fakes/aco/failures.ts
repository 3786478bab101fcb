import { restError } from './http.js';
import type { FakeAcoEndpoint, FakeAcoFailure, FakeClock, FakeFailureTarget } from './types.js';

/*
 * Failure injection: the next N calls to the token endpoint, revoke or the REST API answer with an error, late,
 * or not at all; and a rate-limit penalty on the token endpoint as the platform applies it (429 + Retry-After,
 * restarted by every call made during the penalty).
 */

interface ArmedFailure {
  remaining: number;
  failure: FakeAcoFailure;
  target: FakeFailureTarget;
}

interface Penalty {
  until: number;
  seconds: number;
  restartOnHit: boolean;
  sendRetryAfter: boolean;
}

export class Failures {
  private armed: ArmedFailure[] = [];
  private penalty: Penalty | undefined;

  constructor(private readonly clock: FakeClock) {}

  failNext(times: number, failure: FakeAcoFailure, target: FakeFailureTarget = 'token'): void {
    if (times > 0) this.armed.push({ remaining: times, failure, target });
  }

  clear(): void {
    this.armed = [];
    this.penalty = undefined;
  }

  rateLimit(seconds: number, o: { restartOnHit?: boolean; sendRetryAfter?: boolean } = {}): void {
    this.penalty = {
      seconds,
      until: this.clock.now() + seconds * 1000,
      restartOnHit: o.restartOnHit ?? true,
      sendRetryAfter: o.sendRetryAfter ?? true,
    };
  }

  /** The failure armed for a call of this kind (`undefined`: a call no failure targets), used up by one. */
  take(kind: Exclude<FakeFailureTarget, 'any'> | undefined, endpoint?: FakeAcoEndpoint): FakeAcoFailure | undefined {
    if (!kind) return undefined;
    const armed = this.armed.find(
      (f) => f.remaining > 0 && (f.target === kind || f.target === endpoint || f.target === 'any'),
    );
    if (!armed) return undefined;
    armed.remaining -= 1;
    this.armed = this.armed.filter((f) => f.remaining > 0);
    return armed.failure;
  }

  /** Throws the 429 while a rate-limit penalty runs (and restarts it if so configured). */
  checkPenalty(): void {
    const penalty = this.penalty;
    if (!penalty) return;
    const now = this.clock.now();
    if (now >= penalty.until) {
      this.penalty = undefined;
      return;
    }
    if (penalty.restartOnHit) penalty.until = now + penalty.seconds * 1000;
    const headers: Record<string, string> = penalty.sendRetryAfter
      ? { 'Retry-After': String(Math.ceil((penalty.until - now) / 1000)) }
      : {};
    throw restError(429, 'CMN-301', 'Request rate exceeded', headers);
  }
}

/** The answer of an injected failure that has a status: the platform's 429 or 503 body unless one is given. */
export function injectedAnswer(failure: FakeAcoFailure & { status: number }) {
  const headers: Record<string, string> = {};
  if (failure.retryAfter !== undefined) headers['Retry-After'] = String(failure.retryAfter);
  const [code, message] =
    failure.status === 429 ? ['CMN-301', 'Request rate exceeded'] : ['CMN-211', 'Service Temporarily Unavailable'];
  return {
    status: failure.status,
    body: failure.body ?? { errorCode: code, message, errors: [{ errorCode: code, message }] },
    headers,
  };
}
