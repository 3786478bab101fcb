import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_ACO_ADMIN, FAKE_ACO_NON_ADMIN } from '../support/fakes/aco-server.js';
import { startCcaasReceiver, type CcaasReceiver } from '../support/fakes/ccaas-receiver.js';
import { approveConsent } from '../support/app/start-app.js';
import {
  actionsOf,
  ADMIN,
  cardOf,
  cardTitle,
  CHANNEL_ID,
  consentUrlOf,
  conversationFor,
  draftIdOf,
  isCard,
  OTHER_ADMIN,
  OUTSIDER,
  postActivity,
  SETTINGS_INPUT,
  startTeamsHarness,
  submitActivity,
  submitToConfirm,
  submitValue,
  TENANT,
  type TeamsHarness,
} from '../support/teams/teams-client.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const PERSONAL = conversationFor('personal', ADMIN).id;

async function withAdminChannel(h: TeamsHarness) {
  const res = await h.message('admin-channel', { where: 'channel' });
  expect(res.status).toBe(200);
}

const savedNotices = (h: TeamsHarness) => h.bc.calls.filter(isCard(/^ACO Platform Settings saved/, CHANNEL_ID));

describe('Teams invokes and commands', () => {
  let h: TeamsHarness;
  afterEach(async () => h?.close());

  it('refuses non-admins on every message, fetch, submit and card action, changing nothing', async () => {
    h = await startTeamsHarness();
    const confirm = await submitToConfirm(h);
    const draftId = draftIdOf(confirm);
    const from = h.bc.calls.length;
    const auditBefore = await h.t.app.workflow.history(TENANT, 50);

    await h.message('aco-connect', { user: OUTSIDER });
    const [refusal] = h.callsSince(from);
    expect(refusal!.body.text).toContain('TEAMS_ADMIN_USERS');
    expect(refusal!.body.text).toContain(OUTSIDER.aadObjectId);
    expect(refusal!.body.attachments).toBeUndefined();

    const fetched = await h.invoke('task/fetch', { data: { msteams: { type: 'task/fetch' } } }, { user: OUTSIDER });
    expect(fetched.status).toBe(200);
    expect(fetched.body.task).toMatchObject({ type: 'message' });
    expect(fetched.body.task.value).toContain('TEAMS_ADMIN_USERS');

    const submitted = await h.invoke(
      'task/submit',
      submitValue({ ...SETTINGS_INPUT, sip_domain: 'evil.example.com:5060' }),
      { user: OUTSIDER },
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.task).toMatchObject({ type: 'message' });

    const clicked = await h.execute('acoConfirmOk', { draftId }, { user: OUTSIDER, replyToId: confirm.responseId });
    expect(clicked.status).toBe(200);
    expect(clicked.body).toMatchObject({ statusCode: 200, type: MESSAGE });
    expect(clicked.body.value).toContain('TEAMS_ADMIN_USERS');

    const fallback = await postActivity(
      h.url,
      submitActivity(
        h.bc.url,
        { verb: 'acoConfirmCancel', draftId },
        { user: OUTSIDER, replyToId: confirm.responseId! },
      ),
    );
    expect(fallback.status).toBe(200);

    // Only the refusal texts went out; nothing was saved, cancelled or updated.
    expect(
      h
        .callsSince(from)
        .every(
          (c) => c.kind !== 'update' && typeof c.body.text === 'string' && c.body.text.includes('TEAMS_ADMIN_USERS'),
        ),
    ).toBe(true);
    expect((await h.t.app.workflow.status(TENANT)).current).toBeNull();
    expect(await h.t.app.workflow.history(TENANT, 50)).toEqual(auditBefore);

    // The draft is untouched: a listed admin can still confirm it.
    const ok = await h.execute('acoConfirmOk', { draftId }, { user: OTHER_ADMIN, replyToId: confirm.responseId });
    expect(ok.body.value.body[0].text).toBe('Saved — version 1 by Grace Hopper');
  });

  it('a double click saves once; a confirm of an outdated draft is refused as stale with a way back to the form', async () => {
    h = await startTeamsHarness();
    await withAdminChannel(h);
    const first = await submitToConfirm(h);
    const second = await submitToConfirm(h, { ...SETTINGS_INPUT, outbound_proxy: 'sip20.ringcentral.com:5090' });
    expect(draftIdOf(first)).not.toBe(draftIdOf(second));

    const click = () => h.execute('acoConfirmOk', { draftId: draftIdOf(second) }, { replyToId: second.responseId });
    const [a, b] = await Promise.all([click(), click()]);
    for (const r of [a, b]) {
      expect(r.status).toBe(200);
      expect(r.body.type).toBe(CARD);
      expect(r.body.value.body[0].text).toBe('Saved — version 1 by Ada Lovelace');
    }

    const stale = await h.execute('acoConfirmOk', { draftId: draftIdOf(first) }, { replyToId: first.responseId });
    expect(stale.status).toBe(200);
    expect(stale.body.value.body[0].text).toBe('Not saved: version 1 was saved meanwhile by Ada Lovelace');
    const reopen = actionsOf(stale.body.value).find((x) => x.type === 'Action.Submit');
    expect(reopen.data.msteams).toEqual({ type: 'task/fetch' });
    // The reopened dialog starts from the saved values.
    const dialog = await h.invoke('task/fetch', { data: reopen.data }, { replyToId: first.responseId });
    const form = dialog.body.task.value.card.content;
    expect(form.body.find((e: { id?: string }) => e.id === 'outbound_proxy').value).toBe('sip20.ringcentral.com:5090');

    const status = await h.t.app.workflow.status(TENANT);
    expect(status.current?.version).toBe(1);
    const audit = await h.t.app.workflow.history(TENANT, 50);
    expect(audit.filter((e) => e.action === 'settings.saved')).toHaveLength(1);

    await h.t.app.close(); // lets background notices finish before counting them
    expect(savedNotices(h)).toHaveLength(1);
  });

  it('Cancel discards; OK after Cancel stays discarded; the Action.Submit fallback works like the invoke', async () => {
    h = await startTeamsHarness();
    const first = await submitToConfirm(h);
    const cancelled = await h.execute(
      'acoConfirmCancel',
      { draftId: draftIdOf(first) },
      { replyToId: first.responseId },
    );
    expect(cancelled.body.value.body[0].text).toBe('Discarded');
    const late = await h.execute('acoConfirmOk', { draftId: draftIdOf(first) }, { replyToId: first.responseId });
    expect(late.body.value.body[0].text).toBe('Discarded');
    expect((await h.t.app.workflow.status(TENANT)).current).toBeNull();

    // A client without Action.Execute sends the fallback's data as a message value.
    const second = await submitToConfirm(h);
    const from = h.bc.calls.length;
    const res = await postActivity(
      h.url,
      submitActivity(h.bc.url, { verb: 'acoConfirmOk', draftId: draftIdOf(second) }, { replyToId: second.responseId! }),
    );
    expect(res.status).toBe(200);
    const [update] = h.callsSince(from);
    expect(update).toMatchObject({ kind: 'update', activityId: second.responseId, conversationId: PERSONAL });
    expect(cardTitle(update!)).toBe('Saved — version 1 by Ada Lovelace');
  });

  it('answers malformed card actions with 400 and an error body', async () => {
    h = await startTeamsHarness();
    const unknown = await h.execute('acoLaunchMissiles', {});
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    const noDraft = await h.execute('acoConfirmOk', {});
    expect(noDraft.status).toBe(400);
    expect(noDraft.body.value.message).toMatch(/names no change/);
    const gone = await h.execute('acoConfirmOk', { draftId: '00000000-0000-4000-8000-000000000000' });
    expect(gone.status).toBe(200);
    expect(gone.body.value.body[0].text).toBe('This change is no longer available');
    const notExecute = await h.invoke('adaptiveCard/action', {
      action: { type: 'Action.Submit', verb: 'acoConfirmOk' },
    });
    expect(notExecute.status).toBe(400);
  });

  it('disconnect asks first, then revokes at ACO and tells the admin channel', async () => {
    h = await startTeamsHarness();
    await withAdminChannel(h);
    const confirm = await submitToConfirm(h);
    await h.execute('acoConfirmOk', { draftId: draftIdOf(confirm) }, { replyToId: confirm.responseId });

    let from = h.bc.calls.length;
    await h.message('aco-connect disconnect');
    const ask = h.callsSince(from).find((c) => c.conversationId === PERSONAL);
    expect(cardTitle(ask!)).toBe('Disconnect from Avaya Cloud Office?');
    expect(h.t.aco.state().counts.revoke).toBe(0);

    const keep = await h.execute('acoDisconnectCancel', {}, { replyToId: ask!.responseId });
    expect(keep.body.value.body[0].text).toBe('Kept connected');
    expect((await h.t.app.workflow.authView(TENANT)).authenticated).toBe(true);

    from = h.bc.calls.length;
    const done = await h.execute('acoDisconnectConfirm', {}, { replyToId: ask!.responseId });
    expect(done.status).toBe(200);
    expect(done.body.value.body[0].text).toBe('Disconnected from Avaya Cloud Office');
    expect(h.t.aco.state().counts.revoke).toBe(1);
    expect((await h.t.app.workflow.authView(TENANT)).authenticated).toBe(false);
    const notice = await h.waitFor(isCard('ACO disconnected by Ada Lovelace', CHANNEL_ID));
    expect(actionsOf(cardOf(notice)).map((x) => x.verb)).toEqual(['acoReauthenticate']);
  });

  it('a double click on Disconnect disconnects once: one revoke, one history line, one notice', async () => {
    h = await startTeamsHarness();
    await withAdminChannel(h);
    await submitToConfirm(h);
    const from = h.bc.calls.length;
    await h.message('aco-connect disconnect');
    const ask = h.callsSince(from).find((c) => c.conversationId === PERSONAL);

    const clicks = await Promise.all([
      h.execute('acoDisconnectConfirm', {}, { replyToId: ask!.responseId }),
      h.execute('acoDisconnectConfirm', {}, { replyToId: ask!.responseId }),
    ]);
    expect(clicks.map((r) => r.status)).toEqual([200, 200]);
    expect(clicks.map((r) => r.body.value.body[0].text).sort()).toEqual([
      'Disconnected from Avaya Cloud Office',
      'Nothing to disconnect',
    ]);
    expect(h.t.aco.state().counts.revoke).toBe(1);
    const history = await h.t.app.workflow.history(TENANT, 50);
    expect(history.filter((e) => e.action === 'disconnected')).toHaveLength(1);
    await h.waitFor(isCard('ACO disconnected by Ada Lovelace', CHANNEL_ID));
    await h.t.app.close(); // notices still being posted finish first
    expect(h.bc.calls.filter(isCard(/^ACO disconnected/))).toHaveLength(1);
  });

  it('status, help, history and unknown words, in group chats and channels with the bot @mentioned', async () => {
    h = await startTeamsHarness();
    const confirm = await submitToConfirm(h);
    await h.execute('acoConfirmOk', { draftId: draftIdOf(confirm) }, { replyToId: confirm.responseId });

    const cases: [string, 'groupChat' | 'channel' | 'personal', string][] = [
      ['history', 'groupChat', 'aco-connect history'],
      ['help', 'channel', 'aco-connect'],
      ['frobnicate', 'personal', 'aco-connect'],
      ['aco-connect status', 'groupChat', 'ACO Platform Settings'],
    ];
    for (const [text, where, title] of cases) {
      const from = h.bc.calls.length;
      expect((await h.message(text, { where })).status).toBe(200);
      const [reply] = h.callsSince(from);
      expect(reply!.conversationId).toBe(conversationFor(where, ADMIN).id);
      expect(cardTitle(reply!)).toBe(title);
    }
    const history = JSON.stringify(h.bc.calls.find(isCard('aco-connect history'))!.body);
    expect(history).toContain('Saved version 1');
    expect(history).toContain('Authenticated as Alice Admin');
    expect(JSON.stringify(h.bc.calls.filter(isCard('aco-connect')).at(-1)!.body)).toContain(
      '\\"frobnicate\\" is not an aco-connect command',
    );
  });

  it('admin-channel outside a team channel is explained, not stored', async () => {
    h = await startTeamsHarness();
    for (const where of ['personal', 'groupChat'] as const) {
      const from = h.bc.calls.length;
      await h.message('aco-connect admin-channel', { where });
      expect(h.callsSince(from)[0]!.body.text).toMatch(/inside a team channel/);
    }
    expect(await h.t.app.store.conversations.get(TENANT, 'teams.admin-channel')).toBeUndefined();
  });

  it('a failed sign-in updates the Authenticate card; Try again keeps the change and ends in Confirm Changes', async () => {
    h = await startTeamsHarness();
    await withAdminChannel(h);
    h.t.aco.signInAs(FAKE_ACO_NON_ADMIN);
    let from = h.bc.calls.length;
    await h.invoke('task/submit', submitValue(SETTINGS_INPUT));
    const [authCard] = h.callsSince(from);
    const refused = await fetch(await approveConsent(consentUrlOf(authCard!)));
    expect(refused.status).toBe(400);

    const failed = await h.waitFor((c) => c.kind === 'update' && c.activityId === authCard!.responseId);
    expect(cardTitle(failed)).toBe('ACO sign-in failed');
    expect(JSON.stringify(cardOf(failed))).toContain('Bob User');
    const tryAgain = actionsOf(cardOf(failed)).find((x) => x.verb === 'acoReauthenticate');
    expect(tryAgain.data.draftId).toBeTruthy();
    await h.waitFor(isCard('Failed ACO sign-in by Ada Lovelace', CHANNEL_ID));

    // Try again: the invoke answers with a fresh consent link, for the clicker only (no update for everyone).
    from = h.bc.calls.length;
    const again = await h.execute('acoReauthenticate', tryAgain.data, { replyToId: authCard!.responseId });
    expect(again.status).toBe(200);
    expect(again.body.value.body[0].text).toBe('Authenticate with Avaya Cloud Office');
    expect(h.callsSince(from)).toEqual([]);
    const link = actionsOf(again.body.value).find((x) => x.type === 'Action.OpenUrl').url;
    expect(link).not.toBe(consentUrlOf(authCard!));

    h.t.aco.signInAs(FAKE_ACO_ADMIN);
    expect((await fetch(await approveConsent(link))).status).toBe(200);
    const done = await h.waitFor(
      (c) => h.bc.calls.indexOf(c) >= from && c.kind === 'update' && c.activityId === authCard!.responseId,
    );
    expect(cardTitle(done)).toBe('Authenticated as Alice Admin (ext 101)');
    const confirm = await h.waitFor(isCard('Confirm Changes', PERSONAL));
    expect(draftIdOf(confirm)).toBe(tryAgain.data.draftId);
  });

  it('lost authorization: a notice with Re-authenticate, which leads back to Authenticated on that notice', async () => {
    h = await startTeamsHarness();
    // No admin channel yet: news nobody watches a card for goes to where the admin last used the bot.
    await submitToConfirm(h);
    await h.t.app.events.emit({
      type: 'auth.lost',
      tenant: TENANT,
      status: { state: 'revoked', at: new Date().toISOString(), reason: 'Revoked at ACO.' },
      message: 'ACO refused the refresh token.',
    });
    const fallback = await h.waitFor(isCard('ACO authorization lost', PERSONAL));
    expect(fallback.status).toBe(201);

    await withAdminChannel(h);
    await h.t.app.events.emit({
      type: 'auth.expiring',
      tenant: TENANT,
      refreshTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
      message: 'Refreshes keep failing.',
    });
    const expiring = await h.waitFor(isCard(/^ACO authorization lapses at \d{4}-\d\d-\d\d \d\d:\d\d UTC$/, CHANNEL_ID));
    const reauth = actionsOf(cardOf(expiring)).find((x) => x.verb === 'acoReauthenticate');

    const fromNotice = { where: 'channel' as const, threadRoot: expiring.responseId, replyToId: expiring.responseId };
    const res = await h.execute('acoReauthenticate', reauth.data, fromNotice);
    expect(res.body.value.body[0].text).toBe('Authenticate with Avaya Cloud Office');
    const link = actionsOf(res.body.value).find((x) => x.type === 'Action.OpenUrl').url;
    expect((await fetch(await approveConsent(link))).status).toBe(200);
    const updated = await h.waitFor((c) => c.kind === 'update' && c.activityId === expiring.responseId);
    expect(cardTitle(updated)).toBe('Authenticated as Alice Admin (ext 101)');
    expect(updated.conversationId).toBe(`${CHANNEL_ID};messageid=${expiring.responseId}`);
  });

  it('without ACO credentials, a valid Save says so in the dialog instead of posting a dead Authenticate card', async () => {
    h = await startTeamsHarness({ env: { ACO_CLIENT_ID: '', ACO_CLIENT_SECRET: '' } });
    const from = h.bc.calls.length;
    const res = await h.invoke('task/submit', submitValue(SETTINGS_INPUT));
    expect(res.status).toBe(200);
    expect(res.body.task.type).toBe('message');
    expect(res.body.task.value).toMatch(/ACO_CLIENT_ID and ACO_CLIENT_SECRET/);
    expect(h.callsSince(from)).toEqual([]);
  });

  it('ignores core events of other platforms', async () => {
    h = await startTeamsHarness();
    await withAdminChannel(h);
    const from = h.bc.calls.length;
    await h.t.app.events.emit({
      type: 'disconnected',
      tenant: 'slack:T0123',
      actor: { platform: 'slack', id: 'U1', name: 'S' },
    });
    await h.t.app.events.emit({
      type: 'disconnected',
      tenant: TENANT,
      actor: { platform: 'teams', id: ADMIN.aadObjectId, name: ADMIN.name },
    });
    await h.waitFor(isCard(/^ACO disconnected/, CHANNEL_ID));
    await h.t.app.close();
    expect(h.callsSince(from)).toHaveLength(1);
  });
});

