import { Router } from 'express';
import type { Store } from '../core/ports.js';

/** /healthz says the process runs; /readyz also needs the store to answer. */
export function healthRoutes(deps: { store: Store; isShuttingDown: () => boolean }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (deps.isShuttingDown()) {
      res.status(503).json({ status: 'shutting_down' });
      return;
    }
    try {
      await Promise.race([
        deps.store.ping(),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('store did not answer within 2 s')), 2000).unref(),
        ),
      ]);
      res.json({ status: 'ready', store: deps.store.kind });
    } catch (err) {
      res.status(503).json({
        status: 'not_ready',
        store: deps.store.kind,
        error: err instanceof Error ? err.message : 'store error',
      });
    }
  });
  return router;
}
