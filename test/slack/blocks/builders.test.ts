import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuthView, ConfirmView, FormView, StatusView } from '../../../src/core/views.js';
import type { AuditEntry, SettingsRecord } from '../../../src/core/types.js';
import { diffSettings } from '../../../src/core/settings.js';
import type { CoreEvent } from '../../../src/core/events.js';
import { noticeView } from '../../../src/core/notices.js';
import {
  authFailedMessage,
  authPreparingMessage,
  authPromptMessage,
  authSucceededMessage,
  authUnavailableMessage,
} from '../../../src/slack/blocks/auth-prompt.js';
import {
  cancelOutcomeView,
  confirmOutcomeView,
  disconnectOutcomeView,
  keptConnectedView,
} from '../../../src/core/outcomes.js';
import { confirmChangesMessage } from '../../../src/slack/blocks/confirm-changes.js';
import { disconnectPrompt } from '../../../src/slack/blocks/disconnect.js';
import { outcomeMessage } from '../../../src/slack/blocks/outcome.js';
import { failureMessage, notAllowedMessage } from '../../../src/slack/blocks/errors.js';
import { helpMessage } from '../../../src/slack/blocks/help.js';
import { historyMessage } from '../../../src/slack/blocks/history.js';
import { adminChannelProblemMessage, noticeMessage } from '../../../src/slack/blocks/notices.js';
import { loadingModal, noticeModal, settingsModal } from '../../../src/slack/blocks/settings-modal.js';
import { statusMessage } from '../../../src/slack/blocks/status.js';
import { escapeMrkdwn } from '../../../src/slack/blocks/text.js';
import { assertWithinSlackLimits } from '../../support/slack/limits.js';

const auth = (text: string, authenticated = true): AuthView => ({
  status: authenticated
    ? { state: 'authenticated', user: { id: '1', name: 'n', extensionNumber: '1' }, since: '2025-01-01T00:00:00Z' }
    : { state: 'not_authenticated' },
  text,
  details: ['Last token refresh: 2025-01-01 00:00 UTC'],
  authenticated,
});
const actor = (name: string) => ({ platform: 'slack', id: 'U0123456789', name });
const teamsActor = (name: string) => ({ platform: 'teams', id: 'aad-1', name });
const notice = (e: CoreEvent) => noticeMessage(noticeView(e));
const T = 'slack:T1';
const revoked = { state: 'revoked' as const, at: '2025-01-01T00:00:00Z', reason: 'Revoked at ACO.' };
const host = (label: string) => `${label.replace(/[^a-z0-9]/gi, '').slice(0, 50) || 'h'}.example.com`;
const settings = (h: string, recording: boolean) => ({
  sipDomain: { host: h, port: 5060 },
  outboundProxy: { host: `p.${h}`, port: 5090 },
  secondaryProxy: { host: `s.${h}`, port: 5091 },
  recording,
});

