import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { homeView } from '../../../src/core/home-view.js';
import type { AuditEntry } from '../../../src/core/types.js';
import type { StatusView } from '../../../src/core/views.js';
import { homeTab } from '../../../src/slack/blocks/home.js';
import { HOME_ACTIONS } from '../../../src/slack/ids.js';
import { assertWithinSlackLimits } from '../../support/slack/limits.js';

const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'grapheme', minLength: 3001, maxLength: 5000 }),
  fc.constantFrom('<!channel> & <@U1>', '`*_~'),
);

const status = (name: string, value: string, error: string | null): StatusView => ({
  tenant: 'slack:T1',
  current: {
    settings: {
      sipDomain: { host: 'sip.example.com', port: 5060 },
      outboundProxy: { host: 'p.example.com', port: 5060 },
      secondaryProxy: undefined,
      recording: false,
    },
    version: 7,
    savedBy: { platform: 'teams', id: 'aad', name },
    savedAt: '2026-12-01T10:00:00.000Z',
  },
  values: { sipDomain: value, outboundProxy: value, secondaryProxy: '', recording: 'no' },
  auth: {
    status: {
      state: 'revoked',
      at: '2026-12-01T10:00:00.000Z',
      user: { id: '1', name, extensionNumber: value },
      reason: value,
    },
    text: value,
    details: [],
    authenticated: false,
  },
  recordingLicensed: false,
  delivery: { lastDeliveredVersion: 6, pending: 3, lastError: error },
});

describe('homeTab', () => {
  it("keeps Slack's Home tab limits for any text, admin or not", () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, fc.boolean(), (name, value, summary, mayAct) => {
        const history: AuditEntry[] = Array.from({ length: 10 }, (_, i) => ({
          id: `e${i}`,
          at: '2026-12-01T10:00:00.000Z',
          actor: { platform: 'teams', id: 'aad', name },
          action: 'settings.saved',
          summary: summary || 's',
          changes: [
            { field: 'sipDomain', label: 'SIP Domain', before: value, after: value },
            { field: 'recording', label: 'Enable Recording', before: null, after: value },
          ],
        }));
        const view = homeView({
          platform: 'slack',
          status: status(name || 'n', value, value || null),
          history,
          mayAct,
          checkAvailable: true,
          lastCheck: value || undefined,
          now: 0,
        });
        assertWithinSlackLimits(homeTab(view), 'home');
      }),
      { numRuns: 60 },
    );
  });

  it('has the admin buttons only for admins, and escapes what came from outside', () => {
    const admin = homeTab(
      homeView({ platform: 'slack', status: status('<!here>', 'v', null), history: [], mayAct: true, now: 0 }),
    );
    const ids = admin.blocks.flatMap((b) =>
      b.type === 'actions' ? (b as { elements: Array<{ action_id: string }> }).elements.map((e) => e.action_id) : [],
    );
    expect(ids).toEqual([
      HOME_ACTIONS.open_settings,
      HOME_ACTIONS.authenticate,
      HOME_ACTIONS.history,
      HOME_ACTIONS.disconnect,
    ]);
    expect(JSON.stringify(admin)).not.toContain('<!here>');
    const reader = homeTab(
      homeView({ platform: 'slack', status: status('n', 'v', null), history: [], mayAct: false, now: 0 }),
    );
    expect(reader.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(reader)).toContain('SLACK_ADMIN_USERS');
  });
});
