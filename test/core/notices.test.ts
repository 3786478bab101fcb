import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../src/core/events.js';
import { headline } from '../../src/core/format.js';
import { noticeView } from '../../src/core/notices.js';
import { diffSettings, type PlatformSettings } from '../../src/core/settings.js';
import { noticeMessage } from '../../src/slack/blocks/notices.js';
import { noticeCard } from '../../src/teams/cards/notice-card.js';

const before: PlatformSettings = {
  sipDomain: { host: 'sip.ringcentral.com', port: 5090 },
  outboundProxy: { host: 'sip10.ringcentral.com', port: 5090 },
  recording: false,
};
const after: PlatformSettings = { ...before, outboundProxy: { host: 'sip20.ringcentral.com', port: 5090 } };
const ada = { platform: 'slack', id: 'U0ADA', name: 'Ada Lovelace' };
const grace = { platform: 'teams', id: 'aad-1', name: 'Grace Hopper' };
const record = { settings: after, version: 4, savedBy: ada, savedAt: '2025-02-01T10:00:30.000Z' };
const tenant = 'slack:T1';

const EVENTS: CoreEvent[] = [
  { type: 'settings.saved', tenant, actor: ada, record, changes: diffSettings(before, after), draftId: 'd' },
  { type: 'auth.succeeded', tenant, actor: grace, acoUser: { id: '7', name: 'Alice Admin', extensionNumber: '101' } },
  { type: 'auth.failed', tenant, actor: ada, reason: 'not_admin', message: 'An ACO Super Admin is needed.' },
  {
    type: 'auth.lost',
    tenant,
    status: { state: 'revoked', at: '2025-01-01T00:00:00.000Z', reason: 'Revoked at ACO.' },
    message: 'ACO refused the refresh token.',
  },
  {
    type: 'auth.expiring',
    tenant,
    refreshTokenExpiresAt: '2030-01-02T03:04:59.000Z',
    message: 'Refreshes keep failing.',
  },
  { type: 'disconnected', tenant, actor: grace },
  {
    type: 'delivery.dropped',
    tenant,
    deliveryId: 'd-7f3a',
    message: 'Delivery d-7f3a was refused with HTTP 400 and dropped.',
  },
];
const byType = <T extends CoreEvent['type']>(type: T) =>
  EVENTS.find((e) => e.type === type) as Extract<CoreEvent, { type: T }>;

describe('noticeView', () => {
  it('headlines, tone, Re-authenticate and who must hear it without an admin channel', () => {
    const summary = EVENTS.map((e) => {
      const v = noticeView(e);
      return [e.type, headline(v), v.tone, v.reauthenticate, v.unattended];
    });
    expect(summary).toEqual([
      ['settings.saved', 'ACO Platform Settings saved — version 4 by Ada Lovelace', 'good', false, false],
      ['auth.succeeded', 'ACO authenticated as Alice Admin (ext 101) by Grace Hopper', 'good', false, false],
      ['auth.failed', 'Failed ACO sign-in by Ada Lovelace', 'attention', true, false],
      ['auth.lost', 'ACO authorization lost', 'attention', true, true],
      ['auth.expiring', 'ACO authorization lapses at 2030-01-02 03:04 UTC', 'warning', true, true],
      ['disconnected', 'ACO disconnected by Grace Hopper', 'warning', true, false],
      ['delivery.dropped', 'The CCaaS refused a webhook delivery', 'attention', false, true],
    ]);
  });

  it('keeps the actor apart from the title, so each chat can name them its own way', () => {
    const v = noticeView(byType('disconnected'));
    expect(v.title).toBe('ACO disconnected');
    expect(v.actor).toEqual(grace);
    expect(headline(v, (a) => `<@${a.id}>`)).toBe('ACO disconnected by <@aad-1>');
    const anonymous = noticeView({ type: 'auth.failed', tenant, reason: 'denied', message: 'Denied.' });
    expect(anonymous.actor).toBeUndefined();
    expect(headline(anonymous, () => 'never')).toBe('Failed ACO sign-in');
  });

  it('a save lists only the fields that changed, and says so when none did', () => {
    const saved = noticeView(byType('settings.saved'));
    expect(saved.changes?.map((c) => [c.label, c.before, c.after])).toEqual([
      ['Outbound Proxy', 'sip10.ringcentral.com:5090', 'sip20.ringcentral.com:5090'],
    ]);
    expect(saved.lines).toEqual([]);
    expect(saved.details).toEqual(['Saved 2025-02-01 10:00 UTC.']);
    const same = noticeView({ ...byType('settings.saved'), changes: diffSettings(after, after) });
    expect(same.changes).toEqual([]);
    expect(same.lines).toEqual(['No field changed; the same settings were saved again.']);
  });

  it('carries the event’s own words apart from ours, and says where to look for a dropped delivery', () => {
    expect(noticeView(byType('auth.lost'))).toMatchObject({
      message: 'ACO refused the refresh token.',
      lines: ['The integration is stopped until an ACO Super Admin re-authenticates.'],
    });
    expect(noticeView(byType('auth.lost')).details[0]).toMatch(
      /^API Auth Status: Revoked 2025-01-01 00:00 UTC: Revoked at ACO\./,
    );
    const dropped = noticeView(byType('delivery.dropped'));
    expect(dropped.message).toBe('Delivery d-7f3a was refused with HTTP 400 and dropped.');
    expect(dropped.lines[0]).toBe('Delivery d-7f3a will not be retried.');
    expect(dropped.lines[1]).toContain('CCAAS_WEBHOOK_URL');
    expect(dropped.lines[1]).toContain('GET /api/v1/platform-settings');
  });

  it('is plain data', () => {
    for (const e of EVENTS) {
      const v = noticeView(e);
      expect(JSON.parse(JSON.stringify(v))).toEqual(v);
    }
  });
});

describe('Slack and Teams say the same thing', () => {
  it.each(EVENTS.map((e) => [e.type, e] as const))('%s', (_type, event) => {
    const view = noticeView(event);
    const slack = noticeMessage(view);
    const teams = noticeCard(view);
    const slackShown = JSON.stringify(slack.blocks);
    const teamsShown = JSON.stringify(teams);
    // Slack names its own users by mention, anyone else by name; Teams always by name.
    const slackName = view.actor ? (view.actor.platform === 'slack' ? `<@${view.actor.id}>` : view.actor.name) : '';
    expect(slack.text.startsWith(headline(view, () => slackName))).toBe(true);
    expect(teams.body[0]!.text).toBe(headline(view));
    expect(teams.body[0]!.color).toBe(view.tone);
    for (const words of [view.message, ...view.lines, ...view.details].filter((w): w is string => !!w)) {
      expect(slackShown).toContain(JSON.stringify(words).slice(1, -1));
      expect(teamsShown).toContain(JSON.stringify(words).slice(1, -1));
    }
    for (const c of view.changes ?? []) {
      expect(slackShown).toContain(c.label);
      expect(teamsShown).toContain(c.label);
    }
    const slackButton = slackShown.includes('aco_reauthenticate');
    const teamsButton = teamsShown.includes('acoReauthenticate');
    expect([slackButton, teamsButton]).toEqual([view.reauthenticate, view.reauthenticate]);
  });
});
