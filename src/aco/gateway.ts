import type { SDK } from '@ringcentral/sdk';
import {
  AcoError,
  systemClock,
  type AcoErrorKind,
  type AcoGateway,
  type AcoIdentity,
  type Clock,
} from '../core/ports.js';
import type { AcoTokens } from '../core/types.js';
import { toAcoError, type ErrorContext } from './errors.js';
import { createSdk } from './sdk-factory.js';
import {
  type AcoAssignedRole,
  type AcoSipProvision,
  parseAssignedRoles,
  parseSipProvision,
  type SipProvisionTransport,
} from './rest-answers.js';
import { fromAuthData, toAuthData } from './token-data.js';

export const EXTENSION_PATH = '/restapi/v1.0/account/~/extension/~';
export {
  SIP_PROVISION_TRANSPORTS,
  type AcoAssignedRole,
  type AcoSipProvision,
  type SipProvisionTransport,
} from './rest-answers.js';
export const SIP_PROVISION_PATH = '/restapi/v1.0/client-info/sip-provision';
/** The signed-in extension's roles (app permission ReadAccounts). */
export const ASSIGNED_ROLE_PATH = '/restapi/v1.0/account/~/extension/~/assigned-role';
const REVOKE_PATH = '/restapi/oauth/revoke';

export interface RingCentralAcoGatewayOptions {
  /** ACO_SERVER_URL, e.g. https://platform.ringcentral.com */
  serverUrl: string;
  clientId?: string;
  clientSecret?: string;
  /** PUBLIC_BASE_URL + /oauth/aco/callback; must be registered exactly with the ACO app. */
  redirectUri: string;
  /** ACO_BRAND_ID: 6010 puts the Avaya Cloud Office brand on the consent page. */
  brandId: string;
  /** Per HTTP request to ACO; default 10 000. */
  timeoutMs?: number;
  /** Token expiries are computed on this clock; default the system clock. */
  clock?: Clock;
  /** Told every call's operation, duration and outcome (metrics); outcomes are `ok` or an AcoError kind. */
  observer?: AcoCallObserver;
}

/** The calls the gateway makes to ACO, as metric label values. */
export type AcoOperation = 'token' | 'refresh' | 'revoke' | 'whoami' | 'sip-provision' | 'assigned-role';
export type AcoCallOutcome = 'ok' | AcoErrorKind | 'error';
export type AcoCallObserver = (operation: AcoOperation, seconds: number, outcome: AcoCallOutcome) => void;

/**
 * AcoGateway over `@ringcentral/sdk` v5: a fresh SDK per call (see sdk-factory). Nothing here refreshes a token
 * on its own; an expired access token makes `whoAmI`/`sipProvision` fail with AcoError kind 'invalid_grant'
 * (details.errorCode 'TokenExpired') without calling ACO.
 */
