import { SDK } from '@ringcentral/sdk';
import { proxiedFetch } from '../net/proxy.js';

/**
 * A fresh `@ringcentral/sdk` instance per operation. Each one keeps its auth data in its own in-memory storage
 * (never the SDK's process-wide default cache, so tenants and PKCE verifiers never mix), never clears it on a
 * failed refresh, never waits out a 429 by itself and never refreshes behind the caller's back: refreshing is
 * owned by one refresher per tenant, elsewhere.
 */

/** The Web Storage subset the SDK's Cache uses, kept in a Map. */
export class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  /** The SDK's Cache.clean() prefers keys() over Object.keys(storage). */
  keys(): string[] {
    return [...this.#items.keys()];
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  clear(): void {
    this.#items.clear();
  }
}

export interface SdkFactoryOptions {
  serverUrl: string;
  clientId?: string;
  clientSecret?: string;
  redirectUri: string;
  brandId: string;
  /** Per HTTP request; the request fails with a timeout error after this. */
  timeoutMs: number;
}

/** Thrown by the fetch wrapper when ACO did not answer in time (mapped to AcoError 'unreachable'). */
export class AcoTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(readonly timeoutMs: number) {
    super(`ACO did not answer within ${timeoutMs} ms`);
    this.name = 'AcoTimeoutError';
  }
}

function timedFetch(timeoutMs: number): typeof fetch {
  // HTTPS_PROXY / NO_PROXY: through the proxy the environment names, if any.
  const fetch = proxiedFetch();
  return async (input, init) => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return await fetch(input, { ...init, signal });
    } catch (e) {
      // A DOMException's message is read-only and the SDK rewrites error messages: hand it a plain Error.
      if (signal.aborted) throw new AcoTimeoutError(timeoutMs);
      throw e;
    }
  };
}

export function createSdk(o: SdkFactoryOptions): SDK {
  const sdk = new SDK({
    server: o.serverUrl.replace(/\/+$/, ''),
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    redirectUri: o.redirectUri,
    brandId: o.brandId,
    appName: 'aco-connect',
    localStorage: new MemoryStorage(),
    fetch: timedFetch(o.timeoutMs),
    Request: globalThis.Request,
    Response: globalThis.Response,
    Headers: globalThis.Headers,
    clearCacheOnRefreshError: false,
    handleRateLimit: false,
    refreshDelayMs: 0,
  });
  // The SDK refreshes an expired access token before any REST call (and after a 401); we never want that.
  sdk.platform().ensureLoggedIn = async () => null;
  return sdk;
}
