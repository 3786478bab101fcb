import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../../../src/log.js';
import { createStore, type StoreHandle } from '../../../src/store/create-store.js';
import { BACKENDS, TEST_KEY } from '../../support/store/backends.js';
import { uniqueNamespace } from '../../support/store/fixtures.js';

describe.each(BACKENDS)('tenant repository on $name', (backend) => {
  const open: StoreHandle[] = [];
  const { logger } = createCapturingLogger('warn');
  const makeStore = async (namespace = uniqueNamespace()) => {
    const store = await createStore({ url: backend.url(), encryptionKey: TEST_KEY, logger, namespace });
    open.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of open.splice(0)) {
      await store.clear();
      await store.close();
    }
  });
  afterAll(() => backend.cleanup());

  it('keeps entitlements per tenant; a tenant never set has none', async () => {
    const store = await makeStore();
    await store.tenants.putEntitlements('slack:TA', { recordingLicensed: true, updatedAt: '2026-01-01T00:00:00.000Z' });
    expect(await store.tenants.getEntitlements('slack:TA')).toEqual({
      recordingLicensed: true,
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await store.tenants.getEntitlements('slack:TB')).toBeUndefined();
  });

  it('indexes each tenant once, in first-seen order, also when two store instances register at once', async () => {
    const one = await makeStore();
    const two = await makeStore(one.namespace);
    const tenants = Array.from({ length: 30 }, (_, i) => `slack:T${String(i).padStart(3, '0')}`);
    // Every tenant registered twice, concurrently, through both instances.
    await Promise.all(tenants.flatMap((t, i) => [one.tenants.register(t), (i % 2 ? one : two).tenants.register(t)]));
    const seen: string[] = [];
    let from: number | undefined = 0;
    while (from !== undefined) {
      const page = await two.tenants.page(from, 7);
      expect(page.tenants.length).toBeLessThanOrEqual(7);
      seen.push(...page.tenants);
      from = page.next;
    }
    expect([...seen].sort()).toEqual(tenants);
    for (const [i, t] of seen.entries()) expect(await one.tenants.position(t)).toBe(i);
    await one.tenants.register('slack:TNEW');
    const tail = await one.tenants.page(30, 7);
    expect(tail).toEqual({ tenants: ['slack:TNEW'] });
    expect(await one.tenants.position('slack:Tnever')).toBeUndefined();
  });
});
