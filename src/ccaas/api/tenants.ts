import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { TenantListing, TenantSummary } from '../../core/queries/tenant-directory.js';
import type { TenantId } from '../../core/types.js';
import { sendProblem } from '../../http/problem.js';
import { authStatusJson } from '../payloads.js';
import { guardedKey, guardedTenant } from './guard.js';
import { problems } from './problems.js';

export interface TenantRoutesDeps {
  listTenants(opts: { from: number; limit: number; allowed?: ReadonlySet<TenantId> }): Promise<TenantListing>;
  setEntitlements(tenant: TenantId, change: { recordingLicensed: boolean }): Promise<TenantSummary>;
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

/** The cursor is the index position the next page starts at, opaque to the caller. */
export const encodeCursor = (position: number) => Buffer.from(`p${position}`, 'utf8').toString('base64url');
function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,24}$/.test(cursor)) return undefined;
  const match = /^p(\d{1,12})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

export function tenantJson(summary: TenantSummary) {
  return {
    tenant: summary.tenant,
    version: summary.version,
    apiAuthStatus: authStatusJson(summary.auth),
    entitlements: {
      recordingLicensed: summary.recordingLicensed,
      source: summary.entitlementsSet ? 'tenant' : 'default',
    },
  };
}

/** GET /api/v1/tenants: the tenants the key may see, oldest first, `limit` at a time. */
export function listTenantsRoute(deps: TenantRoutesDeps) {
  return async (req: Request, res: Response) => {
    const key = guardedKey(res);
    const { limit: rawLimit, cursor } = req.query;
    let limit = DEFAULT_PAGE;
    if (rawLimit !== undefined) {
      if (typeof rawLimit !== 'string' || !/^\d{1,4}$/.test(rawLimit) || +rawLimit < 1 || +rawLimit > MAX_PAGE) {
        sendProblem(res, problems.badParameter(`limit must be a whole number from 1 to ${MAX_PAGE}.`));
        return;
      }
      limit = Number(rawLimit);
    }
    let from = 0;
    if (cursor !== undefined) {
      const decoded = typeof cursor === 'string' ? decodeCursor(cursor) : undefined;
      if (decoded === undefined) {
        sendProblem(res, problems.badParameter('cursor must be a nextCursor this API returned.'));
        return;
      }
      from = decoded;
    }
    const listing = await deps.listTenants({ from, limit, ...(key.tenants ? { allowed: key.tenants } : {}) });
    res.json({
      tenants: listing.tenants.map(tenantJson),
      ...(listing.next === undefined ? {} : { nextCursor: encodeCursor(listing.next) }),
    });
  };
}

const EntitlementsBody = z.object({ recordingLicensed: z.boolean() }).strict();
const jsonBody = express.json({ limit: '4kb' });

/** Parses a JSON body; a malformed or oversized one is the caller's mistake (400), never a 500. */
export const parseJsonBody: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  jsonBody(req, res, (err?: unknown) => {
    if (err) {
      sendProblem(res, problems.badBody('The body must be a JSON object of at most 4 kB.'));
      return;
    }
    next();
  });
};

/** PUT /api/v1/tenants/{tenant}/entitlements: the operator sets what the tenant is licensed for. */
export function putEntitlementsRoute(deps: TenantRoutesDeps) {
  return async (req: Request, res: Response) => {
    const tenant = guardedTenant(res);
    if (!req.is('application/json')) {
      sendProblem(res, problems.badBody('Send the entitlements as application/json.'));
      return;
    }
    const parsed = EntitlementsBody.safeParse(req.body);
    if (!parsed.success) {
      sendProblem(
        res,
        problems.badBody('The body must be {"recordingLicensed": true} or {"recordingLicensed": false}.'),
      );
      return;
    }
    res.json(tenantJson(await deps.setEntitlements(tenant, parsed.data)));
  };
}
