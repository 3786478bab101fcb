import { describe, expect, it } from 'vitest';
import { HOME_ACTIONS } from '../../../../src/slack/ids.js';
import type { RecordedCall } from '../../../support/fakes/slack-api.js';
import { USERS, useSlackTestApp } from '../../../support/slack/slack-app.js';

const text = (c: RecordedCall) => JSON.stringify(c.json.view);
const actionIds = (c: RecordedCall) =>
  ((c.json.view as { blocks: Array<{ type: string; elements?: Array<{ action_id?: string }> }> }).blocks ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => e.action_id));

describe('Slack Home tab (app_home_opened → views.publish)', () => {
  const t = useSlackTestApp();

  it('shows an admin the connection with the actions, and a non-admin a read-only view', async () => {
    const app = t();
    expect((await app.openHome(USERS.admin)).status).toBe(200);
    const admin = await app.homePublished(USERS.admin);
    expect(text(admin)).toContain('Not authenticated');
    expect(text(admin)).toContain('Nothing is saved yet.');
    expect(actionIds(admin)).toEqual([HOME_ACTIONS.open_settings, HOME_ACTIONS.authenticate, HOME_ACTIONS.history]);

    await app.openHome(USERS.member);
    const member = await app.homePublished(USERS.member);
    expect(actionIds(member)).toEqual([]);
    expect(text(member)).toContain('SLACK_ADMIN_USERS');
  });

  it('a non-admin clicking a Home button gets nothing done, only the read-only view again', async () => {
    const app = t();
    await app.clickHome(USERS.member, HOME_ACTIONS.open_settings);
    const redrawn = await app.homePublished(USERS.member);
    expect(actionIds(redrawn)).toEqual([]);
    expect(app.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('Open settings opens the same form as /aco-connect', async () => {
    const app = t();
    await app.clickHome(USERS.admin, HOME_ACTIONS.open_settings);
    const form = await app.formShown();
    expect((form.json.view as { callback_id: string }).callback_id).toBe('aco_platform_settings');
  });

  it('re-publishes an open Home tab after a save, also through a 429 with Retry-After', async () => {
    const app = t();
    await app.authenticateAs(USERS.admin);
    await app.openHome(USERS.admin);
    const before = await app.homePublished(USERS.admin);
    expect(text(before)).toContain('Authenticated as');
    expect(actionIds(before)).toContain(HOME_ACTIONS.disconnect);

    app.slack.fail('views.publish', { status: 429, retryAfter: 1 });
    const { at, draftId } = await app.submitToConfirm(USERS.admin, {
      sip_domain: 'sip.example.com:5060',
      outbound_proxy: 'proxy.example.com:5090',
      recording: 'no',
    });
    await app.click(USERS.admin, 'aco_confirm_ok', draftId, at);
    const after = await app.slack.waitFor(
      () =>
        app.slack
          .okCallsTo('views.publish')
          .find((c) => c.params.user_id === USERS.admin.id && text(c).includes('Version 1')),
      'the Home tab re-published with version 1',
      60_000,
    );
    expect(text(after)).toContain('sip.example.com:5060');
    expect(app.slack.callsTo('views.publish').some((c) => c.status === 429)).toBe(true);
  }, 90_000);
});
