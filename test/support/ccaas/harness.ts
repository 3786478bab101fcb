import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Deliverer, type DelivererOptions } from '../../../src/ccaas/deliverer.js';
import { Outbox } from '../../../src/ccaas/outbox.js';
import { CoreEvents, type CoreEvent } from '../../../src/core/events.js';
import { createCapturingLogger } from '../../../src/log.js';
import { createStore, type StoreHandle } from '../../../src/store/create-store.js';
import type { FakeClock } from '../fakes/aco-server.js';
import { startCcaasReceiver, type CcaasReceiver } from '../fakes/ccaas-receiver.js';

export const SECRET = 'whsec-test-secret-0123456789';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ENCRYPTION_KEY = randomBytes(32);
export const HOUR = 3_600_000;

export const uniqueNamespace = () => `ccaas${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
export const uniqueTenant = () => `slack:T${randomBytes(4).toString('hex').toUpperCase()}`;

export function tempSqliteUrl(): { url: string; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'aco-ccaas-'));
  return { url: `sqlite://${path.join(dir, 'store.sqlite')}`, dir };
}

/** One "process": a store connection, an outbox and a deliverer on the test clock, with captured logs and events. */
export interface Node {
  store: StoreHandle;
  outbox: Outbox;
  deliverer: Deliverer;
  events: CoreEvent[];
  logs: string[];
  /** Another deliverer over the same outbox, with other options. */
  newDeliverer(overrides: Partial<DelivererOptions>): Deliverer;
}

export async function startNode(opts: {
  storeUrl: string;
  namespace: string;
  clock: FakeClock;
  receiver: CcaasReceiver;
  deliverer?: Partial<DelivererOptions>;
}): Promise<Node> {
  const { logger, lines } = createCapturingLogger('debug');
  const store = await createStore({
    url: opts.storeUrl,
    namespace: opts.namespace,
    encryptionKey: ENCRYPTION_KEY,
    logger,
    clock: opts.clock,
  });
  const bus = new CoreEvents();
  const events: CoreEvent[] = [];
  bus.on((e) => void events.push(e));
  const outbox = new Outbox(store, { clock: opts.clock });
  const newDeliverer = (overrides: Partial<DelivererOptions>) =>
    new Deliverer({
      outbox,
      url: opts.receiver.url,
      secret: SECRET,
      events: bus,
      logger,
      clock: opts.clock,
      random: () => 0.5,
      timeoutMs: 2_000,
      ...opts.deliverer,
      ...overrides,
    });
  return { store, outbox, deliverer: newDeliverer({}), events, logs: lines, newDeliverer };
}

export async function startReceiver(clock: FakeClock): Promise<CcaasReceiver> {
  return startCcaasReceiver({ secret: SECRET, now: clock.now });
}

export { rmSync };

/** A clock that moves only when the test moves it (the fake ACO's clock also follows real time). */
export function createFakeClock(startAt: number): FakeClock {
  let now = startAt;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (epochMs) => {
      now = epochMs;
    },
  };
}

/** The bodies the receiver accepted for one tenant, in arrival order. */
export const acceptedFor = (receiver: CcaasReceiver, tenant: string) =>
  receiver.accepted().filter((d) => d.body?.tenant === tenant);
