import { createHmac } from 'node:crypto';

/*
 * Webhook signatures in the style of Stripe's and Slack's: HMAC-SHA256 under CCAAS_WEBHOOK_SECRET over
 * `${timestamp}.${body}`, hex, sent as `v1=<hex>`. The timestamp (Unix seconds) is signed so a captured request
 * cannot be replayed later; the receiver rejects timestamps more than five minutes off.
 */
export const SIGNATURE_HEADER = 'aco-connect-signature';
export const TIMESTAMP_HEADER = 'aco-connect-timestamp';
export const DELIVERY_ID_HEADER = 'aco-connect-delivery-id';
export const EVENT_HEADER = 'aco-connect-event';
export const SIGNATURE_VERSION = 'v1';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `${SIGNATURE_VERSION}=${mac}`;
}

/** The headers of one delivery attempt; the timestamp is fresh on every attempt, the delivery id never changes. */
export function webhookHeaders(opts: {
  secret: string;
  nowMs: number;
  body: string;
  deliveryId: string;
  event: string;
}): Record<string, string> {
  const timestamp = Math.floor(opts.nowMs / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'aco-connect-webhook/1',
    [SIGNATURE_HEADER]: signWebhook(opts.secret, timestamp, opts.body),
    [TIMESTAMP_HEADER]: String(timestamp),
    [DELIVERY_ID_HEADER]: opts.deliveryId,
    [EVENT_HEADER]: opts.event,
  };
}
