import { describe, expect, it } from 'vitest';
import { describeAuthDetails, describeAuthStatus, type AuthStatus } from '../../../src/core/auth-status.js';
import { diffSettings, echoFormValues, toFormValues, type PlatformSettings } from '../../../src/core/settings.js';
import type { AuthView, ConfirmView, FormView, StatusView } from '../../../src/core/views.js';
import { authenticateCard, authenticatedCard, authFailedCard } from '../../../src/teams/cards/authenticate-card.js';
import { confirmCard } from '../../../src/teams/cards/confirm-card.js';
import { cancelResultCard, confirmResultCard } from '../../../src/teams/cards/confirm-result-card.js';
import {
  disconnectConfirmCard,
  disconnectResultCard,
  keptConnectedCard,
} from '../../../src/teams/cards/disconnect-card.js';
import { helpCard } from '../../../src/teams/cards/help-card.js';
import { historyCard } from '../../../src/teams/cards/history-card.js';
import { noticeCard } from '../../../src/teams/cards/notice-card.js';
import { noticeView } from '../../../src/core/notices.js';
import { settingsFormCard } from '../../../src/teams/cards/settings-form-card.js';
import { statusCard } from '../../../src/teams/cards/status-card.js';
import { dialogResponse } from '../../../src/teams/cards/task-module.js';
import { CARD_INPUT_IDS } from '../../../src/teams/form-fields.js';
import { VERBS } from '../../../src/teams/verbs.js';
import { assertCardsValid, assertValidAdaptiveCard } from '../../support/teams/adaptive-card-schema.js';

const user = { id: '42', name: 'Ada Admin', extensionNumber: '101' };
const authed: AuthStatus = {
  state: 'authenticated',
  user,
  since: '2025-01-02T03:04:05.000Z',
  lastRefreshAt: '2025-01-03T03:04:05.000Z',
  refreshTokenExpiresAt: '2025-01-10T03:04:05.000Z',
};
const view = (status: AuthStatus): AuthView => ({
  status,
  text: describeAuthStatus(status),
  details: describeAuthDetails(status),
  authenticated: status.state === 'authenticated',
});
const settings: PlatformSettings = {
  sipDomain: { host: 'sip.ringcentral.com', port: 5090 },
  outboundProxy: { host: 'sip10.ringcentral.com', port: 5090 },
  recording: false,
};
const next: PlatformSettings = {
  ...settings,
  outboundProxy: { host: '2001:db8::1', port: 5060 },
  secondaryProxy: { host: 'sip20.ringcentral.com', port: 5090 },
};
const actor = { platform: 'teams', id: 'aad-1', name: 'Grace Hopper' };
const record = { settings: next, version: 3, savedBy: actor, savedAt: '2025-02-01T10:00:00.000Z' };

/** Finds an element or action anywhere in a card. */
function find(card: unknown, pred: (o: Record<string, unknown>) => boolean): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (pred(o)) out.push(o);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}
const textOf = (card: unknown) => JSON.stringify(card);

