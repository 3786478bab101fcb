import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeClock } from '../support/fakes/aco-server.js';
import type { CcaasReceiver } from '../support/fakes/ccaas-receiver.js';
import {
  acceptedFor,
  createFakeClock,
  HOUR,
  rmSync,
  SECRET,
  startNode,
  startReceiver,
  tempSqliteUrl,
  uniqueNamespace,
  uniqueTenant,
  type Node,
} from '../support/ccaas/harness.js';

let clock: FakeClock;
let receiver: CcaasReceiver;
let node: Node;
let sqlite: { url: string; dir: string };
let namespace: string;
const tenant = uniqueTenant();
const other = uniqueTenant();

const enqueue = (t: string, n: number) =>
  node.outbox.enqueue(t, { type: 'platform_settings.confirmed', version: n, data: { version: n } });

beforeEach(async () => {
  clock = createFakeClock(Date.parse('2026-03-01T09:00:00Z'));
  receiver = await startReceiver(clock);
  sqlite = tempSqliteUrl();
  namespace = uniqueNamespace();
  node = await startNode({ storeUrl: sqlite.url, namespace, clock, receiver });
});
afterEach(async () => {
  await node.deliverer.stop();
  await node.store.close();
  await receiver.close();
  rmSync(sqlite.dir, { recursive: true, force: true });
});

/** Move the test clock to the head item's next try and run one pass. */
async function untilNextTry(t = tenant) {
  const cursor = await node.outbox.cursor(t);
  if (cursor.nextAttemptAt !== null) clock.set(cursor.nextAttemptAt);
  await node.deliverer.tick();
}