/** Any text an outside party could put in front of us: names, ACO messages, typed values. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'grapheme', minLength: 3001, maxLength: 5000 }),
  fc.constantFrom('<!channel> & <@U1>', '`*_~', ''),
);

describe("Slack Block Kit builders keep Slack's limits for any input", () => {
  it('settings modal, loading and notice modals', () => {
    fc.assert(
      fc.property(
        anyText,
        anyText,
        fc.boolean(),
        fc.option(fc.nat(), { nil: null }),
        (value, authText, licensed, version) => {
          const form: FormView = {
            tenant: 'slack:T1',
            values: {
              sipDomain: value.slice(0, 300),
              outboundProxy: value.slice(0, 300),
              secondaryProxy: value.slice(0, 300),
              recording: 'yes',
            },
            errors: {},
            auth: auth(authText),
            recordingLicensed: licensed,
            version,
          };
          assertWithinSlackLimits(settingsModal(form, { channel: 'C0123456789' }), 'modal');
        },
      ),
    );
    assertWithinSlackLimits(loadingModal(), 'modal');
    assertWithinSlackLimits(noticeModal('Not allowed', 'x'.repeat(5000)), 'modal');
  });

  it('Confirm Changes and its outcomes', () => {
    fc.assert(
      fc.property(anyText, anyText, fc.boolean(), fc.nat({ max: 10_000 }), (name, label, authed, base) => {
        const before = base === 0 ? undefined : settings(host(label), false);
        const view: ConfirmView = {
          tenant: 'slack:T1',
          draftId: '3f1c7a52-0000-4000-8000-000000000000',
          baseVersion: base,
          changes: diffSettings(
            before,
            settings(`${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${host(label)}`, true),
          ),
          anyChange: true,
          auth: auth(name, authed),
          requestedBy: authed ? actor(name) : teamsActor(name),
        };
        assertWithinSlackLimits(confirmChangesMessage(view), 'message');
        const record: SettingsRecord = {
          settings: settings(host(label), true),
          version: base + 1,
          savedBy: teamsActor(name),
          savedAt: '2025-01-01T00:00:00Z',
        };
        assertWithinSlackLimits(
          outcomeMessage(confirmOutcomeView({ outcome: 'saved', record, changes: view.changes, replay: false })),
          'message',
        );
        assertWithinSlackLimits(
          outcomeMessage(
            confirmOutcomeView({ outcome: 'stale', currentVersion: base + 1, savedBy: teamsActor(name), draftId: 'd' }),
          ),
          'message',
        );
        assertWithinSlackLimits(
          outcomeMessage(confirmOutcomeView({ outcome: 'not_authenticated', auth: auth(name, false), draftId: 'd' })),
          'message',
        );
      }),
    );
    const outcomes = [
      confirmOutcomeView({ outcome: 'cancelled' }),
      confirmOutcomeView({ outcome: 'expired' }),
      confirmOutcomeView({ outcome: 'not_found' }),
      confirmOutcomeView({ outcome: 'stale', currentVersion: 3, draftId: 'd' }),
      cancelOutcomeView({ outcome: 'already_saved', version: 3 }),
      cancelOutcomeView({ outcome: 'not_found' }),
    ];
    for (const v of outcomes) assertWithinSlackLimits(outcomeMessage(v), 'message');
  });

  it('Authenticate prompt and its updates', () => {
    fc.assert(
      fc.property(anyText, anyText, fc.webUrl({ size: 'large' }), (status, message, url) => {
        assertWithinSlackLimits(authPromptMessage({ statusText: status, url, forDraft: true }), 'message');
        assertWithinSlackLimits(authPreparingMessage(status), 'message');
        assertWithinSlackLimits(authFailedMessage({ message, url }), 'message');
        assertWithinSlackLimits(authFailedMessage({ message }), 'message');
        assertWithinSlackLimits(
          authSucceededMessage({ id: '1', name: message, extensionNumber: status.slice(0, 10) }),
          'message',
        );
        assertWithinSlackLimits(authUnavailableMessage(message), 'message');
      }),
    );
    expect(
      authPromptMessage({ statusText: 's', url: `https://x/${'a'.repeat(4000)}`, forDraft: false }).blocks,
    ).toHaveLength(3);
  });

  it('status, history and help', () => {
    fc.assert(
      fc.property(anyText, fc.array(anyText, { maxLength: 30 }), (text, summaries) => {
        const view: StatusView = {
          tenant: 'slack:T1',
          current: {
            settings: settings('sip.example.com', true),
            version: 7,
            savedBy: teamsActor(text),
            savedAt: '2025-01-01T00:00:00Z',
          },
          values: { sipDomain: text.slice(0, 300), outboundProxy: 'p:1', secondaryProxy: '', recording: 'yes' },
          auth: { ...auth(text), details: [text, text] },
          recordingLicensed: false,
          delivery: { lastDeliveredVersion: 6, pending: 1, lastError: text },
        };
        assertWithinSlackLimits(statusMessage(view), 'message');
        assertWithinSlackLimits(statusMessage({ ...view, current: null }), 'message');
        const entries: AuditEntry[] = summaries.map((s, i) => ({
          id: String(i),
          at: '2025-01-01T00:00:00Z',
          actor: i % 2 ? actor(s) : teamsActor(s),
          action: 'settings.saved',
          summary: s,
          changes: [{ field: 'sipDomain', label: 'SIP Domain', before: s.slice(0, 300), after: null }],
        }));
        const history = historyMessage(entries);
        assertWithinSlackLimits(history, 'message');
        assertWithinSlackLimits(helpMessage(text), 'message');
      }),
    );
    assertWithinSlackLimits(helpMessage(), 'message');
  });

  it('admin-channel notices, disconnect and errors', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const record: SettingsRecord = {
          settings: settings('sip.example.com', false),
          version: 2,
          savedBy: actor(text),
          savedAt: '2025-01-01T00:00:00Z',
        };
        const msgs = [
          notice({
            type: 'settings.saved',
            tenant: T,
            actor: actor(text),
            record,
            changes: diffSettings(undefined, record.settings),
            draftId: 'd',
          }),
          notice({ type: 'settings.saved', tenant: T, actor: teamsActor(text), record, changes: [], draftId: 'd' }),
          notice({
            type: 'auth.succeeded',
            tenant: T,
            actor: teamsActor(text),
            acoUser: { id: '1', name: text, extensionNumber: '101' },
          }),
          notice({ type: 'auth.failed', tenant: T, reason: 'denied', message: text }),
          notice({ type: 'auth.failed', tenant: T, actor: teamsActor(text), reason: 'denied', message: text }),
          notice({ type: 'auth.lost', tenant: T, status: revoked, message: text }),
          notice({
            type: 'auth.expiring',
            tenant: T,
            refreshTokenExpiresAt: '2030-01-01T00:00:00.000Z',
            message: text,
          }),
          notice({ type: 'disconnected', tenant: T, actor: teamsActor(text) }),
          notice({ type: 'delivery.dropped', tenant: T, deliveryId: text, message: text }),
          adminChannelProblemMessage('C0123', text.slice(0, 100)),
          disconnectPrompt(auth(text)),
          failureMessage(text.slice(0, 100), 'http_503'),
        ];
        for (const m of msgs) assertWithinSlackLimits(m, 'message');
      }),
    );
    const disconnects = [
      disconnectOutcomeView({ wasAuthenticated: true, revokedAtAco: false }),
      disconnectOutcomeView({ wasAuthenticated: false, revokedAtAco: false }),
      keptConnectedView(),
    ].map(outcomeMessage);
    for (const m of [...disconnects, notAllowedMessage('not_admin'), notAllowedMessage('lookup_failed')]) {
      assertWithinSlackLimits(m, 'message');
    }
  });
});

describe('Slack Block Kit builders: content', () => {
  it('escapes names and messages so they cannot ping channels or make links', () => {
    const evil = '<!channel> <https://evil.example|click> & co';
    expect(escapeMrkdwn(evil)).toBe('&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; co');
    const texts = [
      notice({ type: 'auth.lost', tenant: T, status: revoked, message: evil }),
      notice({ type: 'auth.failed', tenant: T, actor: teamsActor(evil), reason: 'denied', message: evil }),
      authSucceededMessage({ id: '1', name: evil, extensionNumber: '1' }),
      notice({ type: 'delivery.dropped', tenant: T, deliveryId: evil, message: evil }),
    ].map((m) => JSON.stringify(m.blocks));
    for (const t of texts) expect(t).not.toContain('<!channel>');
  });

  it('a dropped delivery names the id and the refusal, says it is not retried and where to look', () => {
    const m = notice({
      type: 'delivery.dropped',
      tenant: T,
      deliveryId: 'd-7f3a',
      message:
        'Delivery d-7f3a (platform_settings.confirmed, #2) was refused with HTTP 400 at 2025-01-01 00:00 UTC and dropped.',
    });
    const shown = JSON.stringify(m.blocks);
    expect(m.text).toContain('d-7f3a');
    expect(shown).toContain('Delivery d-7f3a will not be retried.');
    expect(shown).toContain('refused with HTTP 400');
    expect(shown).toContain('CCAAS_WEBHOOK_URL');
    expect(shown).toContain('GET /api/v1/platform-settings');
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('shows the recording license hint only when unlicensed', () => {
    const form: FormView = {
      tenant: 't',
      values: { sipDomain: '', outboundProxy: '', secondaryProxy: '', recording: 'no' },
      errors: {},
      auth: auth('Not authenticated', false),
      recordingLicensed: false,
      version: null,
    };
    expect(JSON.stringify(settingsModal(form))).toContain('UC Realtime Logging license');
    expect(JSON.stringify(settingsModal({ ...form, recordingLicensed: true }))).not.toContain(
      'UC Realtime Logging license',
    );
    // Empty values leave initial_value out rather than send "".
    expect(JSON.stringify(settingsModal(form))).not.toContain('initial_value');
  });

  it('Confirm Changes carries the draft id on OK and Cancel, and names an unchanged save', () => {
    const view: ConfirmView = {
      tenant: 't',
      draftId: 'd-1',
      baseVersion: 2,
      changes: diffSettings(settings('a.example.com', false), settings('a.example.com', false)),
      anyChange: false,
      auth: auth('Not authenticated', false),
      requestedBy: actor('ada'),
    };
    const m = confirmChangesMessage(view);
    const els = m.blocks.flatMap((b) =>
      'elements' in b ? (b.elements as Array<{ action_id?: string; value?: string }>) : [],
    );
    expect(els.filter((e) => e.action_id).map((e) => [e.action_id, e.value])).toEqual([
      ['aco_confirm_ok', 'd-1'],
      ['aco_confirm_cancel', 'd-1'],
    ]);
    expect(JSON.stringify(m.blocks)).toContain('Nothing differs from the saved settings');
    expect(JSON.stringify(m.blocks)).toContain('_(unchanged)_');
  });

  it('history shows at most 10 entries', () => {
    const entries: AuditEntry[] = Array.from({ length: 15 }, (_, i) => ({
      id: String(i),
      at: '2025-01-01T00:00:00Z',
      action: 'auth.refreshed',
      summary: `entry ${i}`,
    }));
    const m = historyMessage(entries);
    expect(m.blocks.filter((b) => b.type === 'section')).toHaveLength(10);
    expect(JSON.stringify(m.blocks)).toContain('aco-connect');
  });
});
