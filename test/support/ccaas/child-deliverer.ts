/*
 * A deliverer in its own process, for the kill-mid-delivery test: options as JSON in CHILD_DELIVERER, prints
 * "ready" once started. The test kills it with SIGKILL, so nothing here gets to clean up.
 */
import { Deliverer } from '../../../src/ccaas/deliverer.js';
import { Outbox } from '../../../src/ccaas/outbox.js';
import { CoreEvents } from '../../../src/core/events.js';
import { createLogger } from '../../../src/log.js';
import { createStore } from '../../../src/store/create-store.js';

const opts = JSON.parse(process.env.CHILD_DELIVERER ?? '{}') as {
  storeUrl: string;
  namespace: string;
  encryptionKey: string;
  url: string;
  secret: string;
  lockLeaseMs?: number;
};
const logger = createLogger({ level: 'silent' });
const store = await createStore({
  url: opts.storeUrl,
  namespace: opts.namespace,
  encryptionKey: opts.encryptionKey,
  logger,
});
const deliverer = new Deliverer({
  outbox: new Outbox(store),
  url: opts.url,
  secret: opts.secret,
  events: new CoreEvents(),
  logger,
  pollMs: 20,
  timeoutMs: 60_000,
  ...(opts.lockLeaseMs ? { lockLeaseMs: opts.lockLeaseMs } : {}),
});
await deliverer.start();
process.stdout.write('ready\n');
