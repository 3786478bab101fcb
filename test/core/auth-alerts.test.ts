import { describe, expect, it } from 'vitest';
import { settle } from '../support/core/auth-fixtures.js';
import { SlackTestApp, USERS, useSlackTestApp } from '../support/slack/slack-app.js';

/*
 * From the keeper to the admin channel: the real app with Slack on (fake Slack Web API), the fake ACO's clock as
 * the app's clock. Alerts go out once per incident, each with a Re-authenticate button.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('auth alerts in the Slack admin channel', () => {
  const app = useSlackTestApp();
  const lostNotices = (t: SlackTestApp) =>
    t.notices().filter((c) => c.params.text?.startsWith('ACO authorization lost'));
  const lapseNotices = (t: SlackTestApp) =>
    t.notices().filter((c) => c.params.text?.startsWith('ACO authorization lapses at'));

  it('a grant revoked at ACO: one "authorization lost" notice with Re-authenticate, however many try', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    t.aco.revokeUser(undefined, 'password changed');
    t.aco.clock.advance(2 * DAY);

    await Promise.all([
      t.app.keeper.runOnce(),
      t.app.keeper.runOnce(),
      ...Array.from({ length: 5 }, () => settle(t.app.tokens.getAccessToken(t.tenant))),
    ]);
    await t.app.keeper.runOnce();

    const lost = lostNotices(t);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.params.text).toBe(
      'ACO authorization lost: ACO answered the token refresh with invalid_grant (OAU-211).',
    );
    expect(SlackTestApp.button(lost[0]!, 'aco_reauthenticate')).toBeDefined();
    expect(await t.app.workflow.authStatus(t.tenant)).toMatchObject({
      state: 'revoked',
      user: { name: 'Alice Admin' },
    });
  });

  it('refreshes failing for days: one "keeps failing" notice, then one early warning, tokens kept', async () => {
    const t = app();
    await t.authenticateAs(USERS.admin);
    const before = await t.app.store.grants.get(t.tenant);
    t.aco.clock.advance(2 * DAY);
    t.aco.failNext(100_000, { status: 503 });
    for (let h = 0; h < 3 * DAY; h += HOUR) {
      t.aco.clock.advance(HOUR);
      await t.app.keeper.runOnce();
    }

    const notices = lapseNotices(t);
    expect(notices).toHaveLength(2);
    expect(notices[0]!.params.text).toContain('has failed since');
    expect(notices[1]!.params.text).toContain('unless one succeeds');
    for (const n of notices) expect(SlackTestApp.button(n, 'aco_reauthenticate')).toBeDefined();
    expect(lostNotices(t)).toEqual([]);
    expect((await t.app.store.grants.get(t.tenant))?.tokens.refreshToken).toBe(before!.tokens.refreshToken);
    expect((await t.app.workflow.authStatus(t.tenant)).state).toBe('authenticated');
  });
});
