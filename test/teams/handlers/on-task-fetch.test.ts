import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  draftIdOf,
  OTHER_ADMIN,
  SETTINGS_INPUT,
  startTeamsHarness,
  submitToConfirm,
  TENANT,
  type TeamsHarness,
} from '../../support/teams/teams-client.js';

/* task/fetch (Edit settings): the dialog with the Platform Settings form, prefilled with what is saved. */

const fetchDialog = (h: TeamsHarness, user = ADMIN) =>
  h.invoke('task/fetch', { data: { msteams: { type: 'task/fetch' } }, context: { theme: 'default' } }, { user });

const input = (card: { body: Array<{ id?: string; value?: unknown }> }, id: string) =>
  card.body.find((e) => e.id === id)?.value;

describe('Teams task/fetch', () => {
  let h: TeamsHarness;
  afterEach(async () => h?.close());

  it('opens the form prefilled with the saved version, for any admin', async () => {
    h = await startTeamsHarness();
    const confirm = await submitToConfirm(h);
    const saved = await h.execute('acoConfirmOk', { draftId: draftIdOf(confirm) }, { replyToId: confirm.responseId });
    expect(saved.body.value.body[0].text).toBe('Saved — version 1 by Ada Lovelace');
    expect((await h.t.app.store.settings.get(TENANT))?.version).toBe(1);

    const fetched = await fetchDialog(h, OTHER_ADMIN);
    expect(fetched.status).toBe(200);
    expect(fetched.body.task.type).toBe('continue');
    const form = fetched.body.task.value.card.content;
    expect(input(form, 'sip_domain')).toBe(SETTINGS_INPUT.sip_domain);
    expect(input(form, 'outbound_proxy')).toBe(SETTINGS_INPUT.outbound_proxy);
    expect(input(form, 'recording')).toBe(SETTINGS_INPUT.recording);
    expect(JSON.stringify(form)).toContain('API Auth Status: Authenticated as Alice Admin');
  });

  it('opens an empty form before anything is saved, and reads nothing at ACO', async () => {
    h = await startTeamsHarness();
    const fetched = await fetchDialog(h);
    const form = fetched.body.task.value.card.content;
    expect(input(form, 'sip_domain')).toBe('');
    expect(JSON.stringify(form)).toContain('API Auth Status: Not authenticated');
    // Only the start-up reachability probe (GET /restapi/v1.0, for /readyz) reached ACO.
    expect(h.t.aco.calls.filter((c) => c.path !== '/restapi/v1.0')).toEqual([]);
  });
});