export class RingCentralAcoGateway implements AcoGateway {
  readonly configured: boolean;
  readonly #o: Required<Omit<RingCentralAcoGatewayOptions, 'clientId' | 'clientSecret' | 'observer'>> & {
    observer?: AcoCallObserver;
    clientId?: string;
    clientSecret?: string;
  };

  constructor(options: RingCentralAcoGatewayOptions) {
    this.#o = { timeoutMs: 10_000, clock: systemClock, ...options };
    this.configured = Boolean(options.clientId && options.clientSecret);
  }

  consentUrl(state: string): { url: string; codeVerifier: string } {
    this.#requireConfigured('consent');
    // One SDK per call: the verifier lives on the instance and the next loginUrl() would replace it.
    const platform = this.#sdk().platform();
    const url = platform.loginUrl({ state, usePKCE: true, brandId: this.#o.brandId });
    const codeVerifier = platform.codeVerifier;
    if (!codeVerifier) throw new AcoError('rejected', 'The RingCentral SDK did not produce a PKCE verifier');
    return { url, codeVerifier };
  }

  async exchangeCode(code: string, codeVerifier: string): Promise<AcoTokens> {
    this.#requireConfigured('code exchange');
    const platform = this.#sdk().platform();
    const issuedAt = this.#o.clock.now();
    const ctx = { operation: 'code exchange', secrets: [code, codeVerifier, ...this.#secrets()] };
    try {
      await this.#observed('token', ctx, () => platform.login({ code, code_verifier: codeVerifier }));
    } catch (e) {
      throw await toAcoError(e, ctx);
    }
    return fromAuthData(await platform.auth().data(), issuedAt);
  }

  async refresh(tokens: AcoTokens): Promise<AcoTokens> {
    this.#requireConfigured('token refresh');
    const platform = await this.#sdkWith(tokens);
    const issuedAt = this.#o.clock.now();
    const ctx = { operation: 'token refresh', secrets: this.#secrets(tokens) };
    try {
      await this.#observed('refresh', ctx, () => platform.refresh());
    } catch (e) {
      throw await toAcoError(e, ctx);
    }
    return fromAuthData(await platform.auth().data(), issuedAt);
  }

  async whoAmI(tokens: AcoTokens): Promise<AcoIdentity> {
    const json = (await this.#rest('whoami', tokens, 'GET', EXTENSION_PATH, 'extension lookup')) as {
      id?: unknown;
      name?: unknown;
      extensionNumber?: unknown;
      contact?: { firstName?: unknown; lastName?: unknown };
      permissions?: { admin?: { enabled?: unknown } };
    };
    if (json?.id === undefined || json.id === null) {
      throw new AcoError('server_error', 'ACO extension lookup answered without an extension id');
    }
    const contactName = [json.contact?.firstName, json.contact?.lastName]
      .filter((s) => typeof s === 'string' && s)
      .join(' ');
    return {
      id: String(json.id),
      name: typeof json.name === 'string' && json.name ? json.name : contactName,
      extensionNumber:
        json.extensionNumber === undefined || json.extensionNumber === null ? '' : String(json.extensionNumber),
      admin: json.permissions?.admin?.enabled === true,
    };
  }

  /**
   * POST /restapi/v1.0/client-info/sip-provision (app permission VoipCalling) for one transport, UDP by
   * default. A 2xx answer without `sipInfo[0].domain` and `outboundProxy` is AcoError 'server_error' with
   * details.errorCode 'MalformedAnswer'.
   */
  async sipProvision(tokens: AcoTokens, transport: SipProvisionTransport = 'UDP'): Promise<AcoSipProvision> {
    const json = (await this.#rest('sip-provision', tokens, 'POST', SIP_PROVISION_PATH, 'SIP provisioning', {
      sipInfo: [{ transport }],
    })) as { sipInfo?: unknown } | null;
    return parseSipProvision(json, transport);
  }

  /**
   * GET /restapi/v1.0/account/~/extension/~/assigned-role (app permission ReadAccounts): the roles of the
   * extension that signed in. Records without an id are skipped; an answer without `records` is 'server_error'.
   */
  async assignedRoles(tokens: AcoTokens): Promise<AcoAssignedRole[]> {
    const json = (await this.#rest('assigned-role', tokens, 'GET', ASSIGNED_ROLE_PATH, 'role lookup')) as {
      records?: unknown;
    } | null;
    return parseAssignedRoles(json);
  }

  /**
   * Ends the grant at ACO. Uses the SDK's logout() (revokes the access token, which ends the session); when
   * the access token has already expired, revokes with the refresh token instead.
   */
  async revoke(tokens: AcoTokens): Promise<void> {
    this.#requireConfigured('revoke');
    const platform = await this.#sdkWith(tokens);
    const ctx = { operation: 'revoke', secrets: this.#secrets(tokens) };
    try {
      await this.#observed('revoke', ctx, async () => {
        if (tokens.accessTokenExpiresAt > this.#o.clock.now()) {
          await platform.logout();
          return;
        }
        await platform.send({
          method: 'POST',
          url: REVOKE_PATH,
          body: { token: tokens.refreshToken },
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: platform.basicAuthHeader() },
          skipAuthCheck: true,
          retry: true,
        });
      });
    } catch (e) {
      throw await toAcoError(e, ctx);
    }
  }

  /* ---- internals */

  #sdk(): SDK {
    return createSdk({
      serverUrl: this.#o.serverUrl,
      clientId: this.#o.clientId,
      clientSecret: this.#o.clientSecret,
      redirectUri: this.#o.redirectUri,
      brandId: this.#o.brandId,
      timeoutMs: this.#o.timeoutMs,
    });
  }

  async #sdkWith(tokens: AcoTokens) {
    const platform = this.#sdk().platform();
    await platform.auth().setData(toAuthData(tokens, this.#o.clock.now()));
    return platform;
  }

  async #rest(
    op: AcoOperation,
    tokens: AcoTokens,
    method: 'GET' | 'POST',
    path: string,
    operation: string,
    body?: unknown,
  ): Promise<unknown> {
    const now = this.#o.clock.now();
    if (tokens.accessTokenExpiresAt <= now) {
      throw new AcoError(
        'invalid_grant',
        `ACO ${operation} not attempted: the access token expired ${Math.round((now - tokens.accessTokenExpiresAt) / 1000)} s ago; refresh it first`,
        { errorCode: 'TokenExpired' },
      );
    }
    const platform = await this.#sdkWith(tokens);
    const ctx = { operation, secrets: this.#secrets(tokens) };
    try {
      // retry: true stops the SDK from retrying a 401 (after dropping the token) or a 429.
      return await this.#observed(op, ctx, async () => {
        const res = await platform.send({ method, url: path, body, retry: true });
        return res.json();
      });
    } catch (e) {
      throw await toAcoError(e, ctx);
    }
  }

  /**
   * Times one call to ACO for the observer. A failure is converted here (with the caller's context, so the
   * error is the one the caller would have made; the caller's own toAcoError passes an AcoError through) and
   * its kind is the outcome.
   */
  async #observed<T>(operation: AcoOperation, ctx: ErrorContext, call: () => Promise<T>): Promise<T> {
    const observer = this.#o.observer;
    if (!observer) return call();
    const start = process.hrtime.bigint();
    const took = () => Number(process.hrtime.bigint() - start) / 1e9;
    try {
      const result = await call();
      observer(operation, took(), 'ok');
      return result;
    } catch (e) {
      const seconds = took();
      const err = await toAcoError(e, ctx);
      observer(operation, seconds, err.kind);
      throw err;
    }
  }

  #secrets(tokens?: AcoTokens): (string | undefined)[] {
    return [this.#o.clientSecret, tokens?.accessToken, tokens?.refreshToken];
  }

  #requireConfigured(operation: string): void {
    if (!this.configured) {
      throw new AcoError(
        'rejected',
        `ACO ${operation} is not possible: ACO_CLIENT_ID and ACO_CLIENT_SECRET are not set`,
      );
    }
  }
}
