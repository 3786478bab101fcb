import { describe, expect, it } from 'vitest';
import { headline } from '../../src/core/format.js';
import {
  cancelOutcomeView,
  confirmOutcomeView,
  disconnectOutcomeView,
  disconnectPromptView,
  keptConnectedView,
  type OutcomeView,
} from '../../src/core/outcomes.js';
import { diffSettings, type PlatformSettings } from '../../src/core/settings.js';
import type { AuthView } from '../../src/core/views.js';
import { outcomeMessage } from '../../src/slack/blocks/outcome.js';
import { outcomeCard } from '../../src/teams/cards/outcome-card.js';

const before: PlatformSettings = {
  sipDomain: { host: 'sip.ringcentral.com', port: 5090 },
  outboundProxy: { host: 'sip10.ringcentral.com', port: 5090 },
  recording: false,
};
const after: PlatformSettings = { ...before, recording: true };
const ada = { platform: 'slack', id: 'U0ADA', name: 'Ada Lovelace' };
const grace = { platform: 'teams', id: 'aad-1', name: 'Grace Hopper' };
const record = { settings: after, version: 3, savedBy: ada, savedAt: '2025-02-01T10:00:00.000Z' };
const notAuthed: AuthView = {
  status: { state: 'not_authenticated' },
  text: 'Not authenticated',
  details: [],
  authenticated: false,
};

const VIEWS: OutcomeView[] = [
  confirmOutcomeView({ outcome: 'saved', record, changes: diffSettings(before, after), replay: false }),
  confirmOutcomeView({ outcome: 'stale', currentVersion: 4, savedBy: grace, draftId: 'd-1' }),
  confirmOutcomeView({ outcome: 'not_authenticated', auth: notAuthed, draftId: 'd-2' }),
  confirmOutcomeView({ outcome: 'cancelled' }),
  confirmOutcomeView({ outcome: 'expired' }),
  confirmOutcomeView({ outcome: 'not_found' }),
  cancelOutcomeView({ outcome: 'cancelled', replay: false }),
  cancelOutcomeView({ outcome: 'already_saved', version: 3 }),
  cancelOutcomeView({ outcome: 'not_found' }),
  disconnectPromptView(notAuthed),
  disconnectOutcomeView({ wasAuthenticated: true, revokedAtAco: true }),
  disconnectOutcomeView({ wasAuthenticated: true, revokedAtAco: false }),
  disconnectOutcomeView({ wasAuthenticated: false, revokedAtAco: false }),
  keptConnectedView(),
];

describe('outcome views', () => {
  it('headlines and next steps', () => {
    expect(VIEWS.map((v) => [headline(v), v.next ?? null])).toEqual([
      ['Saved — version 3 by Ada Lovelace', null],
      ['Not saved: version 4 was saved meanwhile by Grace Hopper', 'reopen'],
      ['Not saved: ACO is not authenticated', 'reauthenticate'],
      ['Discarded', null],
      ['This change expired', 'reopen'],
      ['This change is no longer available', 'reopen'],
      ['Discarded', null],
      ['Already saved as version 3', 'reopen'],
      ['This change is no longer available', 'reopen'],
      ['Disconnect from Avaya Cloud Office?', null],
      ['Disconnected from Avaya Cloud Office', null],
      ['Disconnected from Avaya Cloud Office', null],
      ['Nothing to disconnect', null],
      ['Kept connected', null],
    ]);
  });

  it('a save shows only the changed fields and when; a stale OK without a known saver names nobody', () => {
    expect(VIEWS[0]!.changes?.map((c) => c.label)).toEqual(['Enable Recording']);
    expect(VIEWS[0]!.details).toEqual(['Saved 2025-02-01 10:00 UTC.']);
    expect(headline(confirmOutcomeView({ outcome: 'stale', currentVersion: 2, draftId: 'd' }))).toBe(
      'Not saved: version 2 was saved meanwhile',
    );
  });

  it('Re-authenticate comes back to the change it interrupted', () => {
    expect(VIEWS[2]).toMatchObject({
      draftId: 'd-2',
      lines: ['API Auth Status: Not authenticated', expect.any(String)],
    });
  });

  it('says whether ACO could revoke', () => {
    expect(VIEWS[10]!.lines[0]).toContain('revoked at ACO');
    expect(VIEWS[11]!.lines[0]).toContain('could not be reached');
  });
});

describe('Slack and Teams show the same outcome words', () => {
  it.each(VIEWS.map((v, i) => [i, v.kind, v] as const))('%i %s', (_i, _kind, view) => {
    const slack = outcomeMessage(view);
    const teams = outcomeCard(view);
    expect(teams.body[0]!.text).toBe(headline(view));
    expect(slack.text).toBe(headline(view, (a) => (a.platform === 'slack' ? `<@${a.id}>` : a.name)));
    for (const words of [...view.lines, ...view.details]) {
      expect(JSON.stringify(slack.blocks)).toContain(JSON.stringify(words).slice(1, -1));
      expect(JSON.stringify(teams)).toContain(JSON.stringify(words).slice(1, -1));
    }
    const slackNext = JSON.stringify(slack.blocks).match(/aco_reopen_form|aco_reauthenticate/g) ?? [];
    const teamsNext = JSON.stringify(teams).match(/acoOpenSettings|acoReauthenticate/g) ?? [];
    expect(slackNext.length > 0).toBe(view.next !== undefined);
    expect(teamsNext.length > 0).toBe(view.next !== undefined);
  });
});
