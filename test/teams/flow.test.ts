import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_ACO_CLIENT_SECRET } from '../support/fakes/aco-server.js';
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
  SETTINGS_INPUT,
  startTeamsHarness,
  submitValue,
  TENANT,
  type TeamsHarness,
} from '../support/teams/teams-client.js';

const PERSONAL = conversationFor('personal', ADMIN).id;

describe('Teams: the whole flow over HTTP, from aco-connect to a saved version and the admin-channel notice', () => {
  let h: TeamsHarness;
  afterEach(async () => h?.close());

  it('admin channel, status, dialog, errors, Authenticate, OAuth callback, Confirm Changes, OK', async () => {
    h = await startTeamsHarness();

    // 1. The admin channel: run inside a team channel with the bot @mentioned.
    let from = h.bc.calls.length;
    const set = await h.message('aco-connect admin-channel', { where: 'channel' });
    expect(set.status).toBe(200);
    const [ack] = h.callsSince(from);
    expect(ack!.body.text).toContain('admin channel');
    expect(ack!.conversationId).toBe(`${CHANNEL_ID};messageid=1700000000001`);
    // Notices start a new thread: the stored reference is the channel itself.
    expect(await h.t.app.store.conversations.get(TENANT, 'teams.admin-channel')).toMatchObject({
      conversation: { id: CHANNEL_ID },
      serviceUrl: h.bc.url,
    });

    // 2. `aco-connect` in personal chat: the status card with Edit settings.
    from = h.bc.calls.length;
    expect((await h.message('aco-connect')).status).toBe(200);
    const [statusCall] = h.callsSince(from);
    expect(cardTitle(statusCall!)).toBe('ACO Platform Settings');
    expect(JSON.stringify(cardOf(statusCall!))).toContain('Not authenticated');
    const edit = actionsOf(cardOf(statusCall!)).find((a) => a.title === 'Edit settings');
    expect(edit.data.msteams).toEqual({ type: 'task/fetch' });

    // 3. task/fetch: the dialog with the form, API Auth Status shown.
    const fetched = await h.invoke(
      'task/fetch',
      { data: edit.data, context: { theme: 'default' } },
      { replyToId: statusCall!.responseId },
    );
    expect(fetched.status).toBe(200);
    expect(fetched.body.task.type).toBe('continue');
    const form = fetched.body.task.value.card.content;
    expect(form.body.find((e: { id?: string }) => e.id === 'sip_domain')).toMatchObject({
      type: 'Input.Text',
      value: '',
    });
    expect(JSON.stringify(form)).toContain('API Auth Status: Not authenticated');

    // 4. task/submit with mistakes: the form again, typed values kept, each error under its field.
    from = h.bc.calls.length;
    const bad = await h.invoke(
      'task/submit',
      submitValue({
        ...SETTINGS_INPUT,
        sip_domain: 'sip ringcentral com',
        outbound_proxy: 'sip10.ringcentral.com',
        recording: 'yes',
      }),
    );
    expect(bad.status).toBe(200);
    expect(bad.body.task.type).toBe('continue');
    const body = bad.body.task.value.card.content.body as Record<string, unknown>[];
    const sip = body.findIndex((e) => e.id === 'sip_domain');
    expect(body[sip]!.value).toBe('sip ringcentral com');
    expect(body[sip + 1]).toMatchObject({ type: 'TextBlock', color: 'attention' });
    expect(String(body[sip + 1]!.text)).toMatch(/spaces/);
    const proxy = body.findIndex((e) => e.id === 'outbound_proxy');
    expect(body[proxy]!.value).toBe('sip10.ringcentral.com');
    expect(String(body[proxy + 1]!.text)).toMatch(/port/);
    // Recording without the UC Realtime Logging license: the choice is kept, the error sits under it.
    const rec = body.findIndex((e) => e.id === 'recording');
    expect(body[rec]!.value).toBe('yes');
    expect(String(body[rec + 1]!.text)).toMatch(/UC Realtime Logging license/);
    expect(body[rec + 1]!.color).toBe('attention');
    expect(h.callsSince(from)).toEqual([]);

    // 5. A valid submit closes the dialog (empty 200) and posts the Authenticate card.
    from = h.bc.calls.length;
    const ok = await h.invoke(
      'task/submit',
      submitValue({ ...SETTINGS_INPUT, outbound_proxy: 'SIP10.RingCentral.com:5090' }),
    );
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    const [authCall] = h.callsSince(from);
    expect(authCall!.conversationId).toBe(PERSONAL);
    expect(cardTitle(authCall!)).toBe('Authenticate with Avaya Cloud Office');
    const consent = new URL(consentUrlOf(authCall!));
    expect(consent.origin).toBe(h.t.aco.url);
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');

    // 6. The admin signs in at ACO; the callback updates the card in place and Confirm Changes follows.
    const callback = await approveConsent(consent.toString());
    const page = await fetch(callback);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Alice Admin');
    const updated = await h.waitFor((c) => c.kind === 'update' && c.activityId === authCall!.responseId);
    expect(cardTitle(updated)).toBe('Authenticated as Alice Admin (ext 101)');
    expect(updated.conversationId).toBe(PERSONAL);
    const confirmCall = await h.waitFor(isCard('Confirm Changes', PERSONAL));
    const confirmText = JSON.stringify(cardOf(confirmCall));
    expect(confirmText).toContain('none → sip.ringcentral.com:5090');
    expect(confirmText).toContain('none → sip10.ringcentral.com:5090');
    const authNotice = await h.waitFor(isCard(/^ACO authenticated as Alice Admin/, CHANNEL_ID));
    expect(authNotice.kind).not.toBe('update');

    // 7. OK (Action.Execute): the invoke answers with the replaced card; the message is updated for everyone.
    const draftId = draftIdOf(confirmCall);
    from = h.bc.calls.length;
    const saved = await h.execute('acoConfirmOk', { draftId }, { replyToId: confirmCall.responseId });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(saved.body.value.body[0].text).toBe('Saved — version 1 by Ada Lovelace');
    const replaced = h.callsSince(from).find((c) => c.kind === 'update');
    expect(replaced).toMatchObject({ activityId: confirmCall.responseId, conversationId: PERSONAL });
    expect(cardTitle(replaced!)).toBe('Saved — version 1 by Ada Lovelace');

    const status = await h.t.app.workflow.status(TENANT);
    expect(status.current).toMatchObject({
      version: 1,
      savedBy: { platform: 'teams', id: ADMIN.aadObjectId, name: ADMIN.name },
    });
    expect(status.values).toMatchObject({
      sipDomain: 'sip.ringcentral.com:5090',
      outboundProxy: 'sip10.ringcentral.com:5090',
      recording: 'no',
    });

    // 8. The admin channel hears about the save.
    const savedNotice = await h.waitFor(isCard('ACO Platform Settings saved — version 1 by Ada Lovelace', CHANNEL_ID));
    expect(JSON.stringify(cardOf(savedNotice))).toContain('none → sip.ringcentral.com:5090');

    // 9. `status` now shows version 1 and who is authenticated.
    from = h.bc.calls.length;
    await h.message('status');
    const after = JSON.stringify(cardOf(h.callsSince(from)[0]!));
    expect(after).toContain('1, saved by Ada Lovelace');
    expect(after).toContain('Authenticated as Alice Admin (ext 101');

    // No secret in any log line or anything sent to Teams.
    await h.t.app.close();
    const grant = h.t.aco.grants()[0]!;
    const code = new URL(callback).searchParams.get('code')!;
    const leaks = [grant.accessToken, grant.refreshToken, FAKE_ACO_CLIENT_SECRET, code];
    const seen = h.t.logs.join('\n') + JSON.stringify(h.bc.calls);
    for (const secret of leaks) expect(seen).not.toContain(secret);
  });
});
