import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { signWebhook, webhookHeaders } from '../../src/ccaas/signature.js';
import { verifyCcaasSignature } from '../support/fakes/ccaas-receiver.js';

const secret = 'whsec-test-0123456789abcdef';

describe('webhook signature', () => {
  it('is v1= hex HMAC-SHA256 of "timestamp.body", as a receiver recomputes it', () => {
    const body = '{"id":"x"}';
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, 1700000000, body)).toBe(`v1=${expected}`);
  });

  it('verifies for any body, and fails for a changed body, timestamp or secret', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
        (body, extra, ts) => {
          const headers = webhookHeaders({ secret, nowMs: ts * 1000, body, deliveryId: 'd1', event: 'e' });
          expect(verifyCcaasSignature(secret, headers, body, ts)).toBe(true);
          expect(verifyCcaasSignature(secret, headers, body + extra, ts)).toBe(false);
          expect(verifyCcaasSignature(secret + extra, headers, body, ts)).toBe(false);
          const shifted = { ...headers, 'aco-connect-timestamp': String(ts + 1) };
          expect(verifyCcaasSignature(secret, shifted, body, ts)).toBe(false);
        },
      ),
    );
  });

  it('is refused by the receiver when older than five minutes (replay)', () => {
    const body = '{}';
    const headers = webhookHeaders({ secret, nowMs: 1_700_000_000_000, body, deliveryId: 'd1', event: 'e' });
    expect(verifyCcaasSignature(secret, headers, body, 1_700_000_000 + 300)).toBe(true);
    expect(verifyCcaasSignature(secret, headers, body, 1_700_000_000 + 301)).toBe(false);
  });

  it('sends the delivery id and event, and never the secret', () => {
    const headers = webhookHeaders({
      secret,
      nowMs: 1_700_000_000_000,
      body: '{}',
      deliveryId: 'abc',
      event: 'platform_settings.confirmed',
    });
    expect(headers).toMatchObject({
      'aco-connect-delivery-id': 'abc',
      'aco-connect-event': 'platform_settings.confirmed',
      'aco-connect-timestamp': '1700000000',
    });
    expect(JSON.stringify(headers)).not.toContain(secret);
  });
});
