import express, { Router } from 'express';
import { verifyCcaasSignature } from '../test/support/fakes/ccaas-receiver.js';
import type { LiveFeed } from './live-feed.js';

/*
 * The contact center's side of the hand-off, as a CCaaS would run it: a webhook receiver that verifies
 * each signed delivery (as docs/ccaas.md tells receivers to), and the read API asked with the CCaaS key
 * after each delivery. The page shows both.
 */

export const CCAAS_WEBHOOK_PATH = '/demo/ccaas/webhook';

export interface Delivery {
  deliveryId: string;
  event: string;
  verified: boolean;
  receivedAt: string;
  body: unknown;
}

export interface ReadAnswer {
  at: string;
  status: number;
  body: unknown;
}

export class CcaasPane {
  readonly deliveries: Delivery[] = [];
  lastRead: ReadAnswer | undefined;

  constructor(
    private readonly opts: {
      feed: LiveFeed;
      secret: string;
      /** GET /api/v1/platform-settings?tenant=… on the app, with the demo's CCaaS key. */
      readUrl: () => string;
      apiKey: string;
    },
  ) {}

  snapshot() {
    return { deliveries: this.deliveries, read: this.lastRead };
  }

  async read(): Promise<ReadAnswer> {
    const res = await fetch(this.opts.readUrl(), { headers: { Authorization: `Bearer ${this.opts.apiKey}` } });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // shown as text
    }
    this.lastRead = { at: new Date().toISOString(), status: res.status, body };
    this.opts.feed.publish('ccaas-read', this.lastRead);
    return this.lastRead;
  }

  routes(): Router {
    const router = Router();
    router.post(CCAAS_WEBHOOK_PATH, express.text({ type: '*/*', limit: '256kb' }), (req, res) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      const verified = verifyCcaasSignature(this.opts.secret, req.headers, raw, Math.floor(Date.now() / 1000));
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // kept as text
      }
      const delivery: Delivery = {
        deliveryId: String(req.headers['aco-connect-delivery-id'] ?? ''),
        event: String(req.headers['aco-connect-event'] ?? ''),
        verified,
        receivedAt: new Date().toISOString(),
        body,
      };
      this.deliveries.push(delivery);
      this.opts.feed.publish('ccaas-delivery', delivery);
      res.status(verified ? 200 : 401).json({ ok: verified });
      // What a CCaaS does next: read the current settings through the API.
      if (verified) void this.read().catch(() => undefined);
    });
    router.get('/demo/ccaas/read', async (_req, res) => {
      try {
        res.json(await this.read());
      } catch (err) {
        res.status(502).json({ error: err instanceof Error ? err.message : String(err) });
      }
    });
    return router;
  }
}
