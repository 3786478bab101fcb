import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../src/core/events.js';
import type { Actor } from '../../src/core/types.js';
import { WorkflowError } from '../../src/core/workflow-error.js';
import { authenticate } from '../support/app/authenticate.js';
import { startTestApp, type TestApp } from '../support/app/start-app.js';

const ada: Actor = { platform: 'slack', id: 'U1', name: 'Ada' };
const bob: Actor = { platform: 'slack', id: 'U2', name: 'Bob' };
const form = (proxy = 'sip10.ringcentral.com:5090') => ({
  sipDomain: 'sip.ringcentral.com:5090',
  outboundProxy: proxy,
  recording: 'no',
});

let t: TestApp;
let events: CoreEvent[] = [];
let n = 0;
const freshTenant = () => `slack:TW${++n}`;
beforeAll(async () => {
  t = await startTestApp();
  t.app.events.on((e) => void events.push(e));
});
afterAll(async () => t?.close());

async function savedDraft(tenant: string, proxy?: string) {
  const r = await t.app.workflow.submitForm(tenant, ada, form(proxy));
  if (!r.ok) throw new Error('invalid');
  return r.draftId;
}

describe('ConnectionWorkflow', () => {
  it('opens an empty form, not authenticated, with the recording license flag', async () => {
    const view = await t.app.workflow.openForm(freshTenant());
    expect(view).toMatchObject({
      values: { sipDomain: '', outboundProxy: '', secondaryProxy: '', recording: 'no' },
      errors: {},
      auth: { text: 'Not authenticated', authenticated: false },
      recordingLicensed: false,
      version: null,
    });
  });

  it('returns field errors with the typed values kept, and stores no draft', async () => {
    const tenant = freshTenant();
    const r = await t.app.workflow.submitForm(tenant, ada, {
      sipDomain: 'sip.ringcentral.com',
      outboundProxy: 'x:1',
      recording: 'yes',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.form.values.sipDomain).toBe('sip.ringcentral.com');
    expect(r.form.errors.sipDomain).toMatch(/Add the port/);
    expect(r.form.errors.recording).toMatch(/UC Realtime Logging/);
  });

  it('asks to authenticate first, then confirms; a second OK saves once', async () => {
    const tenant = freshTenant();
    const r = await t.app.workflow.submitForm(tenant, ada, form());
    expect(r).toMatchObject({ ok: true, next: 'authenticate' });
    if (!r.ok) return;
    expect(await t.app.workflow.confirmDraft(tenant, ada, r.draftId)).toMatchObject({ outcome: 'not_authenticated' });
    await authenticate(t, tenant, ada, r.draftId);
    events = [];
    const [a, b] = await Promise.all([
      t.app.workflow.confirmDraft(tenant, ada, r.draftId),
      t.app.workflow.confirmDraft(tenant, ada, r.draftId),
    ]);
    expect([a, b].map((x) => x.outcome)).toEqual(['saved', 'saved']);
    expect([a, b].filter((x) => x.outcome === 'saved' && x.replay).length).toBe(1);
    expect(events.filter((e) => e.type === 'settings.saved')).toHaveLength(1);
    expect((await t.app.workflow.status(tenant)).current?.version).toBe(1);
  });

  it('offers Confirm at once when authenticated, with old → new per field', async () => {
    const tenant = freshTenant();
    await authenticate(t, tenant, ada);
    await t.app.workflow.confirmDraft(tenant, ada, await savedDraft(tenant));
    const r = await t.app.workflow.submitForm(tenant, ada, form('sip20.ringcentral.com:5091'));
    expect(r).toMatchObject({ ok: true, next: 'confirm' });
    if (!r.ok || r.next !== 'confirm') return;
    const proxy = r.confirm.changes.find((c) => c.field === 'outboundProxy');
    expect(proxy).toEqual({
      field: 'outboundProxy',
      label: 'Outbound Proxy',
      before: 'sip10.ringcentral.com:5090',
      after: 'sip20.ringcentral.com:5091',
      changed: true,
    });
    expect(r.confirm.anyChange).toBe(true);
  });

  it('refuses a stale draft when someone saved in between, naming who', async () => {
    const tenant = freshTenant();
    await authenticate(t, tenant, ada);
    const mine = await savedDraft(tenant, 'a.example.com:5060');
    const theirs = await t.app.workflow.submitForm(tenant, bob, form('b.example.com:5060'));
    if (!theirs.ok) throw new Error();
    await t.app.workflow.confirmDraft(tenant, bob, theirs.draftId);
    expect(await t.app.workflow.confirmDraft(tenant, ada, mine)).toMatchObject({
      outcome: 'stale',
      currentVersion: 1,
      savedBy: bob,
    });
    expect((await t.app.workflow.status(tenant)).current?.settings.outboundProxy.host).toBe('b.example.com');
  });

  it('cancels a draft once; a cancelled draft cannot be saved; a saved one cannot be cancelled', async () => {
    const tenant = freshTenant();
    await authenticate(t, tenant, ada);
    const d = await savedDraft(tenant);
    expect(await t.app.workflow.cancelDraft(tenant, ada, d)).toEqual({ outcome: 'cancelled', replay: false });
    expect(await t.app.workflow.cancelDraft(tenant, ada, d)).toEqual({ outcome: 'cancelled', replay: true });
    expect(await t.app.workflow.confirmDraft(tenant, ada, d)).toEqual({ outcome: 'cancelled' });
    const e = await savedDraft(tenant);
    await t.app.workflow.confirmDraft(tenant, ada, e);
    expect(await t.app.workflow.cancelDraft(tenant, ada, e)).toEqual({ outcome: 'already_saved', version: 1 });
    expect(await t.app.workflow.confirmDraft(tenant, ada, 'no-such-draft')).toEqual({ outcome: 'not_found' });
  });

  it('expires a draft after 24 hours', async () => {
    const tenant = freshTenant();
    await authenticate(t, tenant, ada);
    const d = await savedDraft(tenant);
    t.aco.clock.advance(24 * 3600_000 + 1000);
    try {
      // The grant's access token also lapsed meanwhile, but the draft's age decides first.
      expect(await t.app.workflow.confirmDraft(tenant, ada, d)).toEqual({ outcome: 'expired' });
    } finally {
      t.aco.clock.advance(-(24 * 3600_000 + 1000));
    }
  });

  it('shows Expired when the refresh token lapsed unused', async () => {
    const tenant = freshTenant();
    await authenticate(t, tenant, ada);
    t.aco.clock.advance(7 * 24 * 3600_000 + 1000);
    try {
      const auth = await t.app.workflow.authView(tenant);
      expect(auth.status.state).toBe('expired');
      expect(auth.text).toMatch(/^Expired since .*Re-authenticate/);
    } finally {
      t.aco.clock.advance(-(7 * 24 * 3600_000 + 1000));
    }
  });

  it('shows a failing token refresh in the status details until it recovers', async () => {
    const tenant = freshTenant();
    await authenticate(t, tenant, ada);
    t.aco.clock.advance(3600_000);
    try {
      t.aco.failNext(1, { status: 503, retryAfter: 45 }, 'token');
      await expect(t.app.tokens.getAccessToken(tenant)).rejects.toThrow();
      const failing = await t.app.workflow.authView(tenant);
      expect(failing.authenticated).toBe(true);
      expect(failing.details.join('\n')).toMatch(
        /Token refresh failing since .* UTC \(1 attempt, last: .*503.*\); next try .* UTC/,
      );
      t.aco.clock.advance(60_000);
      await t.app.tokens.getAccessToken(tenant);
      expect((await t.app.workflow.authView(tenant)).details.join('\n')).not.toMatch(/failing/);
    } finally {
      t.aco.clock.advance(-3660_000);
    }
  });

  it('disconnects: revokes at ACO, forgets the tokens, audits and announces', async () => {
    const tenant = freshTenant();
    await authenticate(t, tenant, ada);
    const grant = await t.app.store.grants.get(tenant);
    events = [];
    expect(await t.app.workflow.disconnect(tenant, ada)).toEqual({ wasAuthenticated: true, revokedAtAco: true });
    expect(t.aco.grantOf(grant!.tokens.accessToken)?.revokedAt).toBeDefined();
    expect(await t.app.store.grants.get(tenant)).toBeUndefined();
    expect((await t.app.workflow.authView(tenant)).text).toBe('Not authenticated');
    expect(events).toEqual([{ type: 'disconnected', tenant, actor: ada }]);
    expect((await t.app.workflow.history(tenant, 1))[0]).toMatchObject({ action: 'disconnected', actor: ada });
    expect(await t.app.workflow.disconnect(tenant, ada)).toEqual({ wasAuthenticated: false, revokedAtAco: false });
    expect(events).toHaveLength(1);
    expect((await t.app.workflow.history(tenant, 10)).filter((e) => e.action === 'disconnected')).toHaveLength(1);
  });

  it('disconnects once when two disconnects race: one revoke, one history line, one announcement', async () => {
    const tenant = freshTenant();
    await authenticate(t, tenant, ada);
    const revokes = t.aco.state().counts.revoke;
    events = [];
    const results = await Promise.all([t.app.workflow.disconnect(tenant, ada), t.app.workflow.disconnect(tenant, bob)]);
    expect(results.map((r) => r.wasAuthenticated).sort()).toEqual([false, true]);
    expect(t.aco.state().counts.revoke - revokes).toBe(1);
    expect(events.filter((e) => e.type === 'disconnected')).toHaveLength(1);
    expect((await t.app.workflow.history(tenant, 10)).filter((e) => e.action === 'disconnected')).toHaveLength(1);
  });

  it('a lost authorization can still be disconnected: the status goes back to Not authenticated', async () => {
    const tenant = freshTenant();
    await t.app.store.authStatus.put(tenant, {
      state: 'revoked',
      at: '2025-01-01T00:00:00.000Z',
      reason: 'Revoked at ACO.',
    });
    events = [];
    expect(await t.app.workflow.disconnect(tenant, ada)).toEqual({ wasAuthenticated: false, revokedAtAco: false });
    expect((await t.app.workflow.authStatus(tenant)).state).toBe('not_authenticated');
    expect(events).toEqual([{ type: 'disconnected', tenant, actor: ada }]);
    expect((await t.app.workflow.history(tenant, 1))[0]?.summary).toBe('Disconnect requested; ACO was not connected');
  });

  it('history lists who did what, newest first, with the changes', async () => {
    const tenant = freshTenant();
    await authenticate(t, tenant, ada);
    await t.app.workflow.confirmDraft(tenant, ada, await savedDraft(tenant));
    await t.app.workflow.confirmDraft(tenant, bob, await savedDraft(tenant, 'c.example.com:5060'));
    const h = await t.app.workflow.history(tenant, 10);
    expect(h.map((e) => [e.action, e.actor?.name, e.version])).toEqual([
      ['settings.saved', 'Bob', 2],
      ['settings.saved', 'Ada', 1],
      ['auth.succeeded', 'Ada', undefined],
    ]);
    expect(h[0]!.changes).toEqual([
      {
        field: 'outboundProxy',
        label: 'Outbound Proxy',
        before: 'sip10.ringcentral.com:5090',
        after: 'c.example.com:5060',
      },
    ]);
  });

  it('refuses to mint a consent link when ACO is not configured', async () => {
    const bare = await startTestApp({ aco: t.aco, env: { ACO_CLIENT_ID: '', ACO_CLIENT_SECRET: '' } });
    try {
      await expect(bare.app.workflow.beginAuthentication('slack:TX', ada)).rejects.toThrow(WorkflowError);
    } finally {
      await bare.close();
    }
  });
});
