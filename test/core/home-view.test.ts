import { describe, expect, it } from 'vitest';
import { HOME_HISTORY_ENTRIES, homeView, type HomeInput } from '../../src/core/home-view.js';
import type { AuditEntry } from '../../src/core/types.js';
import type { AuthView, StatusView } from '../../src/core/views.js';

const user = { id: '1', name: 'Sam Super', extensionNumber: '101' };
const signedIn: AuthView = {
  status: {
    state: 'authenticated',
    user,
    since: '2026-11-30T09:15:00.000Z',
    lastRefreshAt: '2026-12-01T08:00:00.000Z',
    refreshTokenExpiresAt: '2026-12-08T08:00:00.000Z',
  },
  text: 'Authenticated as Sam Super (ext 101, since 2026-11-30)',
  details: [
    'Last token refresh: 2026-12-01 08:00 UTC',
    'Refresh token valid until: 2026-12-08 08:00 UTC',
    'Token refresh failing since 2026-12-01 09:00 UTC (2 attempts, last: unreachable); next try 2026-12-01 09:10 UTC',
  ],
  authenticated: true,
};
const status = (over: Partial<StatusView> = {}): StatusView => ({
  tenant: 'slack:T1',
  current: {
    settings: {
      sipDomain: { host: 'sip.example.com', port: 5060 },
      outboundProxy: { host: 'proxy.example.com', port: 5090 },
      secondaryProxy: undefined,
      recording: false,
    },
    version: 3,
    savedBy: { platform: 'slack', id: 'U1', name: 'Ada' },
    savedAt: '2026-12-01T10:00:00.000Z',
  },
  values: {
    sipDomain: 'sip.example.com:5060',
    outboundProxy: 'proxy.example.com:5090',
    secondaryProxy: '',
    recording: 'no',
  },
  auth: signedIn,
  recordingLicensed: true,
  ...over,
});
const entry = (i: number): AuditEntry => ({
  id: `e${i}`,
  at: `2026-12-01T10:0${i}:00.000Z`,
  actor: { platform: 'slack', id: 'U1', name: 'Ada' },
  action: 'settings.saved',
  summary: `Saved version ${i}`,
});
const input = (over: Partial<HomeInput> = {}): HomeInput => ({
  platform: 'slack',
  status: status(),
  history: [1, 2, 3, 4, 5, 6, 7].map(entry),
  mayAct: true,
  now: Date.parse('2026-12-01T12:00:00.000Z'),
  ...over,
});

describe('homeView', () => {
  it('says who authenticated, when, how refreshes go and when the grant lapses if idle', () => {
    const v = homeView(input());
    expect(v.auth.tone).toBe('warning');
    expect(v.auth.lines).toEqual([
      'Authenticated as Sam Super (ext 101)',
      'Signed in 2026-11-30 09:15 UTC',
      'Last token refresh: 2026-12-01 08:00 UTC',
      'Token refresh failing since 2026-12-01 09:00 UTC (2 attempts, last: unreachable); next try 2026-12-01 09:10 UTC',
      'If nothing uses it, the ACO authorization lapses 2026-12-08 08:00 UTC',
    ]);
  });

  it('shows the saved settings with their record, the last entries of history and when it was drawn', () => {
    const v = homeView(input());
    expect(v.settings.record?.version).toBe(3);
    expect(v.settings.fields.map((f) => f.value)).toEqual([
      'sip.example.com:5060',
      'proxy.example.com:5090',
      null,
      'No',
    ]);
    expect(v.history.lines).toHaveLength(HOME_HISTORY_ENTRIES);
    expect(v.history.lines[0]!.summary).toBe('Saved version 1');
    expect(v.updated).toBe('Updated 2026-12-01 12:00 UTC');
    expect(v.delivery).toBeUndefined();
    expect(v.check).toBeUndefined();
  });

  it('shows the CCaaS hand-off and the last check when there are some', () => {
    const v = homeView(
      input({
        status: status({ delivery: { lastDeliveredVersion: 2, pending: 1, lastError: 'HTTP 503' } }),
        lastCheck: 'Last check 2026-12-01 11:00 UTC by Ada: SIP Domain answered',
      }),
    );
    expect(v.delivery).toEqual({
      heading: 'CCaaS hand-off',
      tone: 'warning',
      lines: ['Last delivered: version 2', 'Pending: 1', 'Failing: HTTP 503'],
    });
    expect(v.check?.lines).toEqual(['Last check 2026-12-01 11:00 UTC by Ada: SIP Domain answered']);
  });

  it('gives admins the actions for the state they are in', () => {
    const ids = (i: HomeInput) => {
      const a = homeView(i).access;
      return a.mayAct ? a.actions.map((x) => `${x.id}:${x.label}`) : [];
    };
    expect(ids(input())).toEqual([
      'open_settings:Open settings',
      'authenticate:Re-authenticate',
      'history:History',
      'disconnect:Disconnect',
    ]);
    const none: AuthView = {
      status: { state: 'not_authenticated' },
      text: 'Not authenticated',
      details: [],
      authenticated: false,
    };
    expect(ids(input({ status: status({ current: null, auth: none }), checkAvailable: true }))).toEqual([
      'open_settings:Open settings',
      'authenticate:Authenticate',
      'check:Check',
      'history:History',
    ]);
    expect(homeView(input({ status: status({ current: null, auth: none }) })).settings.lines).toEqual([
      'Nothing is saved yet.',
    ]);
  });

  it('shows everyone else a read-only view saying who may act and how to get access', () => {
    const slack = homeView(input({ mayAct: false })).access;
    expect(slack.mayAct).toBe(false);
    if (slack.mayAct) return;
    expect(slack.lines.join(' ')).toMatch(/workspace admins and owners.*SLACK_ADMIN_USERS/);
    const teams = homeView(input({ mayAct: false, platform: 'teams' })).access;
    expect(!teams.mayAct && teams.lines.join(' ')).toMatch(/TEAMS_ADMIN_USERS/);
  });
});