describe('Teams admin channel: a CCaaS webhook delivery refused for good, through the real deliverer', () => {
  const WEBHOOK_SECRET = 'whsec-teams-test-0123456789abcdef';
  let h: TeamsHarness | undefined;
  let receiver: CcaasReceiver;
  afterEach(async () => {
    await h?.close();
    await receiver?.close();
    h = undefined;
  });

  it('posts one notice card with the delivery id and the refusal, and none for the versions delivered after it', async () => {
    // The receiver checks signature times against the app's clock (the fake ACO's).
    receiver = await startCcaasReceiver({ secret: WEBHOOK_SECRET, now: () => (h ? h.t.aco.clock.now() : Date.now()) });
    h = await startTeamsHarness({ env: { CCAAS_WEBHOOK_URL: receiver.url, CCAAS_WEBHOOK_SECRET: WEBHOOK_SECRET } });
    await withAdminChannel(h);
    let refusedOnce = false;
    receiver.behave((d) => {
      if (d.event !== 'platform_settings.confirmed' || refusedOnce) return undefined;
      refusedOnce = true;
      return { status: 400 };
    });

    const confirm = await submitToConfirm(h);
    const ok = await h.execute('acoConfirmOk', { draftId: draftIdOf(confirm) }, { replyToId: confirm.responseId });
    expect(ok.body.value.body[0].text).toBe('Saved — version 1 by Ada Lovelace');
    await receiver.waitFor((r) => r.some((d) => d.status === 400), 'the refused delivery');
    const refused = receiver.received.find((d) => d.status === 400)!;
    expect(refused.body).toMatchObject({ type: 'platform_settings.confirmed', tenant: TENANT, data: { version: 1 } });

    const isDropped = isCard('The CCaaS refused a webhook delivery', CHANNEL_ID);
    const notice = await h.waitFor(isDropped);
    expect(notice.kind).not.toBe('update');
    const shown = JSON.stringify(cardOf(notice));
    expect(shown).toContain(`Delivery ${refused.deliveryId} will not be retried.`);
    expect(shown).toContain('refused with HTTP 400');
    expect(shown).toContain('CCAAS_WEBHOOK_URL');
    expect(shown).toContain('GET /api/v1/platform-settings');

    const next = await submitToConfirm(h, { ...SETTINGS_INPUT, outbound_proxy: 'sip20.ringcentral.com:5090' });
    await h.execute('acoConfirmOk', { draftId: draftIdOf(next) }, { replyToId: next.responseId });
    await receiver.waitFor(
      (r) => r.some((d) => d.status === 200 && d.body?.data?.version === 2),
      'version 2 delivered',
    );
    expect(receiver.received.filter((d) => d.deliveryId === refused.deliveryId)).toHaveLength(1);
    await h.t.app.close(); // lets background notices finish before counting them
    expect(h.bc.calls.filter(isDropped)).toHaveLength(1);
    expect(h.t.logs.join('\n') + JSON.stringify(h.bc.calls)).not.toContain(WEBHOOK_SECRET);
  });
});
