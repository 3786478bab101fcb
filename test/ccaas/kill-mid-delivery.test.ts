import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loaded, PROCESS_READY_MS } from '../support/budgets.js';
import type { CcaasReceiver } from '../support/fakes/ccaas-receiver.js';
import {
  createFakeClock,
  ENCRYPTION_KEY,
  REDIS_URL,
  rmSync,
  SECRET,
  startNode,
  startReceiver,
  tempSqliteUrl,
  uniqueNamespace,
  uniqueTenant,
  type Node,
} from '../support/ccaas/harness.js';

const CHILD = fileURLToPath(new URL('../support/ccaas/child-deliverer.ts', import.meta.url));

let child: ChildProcess | undefined;
let node: Node | undefined;
let receiver: CcaasReceiver | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await node?.deliverer.stop();
  await node?.store.clear();
  await node?.store.close();
  await receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  child = node = receiver = dir = undefined;
});

async function startChild(opts: {
  storeUrl: string;
  namespace: string;
  url: string;
  lockLeaseMs?: number;
}): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {
      ...process.env,
      CHILD_DELIVERER: JSON.stringify({ ...opts, encryptionKey: ENCRYPTION_KEY.toString('base64'), secret: SECRET }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
    proc.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  return proc;
}

describe('a deliverer killed in the middle of a delivery', { timeout: PROCESS_READY_MS + loaded(30_000) }, () => {
  it('SQLite, restarted: the delivery is sent once more, with the same id, and then never again', async () => {
    const clock = createFakeClock(Date.now());
    receiver = await startReceiver(clock);
    const sqlite = tempSqliteUrl();
    dir = sqlite.dir;
    const namespace = uniqueNamespace();
    const tenant = uniqueTenant();

    // Queue while no deliverer runs, then let a separate process pick it up.
    node = await startNode({ storeUrl: sqlite.url, namespace, clock, receiver });
    const item = await node.outbox.enqueue(tenant, { type: 'platform_settings.confirmed', version: 1, data: {} });
    const second = await node.outbox.enqueue(tenant, { type: 'platform_settings.confirmed', version: 2, data: {} });
    await node.store.close();
    node = undefined;

    receiver.behave((_d, n) => (n === 1 ? 'hang' : undefined));
    child = await startChild({ storeUrl: sqlite.url, namespace, url: receiver.url });
    await receiver.waitFor((r) => r.length === 1, 'the first attempt');
    child.kill('SIGKILL');
    await once(child, 'exit');

    node = await startNode({ storeUrl: sqlite.url, namespace, clock, receiver });
    await node.deliverer.tick();
    await node.deliverer.tick();
    expect(receiver.received.map((d) => d.deliveryId)).toEqual([item.id, item.id, second.id]);
    expect(receiver.received.map((d) => d.status)).toEqual([undefined, 200, 200]);
    expect(await node.outbox.state(tenant)).toEqual({ lastDeliveredVersion: 2, pending: 0, lastError: null });
  });

  it('Redis, second replica: takes over once the dead holder’s lease lapses, same id, once', async () => {
    const clock = createFakeClock(Date.now());
    receiver = await startReceiver(clock);
    const namespace = uniqueNamespace();
    const tenant = uniqueTenant();
    node = await startNode({
      storeUrl: REDIS_URL,
      namespace,
      clock,
      receiver,
      deliverer: { pollMs: 20, lockLeaseMs: 1_000 },
    });

    receiver.behave((_d, n) => (n === 1 ? 'hang' : undefined));
    child = await startChild({ storeUrl: REDIS_URL, namespace, url: receiver.url, lockLeaseMs: 1_000 });
    const item = await node.outbox.enqueue(tenant, { type: 'api_auth_status.changed', data: {} });
    await receiver.waitFor((r) => r.length === 1, 'the first attempt');
    expect(receiver.received[0].deliveryId).toBe(item.id);
    // The survivor runs all along; while the child holds the tenant it stays out.
    await node.deliverer.start();
    child.kill('SIGKILL');
    await once(child, 'exit');

    await receiver.waitFor((r) => r.length === 2, 'the retry by the survivor');
    await node.deliverer.stop();
    await node.deliverer.tick();
    expect(receiver.received.map((d) => [d.deliveryId, d.status])).toEqual([
      [item.id, undefined],
      [item.id, 200],
    ]);
  });
});
