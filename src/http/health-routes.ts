import { Router } from 'express';
import type { ComponentHealth } from '../core/component.js';
import type { Store } from '../core/ports.js';

const PENDING = new Set(['verifying', 'checking']);

/**
 * /healthz says the process runs. /readyz needs the store to answer within 2 s and the encryption key to open the
 * stored sealed records (a key that cannot is not ready, with the reason; never a secret), and reports each peer
 * under `checks`: 200 `ready` when all are fine, 200 `degraded` when a peer is unreachable or refused us (the
 * instance still serves the others), 503 `starting` while a peer check is still running at start, 503
 * `not_ready` for the store or the key, 503 while shutting down.
 */
export function healthRoutes(deps: {
  store: Store;
  isShuttingDown: () => boolean;
  /** Each peer's health by name (slack, aco), read per request. */
  checks?: () => Record<string, ComponentHealth>;
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (deps.isShuttingDown()) {
      res.status(503).json({ status: 'shutting_down' });
      return;
    }
    const store = deps.store.kind;
    const peers = deps.checks?.() ?? {};
    try {
      const check = await within(2_000, 'store did not answer within 2 s', async () => {
        await deps.store.ping();
        return deps.store.checkSealedRecords();
      });
      if (!check.ok) {
        res.status(503).json({
          status: 'not_ready',
          store,
          encryptionKey: { ok: false, checked: check.checked, unreadable: check.unreadable, reason: check.reason },
          checks: { store: { ok: false, status: 'key_mismatch', detail: check.reason }, ...peers },
        });
        return;
      }
      const checks = { store: { ok: true, status: 'ok' }, ...peers };
      const all = Object.values(checks);
      const status = all.some((c) => PENDING.has(c.status))
        ? 'starting'
        : all.every((c) => c.ok)
          ? 'ready'
          : 'degraded';
      res
        .status(status === 'starting' ? 503 : 200)
        .json({ status, store, encryptionKey: { ok: true, checked: check.checked }, checks });
    } catch (err) {
      const error = err instanceof Error ? err.message : 'store error';
      res.status(503).json({
        status: 'not_ready',
        store,
        error,
        checks: { store: { ok: false, status: 'error', detail: error }, ...peers },
      });
    }
  });
  return router;
}

async function within<T>(ms: number, message: string, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
