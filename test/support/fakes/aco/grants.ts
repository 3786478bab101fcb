import { randomBytes, randomUUID } from 'node:crypto';
import { randomToken } from './http.js';
import type { FakeClock, FakeGrantInfo, FakeTokenResponse } from './types.js';

/*
 * Grants and their token pairs. A grant (one consent of one user for one client) has one live pair at a time:
 * refreshing rotates it, and the old access token dies at once ("there can only be one active access token at
 * a time"). A rotated refresh token stays usable for a grace period, see `refresh` below.
 */

export interface TokenPair {
  grant: Grant;
  accessToken: string;
  refreshToken: string;
  issuedAt: number;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  state: 'current' | 'rotated' | 'superseded';
  /** The pair minted when this pair's refresh token was used. */
  successor?: TokenPair;
  firstAccessUseAt?: number;
}

export interface Grant {
  id: string;
  clientId: string;
  userId: string;
  brandId?: string;
  scope: string;
  endpointId: string;
  createdAt: number;
  revokedAt?: number;
  revokedReason?: string;
  current: TokenPair;
  rotations: number;
}

export interface TokenLifetimes {
  /** Seconds; the fake's defaults when absent. */
  access?: number;
  refresh?: number;
}

export class Grants {
  private readonly byId = new Map<string, Grant>();
  private readonly byAccess = new Map<string, TokenPair>();
  private readonly byRefresh = new Map<string, TokenPair>();

  constructor(
    private readonly clock: FakeClock,
    private readonly defaults: { accessTtlSec: number; refreshTtlSec: number; refreshGraceMs: number },
  ) {}

  create(o: { clientId: string; userId: string; brandId?: string; scope: string }, ttls?: TokenLifetimes): Grant {
    const grant = {
      id: randomUUID(),
      ...o,
      endpointId: randomBytes(12).toString('base64url'),
      createdAt: this.clock.now(),
      rotations: 0,
    } as Grant;
    grant.current = this.mintPair(grant, ttls);
    this.byId.set(grant.id, grant);
    return grant;
  }

  /**
   * Rotates the pair whose refresh token was presented; the caller has checked it is current or rotated, not
   * expired, and its grant not revoked. The platform lets a rotated refresh token keep working until ~10 s
   * after the new access token is first used. Modelled as: after RT1 → (AT2, RT2), RT1 is still accepted while
   * (AT2, RT2) is the grant's current pair and AT2 was not used on a REST call more than `refreshGraceMs` ago;
   * such a reuse mints a new pair and the sibling (AT2, RT2) dies, because a grant has one live pair at a time.
   * Returns undefined when the refresh token is spent.
   */
  refresh(pair: TokenPair, ttls?: TokenLifetimes): TokenPair | undefined {
    const grant = pair.grant;
    if (pair.state !== 'current') {
      const successor = pair.successor;
      const now = this.clock.now();
      const graceMs = this.defaults.refreshGraceMs;
      const inGrace =
        graceMs > 0 &&
        pair.state === 'rotated' &&
        successor !== undefined &&
        successor === grant.current &&
        (successor.firstAccessUseAt === undefined || now < successor.firstAccessUseAt + graceMs);
      if (!inGrace) return undefined;
      successor.state = 'superseded';
    } else {
      pair.state = 'rotated';
    }
    const next = this.mintPair(grant, ttls);
    pair.successor = next;
    grant.current = next;
    grant.rotations += 1;
    return next;
  }

  revoke(g: Grant, reason: string): void {
    if (g.revokedAt === undefined) {
      g.revokedAt = this.clock.now();
      g.revokedReason = reason;
    }
  }

  /** Revokes every live grant of a user; returns how many. */
  revokeUser(userId: string, reason: string): number {
    let n = 0;
    for (const g of this.byId.values()) {
      if (g.userId === userId && g.revokedAt === undefined) {
        this.revoke(g, reason);
        n += 1;
      }
    }
    return n;
  }

  byAccessToken = (token: string) => this.byAccess.get(token);
  byRefreshToken = (token: string) => this.byRefresh.get(token);
  /** The pair holding this (current or past) access or refresh token. */
  pairOf = (token: string) => this.byAccess.get(token) ?? this.byRefresh.get(token);

  /** Why this access token is refused right now, or undefined when it would be accepted. */
  accessRefusal(pair: TokenPair): 'revoked' | 'expired' | undefined {
    if (pair.grant.revokedAt !== undefined || pair !== pair.grant.current) return 'revoked';
    if (this.clock.now() >= pair.accessExpiresAt) return 'expired';
    return undefined;
  }

  response(pair: TokenPair): FakeTokenResponse {
    const now = this.clock.now();
    return {
      access_token: pair.accessToken,
      token_type: 'bearer',
      expires_in: Math.max(0, Math.round((pair.accessExpiresAt - now) / 1000)),
      refresh_token: pair.refreshToken,
      refresh_token_expires_in: Math.max(0, Math.round((pair.refreshExpiresAt - now) / 1000)),
      scope: pair.grant.scope,
      owner_id: pair.grant.userId,
      endpoint_id: pair.grant.endpointId,
    };
  }

  list = (): FakeGrantInfo[] => [...this.byId.values()].map(info);

  private mintPair(grant: Grant, ttls: TokenLifetimes = {}): TokenPair {
    const now = this.clock.now();
    const pair: TokenPair = {
      grant,
      accessToken: randomToken('U0pDMTFQMDFQQVMwMHxB'),
      refreshToken: randomToken('U0pDMTFQMDFQQVMwMHxS'),
      issuedAt: now,
      accessExpiresAt: now + (ttls.access ?? this.defaults.accessTtlSec) * 1000,
      refreshExpiresAt: now + (ttls.refresh ?? this.defaults.refreshTtlSec) * 1000,
      state: 'current',
    };
    this.byAccess.set(pair.accessToken, pair);
    this.byRefresh.set(pair.refreshToken, pair);
    return pair;
  }
}

export function info(g: Grant): FakeGrantInfo {
  return {
    id: g.id,
    clientId: g.clientId,
    userId: g.userId,
    brandId: g.brandId,
    createdAt: g.createdAt,
    revokedAt: g.revokedAt,
    revokedReason: g.revokedReason,
    accessToken: g.current.accessToken,
    refreshToken: g.current.refreshToken,
    accessTokenExpiresAt: g.current.accessExpiresAt,
    refreshTokenExpiresAt: g.current.refreshExpiresAt,
    rotations: g.rotations,
  };
}
