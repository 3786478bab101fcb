import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CcaasReceiver } from '../support/fakes/ccaas-receiver.js';
import {
  createFakeClock,
  REDIS_URL,
  startNode,
  startReceiver,
  uniqueNamespace,
  uniqueTenant,
  type Node,
} from '../support/ccaas/harness.js';

const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

let nodes: Node[] = [];
let receiver: CcaasReceiver | undefined;
afterEach(async () => {
  for (const n of nodes) await n.deliverer.stop();
  for (const n of nodes) await n.store.clear();
  for (const n of nodes) await n.store.close();
  nodes = [];
  await receiver?.close();
});

describe.each([
  ['Redis', REDIS_URL],
  ['PostgreSQL', POSTGRES_URL],
])('two replicas on one %s store', (_name, storeUrl) => {
  it('queue from both and deliver each change exactly once, in order per tenant', async () => {
    const clock = createFakeClock(Date.parse('2026-03-01T09:00:00Z'));
    receiver = await startReceiver(clock);
    // A slow receiver widens the window in which both replicas look at the same tenant.
    receiver.behave(() => ({ status: 200, delayMs: 15 }));
    const namespace = uniqueNamespace();
    nodes = [
      await startNode({ storeUrl, namespace, clock, receiver, deliverer: { pollMs: 10 } }),
      await startNode({ storeUrl, namespace, clock, receiver, deliverer: { pollMs: 10 } }),
    ];
    const tenants = [uniqueTenant(), uniqueTenant(), uniqueTenant()];
    for (const n of nodes) await n.deliverer.start();

    const perTenant = 6;
    const queued = await Promise.all(
      tenants.flatMap((tenant) =>
        Array.from({ length: perTenant }, (_, i) =>
          nodes[i % 2].outbox.enqueue(tenant, { type: 'platform_settings.confirmed', version: i + 1, data: { i } }),
        ),
      ),
    );
    // Enqueued concurrently from two processes, every sequence number was handed out once.
    for (const tenant of tenants) {
      expect(
        queued
          .filter((q) => q.tenant === tenant)
          .map((q) => q.seq)
          .sort((a, b) => a - b),
      ).toEqual([1, 2, 3, 4, 5, 6]);
    }

    const total = tenants.length * perTenant;
    await receiver.waitFor((r) => r.filter((d) => d.status === 200).length >= total, `${total} deliveries`);
    // The receiver has answered; the replicas record it right after.
    await vi.waitFor(async () => {
      for (const tenant of tenants) expect((await nodes[0].outbox.state(tenant)).pending).toBe(0);
    });
    for (const n of nodes) await n.deliverer.stop();
    // Nothing more goes out on later passes.
    for (const n of nodes) await n.deliverer.tick();

    expect(receiver.received).toHaveLength(total);
    expect(new Set(receiver.received.map((d) => d.deliveryId)).size).toBe(total);
    for (const tenant of tenants) {
      const seqs = receiver.received.filter((d) => d.body?.tenant === tenant).map((d) => d.body?.sequence);
      expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
      for (const n of nodes) expect(await n.outbox.state(tenant)).toMatchObject({ pending: 0 });
    }
    expect(receiver.received.every((d) => d.verified)).toBe(true);
  });
});
