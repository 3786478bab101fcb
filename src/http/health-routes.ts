import { Router } from 'express';
import type { Store } from '../core/ports.js';

/**
 * /healthz says the process runs; /readyz also needs the store to answer within 2 s and the encryption key to
 * open the stored sealed records (a key that cannot is not ready, with the reason; never a secret).
 */
export function healthRoutes(deps: { store: Store; isShuttingDown: () => boolean }): Router {
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
        });
        return;
      }
      res.json({ status: 'ready', store, encryptionKey: { ok: true, checked: check.checked } });
    } catch (err) {
      res.status(503).json({ status: 'not_ready', store, error: err instanceof Error ? err.message : 'store error' });
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
