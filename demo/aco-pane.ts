import { Router } from 'express';
import type { FakeAco } from '../test/support/fakes/aco-server.js';
import type { LiveFeed } from './live-feed.js';

/*
 * What the simulated ACO holds, for the page's ACO pane: each grant's user, when its access and refresh
 * tokens end and how often it was refreshed. Never a token. "Revoke" ends the grants at ACO, as a password
 * change would, so the lost authorization can be watched in the admin channel.
 */

export interface GrantView {
  user: string;
  extensionNumber: string;
  createdAt: number;
  accessTokenExpiresAt: number;
  refreshTokenExpiresAt: number;
  rotations: number;
  revokedAt?: number;
  revokedReason?: string;
}

export function acoState(aco: FakeAco): { now: number; grants: GrantView[] } {
  const grants = aco.grants().map((g) => {
    const user = aco.users.get(g.userId);
    return {
      user: user?.name ?? g.userId,
      extensionNumber: user?.extensionNumber ?? '',
      createdAt: g.createdAt,
      accessTokenExpiresAt: g.accessTokenExpiresAt,
      refreshTokenExpiresAt: g.refreshTokenExpiresAt,
      rotations: g.rotations,
      ...(g.revokedAt !== undefined ? { revokedAt: g.revokedAt, revokedReason: g.revokedReason } : {}),
    };
  });
  return { now: aco.clock.now(), grants: grants.slice(-3).reverse() };
}

export function acoRoutes(deps: { aco: FakeAco; feed: LiveFeed }): Router {
  const router = Router();
  router.get('/demo/aco/state', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(acoState(deps.aco));
  });
  router.post('/demo/aco/revoke', (_req, res) => {
    let revoked = 0;
    for (const user of deps.aco.users.keys()) revoked += deps.aco.revokeUser(user, 'password changed at ACO');
    deps.feed.publish('aco', acoState(deps.aco));
    res.json({ revoked });
  });
  return router;
}
