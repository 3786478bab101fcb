import { afterEach, describe, expect, it, vi } from 'vitest';
import { Outbox } from '../../src/ccaas/outbox.js';
import type { CoreEvent } from '../../src/core/events.js';
import type { Actor } from '../../src/core/types.js';
import { startCcaasReceiver, type CcaasReceiver } from '../support/fakes/ccaas-receiver.js';
import { approveConsent, startTestApp, type TestApp } from '../support/app/start-app.js';
import { createOpenApiChecker } from '../support/http/openapi-check.js';
import { SECRET } from '../support/ccaas/harness.js';

const tenant = 'teams:0f6e1111-2222-3333-4444-555566667777';
const admin: Actor = { platform: 'teams', id: 'aad-1', name: 'Ada Admin' };
const form = { sipDomain: 'sip.ringcentral.com:5090', outboundProxy: 'sip10.ringcentral.com:5090', recording: 'no' };
const openapi = createOpenApiChecker();

let t: TestApp | undefined;
let receiver: CcaasReceiver | undefined;
afterEach(async () => {
  await t?.close();
  await receiver?.close();
  t = receiver = undefined;
});

async function start(withWebhook = true) {
  receiver = await startCcaasReceiver({ secret: SECRET, now: () => (t ? t.aco.clock.now() : Date.now()) });
  t = await startTestApp({ env: withWebhook ? { CCAAS_WEBHOOK_URL: receiver.url, CCAAS_WEBHOOK_SECRET: SECRET } : {} });
  const events: CoreEvent[] = [];
  t.app.events.on((e) => void events.push(e));
  return { t, receiver, events };
}

async function saveVersion(app: TestApp, settings = form) {
  const submitted = await app.app.workflow.submitForm(tenant, admin, settings);
  if (!submitted.ok) throw new Error('form refused');
  if (submitted.next === 'authenticate') {
    const { url } = await app.app.workflow.beginAuthentication(tenant, admin, { draftId: submitted.draftId });
    expect((await fetch(await approveConsent(url))).status).toBe(200);
  }
  const saved = await app.app.workflow.confirmDraft(tenant, admin, submitted.draftId);
  if (saved.outcome !== 'saved') throw new Error(saved.outcome);
  return saved.record;
}

describe('the CCaaS webhook in the running app', () => {
  it('pushes the authentication and every confirmed version, signed, in order, and shows it in the status', async () => {
    const { t, receiver } = await start();
    await saveVersion(t);
    await receiver.waitFor((r) => r.length >= 2, 'auth and settings deliveries');
    const [auth, settings] = receiver.accepted();
    expect(auth.body).toMatchObject({
      type: 'api_auth_status.changed',
      tenant,
      sequence: 1,
      data: { apiAuthStatus: { state: 'authenticated' } },
    });
    expect(settings.body).toMatchObject({
      type: 'platform_settings.confirmed',
      tenant,
      sequence: 2,
      data: {
        version: 1,
        settings: { sipDomain: { host: 'sip.ringcentral.com', port: 5090 }, recording: false },
        savedBy: admin,
        changes: expect.arrayContaining([{ field: 'sipDomain', before: null, after: 'sip.ringcentral.com:5090' }]),
      },
    });
    expect(openapi.validateComponent('AuthStatusChangedEvent', auth.body)).toEqual([]);
    expect(openapi.validateComponent('SettingsConfirmedEvent', settings.body)).toEqual([]);
    // The same "since" as the store's API Auth Status: the CCaaS sees one value on both channels.
    const stored = await t.app.store.authStatus.get(tenant);
    expect(auth.body?.data.apiAuthStatus.since).toBe(stored?.state === 'authenticated' ? stored.since : 'x');

    await vi.waitFor(async () =>
      expect((await t.app.workflow.status(tenant)).delivery).toEqual({
        lastDeliveredVersion: 1,
        pending: 0,
        lastError: null,
      }),
    );

    await t.app.workflow.disconnect(tenant, admin);
    await receiver.waitFor((r) => r.length >= 3, 'the disconnect delivery');
    expect(receiver.accepted()[2].body).toMatchObject({
      sequence: 3,
      data: { apiAuthStatus: { state: 'not_authenticated' } },
    });
    expect(t.logs.join('\n')).not.toContain(SECRET);
  });

  it('reports a delivery the receiver refuses for good, and says so in the status', async () => {
    const { t, receiver, events } = await start();
    await saveVersion(t);
    await receiver.waitFor((r) => r.length >= 2, 'first deliveries');
    receiver.failNext(1, 400);
    await saveVersion(t, { ...form, recording: 'no', outboundProxy: 'sip11.ringcentral.com:5090' });
    await receiver.waitFor((r) => r.length >= 3, 'the refused delivery');
    const refused = receiver.received[2];
    expect(refused.status).toBe(400);
    await vi.waitFor(() => expect(events.some((e) => e.type === 'delivery.dropped')).toBe(true));
    expect(events.find((e) => e.type === 'delivery.dropped')).toEqual({
      type: 'delivery.dropped',
      tenant,
      deliveryId: refused.deliveryId,
      message: expect.stringContaining('HTTP 400'),
    });
    const status = await t.app.workflow.status(tenant);
    expect(status.delivery).toMatchObject({
      lastDeliveredVersion: 1,
      pending: 0,
      lastError: expect.stringContaining('dropped'),
    });
  });

  it('queues nothing and shows no delivery line when the webhook is off', async () => {
    const { t } = await start(false);
    await saveVersion(t);
    expect((await t.app.workflow.status(tenant)).delivery).toBeUndefined();
    expect(await new Outbox(t.app.store).tenants()).toEqual([]);
  });
});