describe('CCaaS webhook deliverer', () => {
  it('delivers each queued change once, signed, in order, with its stable id and sequence', async () => {
    const items = [await enqueue(tenant, 1), await enqueue(tenant, 2), await enqueue(tenant, 3)];
    await node.deliverer.tick();
    const got = acceptedFor(receiver, tenant);
    expect(got.map((d) => d.deliveryId)).toEqual(items.map((i) => i.id));
    expect(got.map((d) => d.body?.sequence)).toEqual([1, 2, 3]);
    expect(
      got.every((d) => d.verified && d.event === 'platform_settings.confirmed' && d.body?.id === d.deliveryId),
    ).toBe(true);
    expect(receiver.received).toHaveLength(3);
    expect(await node.outbox.state(tenant)).toEqual({ lastDeliveredVersion: 3, pending: 0, lastError: null });
    // Drained: later passes send nothing again.
    await node.deliverer.tick();
    expect(receiver.received).toHaveLength(3);
    expect(await node.outbox.tenants()).not.toContain(tenant);
  });

  it('loses nothing and keeps order while the receiver is down, then catches up', async () => {
    await receiver.down();
    await enqueue(tenant, 1);
    await node.deliverer.tick();
    await enqueue(tenant, 2);
    await enqueue(tenant, 3);
    for (let i = 0; i < 4; i++) await untilNextTry();
    const down = await node.outbox.state(tenant);
    expect(down.pending).toBe(3);
    expect(down.lastError).toMatch(/^could not connect \(ECONNREFUSED\) at .* \(attempt 5; next try .*\)$/);
    expect(receiver.received).toHaveLength(0);

    await receiver.back();
    await untilNextTry();
    expect(acceptedFor(receiver, tenant).map((d) => d.body?.sequence)).toEqual([1, 2, 3]);
    expect(receiver.received).toHaveLength(3);
    expect(await node.outbox.state(tenant)).toEqual({ lastDeliveredVersion: 3, pending: 0, lastError: null });
  });

  it('retries 500s with exponential backoff and jitter, and waits out a 429 Retry-After', async () => {
    receiver.failNext(3, 500);
    const item = await enqueue(tenant, 1);
    const tries: number[] = [];
    for (let i = 0; i < 3; i++) {
      await node.deliverer.tick();
      const c = await node.outbox.cursor(tenant);
      tries.push(c.nextAttemptAt! - clock.now());
      clock.set(c.nextAttemptAt!);
    }
    // random pinned at 0.5: 3/4 of 5 s, 10 s, 20 s.
    expect(tries).toEqual([3_750, 7_500, 15_000]);
    // Not due yet: nothing is sent before the backoff is over.
    clock.advance(-1);
    await node.deliverer.tick();
    expect(receiver.received).toHaveLength(3);
    clock.advance(1);

    receiver.failNext(1, 429, { 'retry-after': '120' });
    await node.deliverer.tick();
    const c = await node.outbox.cursor(tenant);
    expect(c.nextAttemptAt! - clock.now()).toBe(120_000);
    expect(c.lastError).toMatch(/^HTTP 429/);
    clock.advance(119_999);
    await node.deliverer.tick();
    expect(receiver.received).toHaveLength(4);
    clock.advance(1);
    await node.deliverer.tick();
    expect(receiver.received.map((d) => d.status)).toEqual([500, 500, 500, 429, 200]);
    expect(new Set(receiver.received.map((d) => d.deliveryId))).toEqual(new Set([item.id]));
  });

  it('keeps retrying 503s for more than 24 hours without dropping, then delivers', async () => {
    receiver.behave(() => ({ status: 503 }));
    const item = await enqueue(tenant, 1);
    const start = clock.now();
    await node.deliverer.tick();
    while (clock.now() - start < 25 * HOUR) await untilNextTry();
    const c = await node.outbox.cursor(tenant);
    expect(c.attempts).toBe(receiver.received.length);
    // Backoff stops growing at an hour: about 24 tries in the last day, not thousands.
    expect(receiver.received.length).toBeGreaterThan(20);
    expect(receiver.received.length).toBeLessThan(60);
    expect(await node.outbox.state(tenant)).toMatchObject({ pending: 1, lastDeliveredVersion: null });
    expect(node.events).toEqual([]);

    receiver.behave(undefined);
    await untilNextTry();
    expect(acceptedFor(receiver, tenant).map((d) => d.deliveryId)).toEqual([item.id]);
    expect(await node.outbox.state(tenant)).toEqual({ lastDeliveredVersion: 1, pending: 0, lastError: null });
  });

  it('drops a delivery refused with a permanent 4xx, reports it, and goes on with the next', async () => {
    receiver.failNext(1, 400);
    const refused = await enqueue(tenant, 1);
    const next = await enqueue(tenant, 2);
    await node.deliverer.tick();
    expect(receiver.received.map((d) => [d.deliveryId, d.status])).toEqual([
      [refused.id, 400],
      [next.id, 200],
    ]);
    expect(node.events).toEqual([
      {
        type: 'delivery.dropped',
        tenant,
        deliveryId: refused.id,
        message: expect.stringContaining('refused with HTTP 400'),
      },
    ]);
    expect(await node.outbox.cursor(tenant)).toMatchObject({ dropped: 1, delivered: 1, lastDeliveredVersion: 2 });
    expect(node.logs.some((l) => l.includes('delivery dropped'))).toBe(true);
  });

  it('keeps the drop visible in the status until something is delivered again', async () => {
    receiver.failNext(1, 410);
    await enqueue(tenant, 1);
    await node.deliverer.tick();
    expect((await node.outbox.state(tenant)).lastError).toMatch(/HTTP 410 .* dropped\.$/);
    await enqueue(tenant, 2);
    await node.deliverer.tick();
    expect((await node.outbox.state(tenant)).lastError).toBeNull();
  });

  it('treats a receiver that does not answer in time as a timeout and retries the same id', async () => {
    node.deliverer = node.newDeliverer({ timeoutMs: 300 });
    receiver.behave((_d, n) => (n === 1 ? 'hang' : undefined));
    const item = await enqueue(tenant, 1);
    await node.deliverer.tick();
    expect((await node.outbox.cursor(tenant)).lastError).toMatch(/^no answer within 300 ms/);
    receiver.releaseHeld(200);
    await untilNextTry();
    expect(receiver.received.map((d) => d.deliveryId)).toEqual([item.id, item.id]);
    expect((await node.outbox.state(tenant)).pending).toBe(0);
  });

  it('a failing tenant does not hold up another', async () => {
    receiver.behave((d) => (d.body?.tenant === tenant ? { status: 503 } : undefined));
    await enqueue(tenant, 1);
    await enqueue(other, 1);
    await enqueue(other, 2);
    await node.deliverer.tick();
    expect(acceptedFor(receiver, other).map((d) => d.body?.sequence)).toEqual([1, 2]);
    expect((await node.outbox.state(tenant)).pending).toBe(1);
  });

  it('survives a restart: what was queued is delivered by the next process', async () => {
    await receiver.down();
    const a = await enqueue(tenant, 1);
    const b = await enqueue(tenant, 2);
    await node.deliverer.tick();
    await node.store.close();
    await receiver.back();

    node = await startNode({ storeUrl: sqlite.url, namespace, clock, receiver });
    await untilNextTry();
    expect(acceptedFor(receiver, tenant).map((d) => d.deliveryId)).toEqual([a.id, b.id]);
  });

  it('runs by itself once started: an enqueue is sent without waiting for the poll', async () => {
    await node.deliverer.start();
    const item = await enqueue(tenant, 7);
    await receiver.waitFor((r) => r.some((d) => d.deliveryId === item.id), 'the delivery');
    await node.deliverer.idle();
    expect(await node.outbox.state(tenant)).toMatchObject({ lastDeliveredVersion: 7, pending: 0 });
  });

  it('on stop, lets the attempt in flight finish, so a restart does not resend it', async () => {
    receiver.behave(() => ({ status: 200, delayMs: 100 }));
    await node.deliverer.start();
    await enqueue(tenant, 1);
    await receiver.waitFor((r) => r.length === 1, 'the attempt');
    await node.deliverer.stop();
    expect(await node.outbox.state(tenant)).toMatchObject({ pending: 0, lastDeliveredVersion: 1 });
  });

  it('on stop, abandons an attempt still unanswered after the grace period: it stays queued, not failed', async () => {
    receiver.behave(() => 'hang');
    await node.deliverer.start();
    await enqueue(tenant, 1);
    await receiver.waitFor((r) => r.length === 1, 'the attempt');
    await node.deliverer.stop(50);
    expect(await node.outbox.cursor(tenant)).toMatchObject({
      nextSeq: 1,
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
    });
  });

  it('logs deliveries without the secret, the signature or the body', async () => {
    receiver.failNext(1, 500);
    await enqueue(tenant, 1);
    await node.deliverer.tick();
    await untilNextTry();
    const logs = node.logs.join('\n');
    expect(receiver.received).toHaveLength(2);
    expect(logs).toContain('CCaaS webhook delivered');
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain('v1=');
    expect(logs).not.toContain(receiver.received[0].rawBody);
  });
});
