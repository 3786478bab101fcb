import express, { type Express } from 'express';

/**
 * The one bench-only route each target serves: mint ACO consent URLs for a list of tenants, as the
 * Authenticate button would, so the bench can run OAuth callbacks from outside the process.
 * Loopback only, and never part of the app itself (only the bench entries mount it).
 */
export function mountConsentRoute(app: Express, mint: (tenant: string) => Promise<string>): void {
  app.post('/__bench/consent', express.json(), async (req, res) => {
    const tenants = Array.isArray(req.body?.tenants) ? (req.body.tenants as unknown[]).map(String) : [];
    try {
      const urls: string[] = [];
      for (const tenant of tenants) urls.push(await mint(tenant));
      res.json({ urls });
    } catch (err) {
      res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
    }
  });
}

/** SIGTERM/SIGINT: close gracefully, then leave. */
export function exitOnSignal(close: () => Promise<void>): void {
  const stop = () => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