describe('Teams card builders', () => {
  it('status card: values, API Auth Status, version and Edit settings (task/fetch)', () => {
    const v: StatusView = {
      tenant: 'teams:t',
      current: record,
      values: toFormValues(next),
      auth: view(authed),
      recordingLicensed: false,
      delivery: { lastDeliveredVersion: 2, pending: 1, lastError: 'HTTP 503' },
    };
    const c = statusCard(v);
    assertValidAdaptiveCard(c);
    expect(textOf(c)).toContain('[2001:db8::1]:5060');
    expect(textOf(c)).toContain('Authenticated as Ada Admin (ext 101');
    expect(textOf(c)).toContain('UC Realtime Logging');
    expect(find(c, (o) => o.type === 'Action.Submit')[0]!.data).toEqual({
      msteams: { type: 'task/fetch' },
      verb: VERBS.openSettings,
    });
    assertValidAdaptiveCard(
      statusCard({
        ...v,
        current: null,
        values: toFormValues(undefined),
        auth: view({ state: 'not_authenticated' }),
        delivery: undefined,
      }),
    );
  });

  it('settings form: prefilled inputs keyed by the card ids, errors right under their field, kept values', () => {
    const form: FormView = {
      tenant: 'teams:t',
      values: echoFormValues({ sipDomain: 'bad host', outboundProxy: 'sip10.ringcentral.com:5090', recording: 'yes' }),
      errors: {
        sipDomain: 'The SIP Domain cannot contain spaces.',
        recording: 'Recording needs the UC Realtime Logging license.',
      },
      auth: view({ state: 'not_authenticated' }),
      recordingLicensed: false,
      version: null,
    };
    const c = settingsFormCard(form);
    assertValidAdaptiveCard(c);
    const ids = find(c, (o) => typeof o.type === 'string' && (o.type as string).startsWith('Input.')).map((o) => o.id);
    expect(ids).toEqual(Object.values(CARD_INPUT_IDS));
    const body = c.body;
    const sipIdx = body.findIndex((e) => e.id === CARD_INPUT_IDS.sipDomain);
    expect(body[sipIdx]!.value).toBe('bad host');
    expect(body[sipIdx + 1]).toMatchObject({
      type: 'TextBlock',
      text: 'The SIP Domain cannot contain spaces.',
      color: 'attention',
    });
    const recIdx = body.findIndex((e) => e.id === CARD_INPUT_IDS.recording);
    expect(body[recIdx]!.value).toBe('yes');
    expect(body[recIdx + 1]).toMatchObject({ color: 'attention' });
    expect(textOf(c)).toContain('Not authenticated');
    expect(textOf(c)).toContain('Fix the 2 fields');
    assertCardsValid(dialogResponse(c));
  });

  it('confirm card: old → new per field, Action.Execute verbs with Action.Submit fallbacks', () => {
    const changes = diffSettings(settings, next);
    const v: ConfirmView = {
      tenant: 'teams:t',
      draftId: 'd-1',
      baseVersion: 2,
      changes,
      anyChange: true,
      auth: view(authed),
      requestedBy: actor,
    };
    const c = confirmCard(v);
    assertValidAdaptiveCard(c);
    expect(textOf(c)).toContain('sip10.ringcentral.com:5090 → [2001:db8::1]:5060');
    expect(textOf(c)).toContain('none → sip20.ringcentral.com:5090');
    expect(textOf(c)).toContain('version 3');
    const execs = find(c, (o) => o.type === 'Action.Execute');
    expect(execs.map((a) => [a.verb, a.data])).toEqual([
      [VERBS.confirmOk, { draftId: 'd-1' }],
      [VERBS.confirmCancel, { draftId: 'd-1' }],
    ]);
    for (const a of execs)
      expect(a.fallback).toMatchObject({ type: 'Action.Submit', data: { verb: a.verb, draftId: 'd-1' } });
    assertValidAdaptiveCard(confirmCard({ ...v, changes: diffSettings(next, next), anyChange: false }));
  });

  it('result cards: saved, discarded, stale, expired, not authenticated, gone', () => {
    const saved = confirmResultCard({ outcome: 'saved', record, changes: diffSettings(settings, next), replay: false });
    expect(saved.body[0]!.text).toBe('Saved — version 3 by Grace Hopper');
    const all = [
      saved,
      confirmResultCard({ outcome: 'saved', record, changes: [], replay: true }),
      confirmResultCard({ outcome: 'stale', currentVersion: 4, savedBy: actor, draftId: 'd' }),
      confirmResultCard({ outcome: 'not_authenticated', auth: view({ state: 'not_authenticated' }), draftId: 'd' }),
      confirmResultCard({ outcome: 'cancelled' }),
      confirmResultCard({ outcome: 'expired' }),
      confirmResultCard({ outcome: 'not_found' }),
      cancelResultCard({ outcome: 'cancelled', replay: false }),
      cancelResultCard({ outcome: 'already_saved', version: 3 }),
      cancelResultCard({ outcome: 'not_found' }),
    ];
    all.forEach(assertValidAdaptiveCard);
    const stale = all[2]!;
    expect(stale.body[0]!.text).toBe('Not saved: version 4 was saved meanwhile by Grace Hopper');
    expect(find(stale, (o) => o.type === 'Action.Submit')[0]!.data).toMatchObject({ msteams: { type: 'task/fetch' } });
    expect(all[4]!.body[0]!.text).toBe('Discarded');
  });

  it('authenticate cards: consent link, authenticated, failed with Try again', () => {
    const a = authenticateCard({ url: 'https://platform.ringcentral.com/restapi/oauth/authorize?state=x' });
    assertValidAdaptiveCard(a);
    expect(find(a, (o) => o.type === 'Action.OpenUrl')[0]!.url).toContain('/restapi/oauth/authorize');
    const done = authenticatedCard(user, { confirmFollows: true });
    assertValidAdaptiveCard(done);
    expect(done.body[0]!.text).toBe('Authenticated as Ada Admin (ext 101)');
    const failed = authFailedCard('An ACO Super Admin is needed', 'd-9');
    assertValidAdaptiveCard(failed);
    expect(find(failed, (o) => o.type === 'Action.Execute')[0]).toMatchObject({
      verb: VERBS.reauthenticate,
      data: { draftId: 'd-9' },
    });
  });

  it('help, history, disconnect and notice cards', () => {
    assertValidAdaptiveCard(helpCard());
    assertValidAdaptiveCard(helpCard('frobnicate'));
    assertValidAdaptiveCard(historyCard([]));
    assertValidAdaptiveCard(
      historyCard([
        {
          id: '1',
          at: '2025-01-01T00:00:00.000Z',
          actor,
          action: 'settings.saved',
          summary: 'Saved version 1',
          version: 1,
          changes: [{ field: 'sipDomain', label: 'SIP Domain', before: null, after: 'a.b:1' }],
        },
        { id: '2', at: '2025-01-01T00:00:00.000Z', action: 'auth.lost', summary: 'Lost' },
      ]),
    );
    assertValidAdaptiveCard(disconnectConfirmCard(view(authed)));
    assertValidAdaptiveCard(disconnectResultCard({ wasAuthenticated: true, revokedAtAco: false }));
    assertValidAdaptiveCard(keptConnectedCard());
    const notices = [
      noticeCard(
        noticeView({
          type: 'settings.saved',
          tenant: 'teams:t',
          actor,
          record,
          changes: diffSettings(settings, next),
          draftId: 'd',
        }),
      ),
      noticeCard(noticeView({ type: 'auth.succeeded', tenant: 'teams:t', actor, acoUser: user })),
      noticeCard(
        noticeView({
          type: 'auth.failed',
          tenant: 'teams:t',
          actor,
          reason: 'not_admin',
          message: 'An ACO Super Admin is needed',
        }),
      ),
      noticeCard(
        noticeView({
          type: 'auth.lost',
          tenant: 'teams:t',
          status: { state: 'revoked', at: '2025-01-01T00:00:00.000Z', reason: 'Revoked at ACO.' },
          message: 'The refresh token was rejected.',
        }),
      ),
      noticeCard(
        noticeView({
          type: 'auth.expiring',
          tenant: 'teams:t',
          refreshTokenExpiresAt: '2025-01-08T00:00:00.000Z',
          message: 'Refreshes keep failing.',
        }),
      ),
      noticeCard(noticeView({ type: 'disconnected', tenant: 'teams:t', actor })),
      noticeCard(
        noticeView({
          type: 'delivery.dropped',
          tenant: 'teams:t',
          deliveryId: 'd-7f3a',
          message:
            'Delivery d-7f3a (platform_settings.confirmed, #2) was refused with HTTP 400 at 2025-01-01 00:00 UTC and dropped.',
        }),
      ),
      noticeCard(
        noticeView({
          type: 'delivery.dropped',
          tenant: 'teams:t',
          deliveryId: 'x'.repeat(500),
          message: 'line\n'.repeat(400),
        }),
      ),
    ];
    notices.forEach(assertValidAdaptiveCard);
    const dropped = notices[6]!;
    expect(dropped.body[0]!.text).toBe('The CCaaS refused a webhook delivery');
    expect(textOf(dropped)).toContain('refused with HTTP 400');
    expect(textOf(dropped)).toContain('Delivery d-7f3a will not be retried.');
    expect(textOf(dropped)).toContain('CCAAS_WEBHOOK_URL');
    expect(textOf(dropped)).toContain('GET /api/v1/platform-settings');
    expect(dropped.actions).toBeUndefined();
    expect(textOf(notices[7]).length).toBeLessThan(3000);
    expect(find(notices[3], (o) => o.type === 'Action.Execute')[0]!.verb).toBe(VERBS.reauthenticate);
  });

  it('the schema helper refuses what Teams would not render', () => {
    expect(() =>
      assertValidAdaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] }),
    ).toThrow();
    expect(() =>
      assertValidAdaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Text' }] }),
    ).toThrow(/id/);
    expect(() =>
      assertValidAdaptiveCard({
        type: 'AdaptiveCard',
        version: '1.5',
        actions: [{ type: 'Action.Execute', title: 'x', bogus: 1 }],
      }),
    ).toThrow();
    expect(() => assertValidAdaptiveCard({ type: 'AdaptiveCard', version: '1.4', body: [] })).toThrow(/1.5/);
  });
});
