import { describe, expect, it } from 'vitest';
import { USERS, useSlackTestApp } from '../../../support/slack/slack-app.js';

/*
 * aco_authenticate is a link button: the browser opens the consent page by itself; Slack still sends the click
 * and wants it acknowledged within 3 s. The listener acks and does nothing else.
 */

describe('Authenticate link button', () => {
  const app = useSlackTestApp();

  it('is acknowledged with an empty 200 and changes nothing: no Slack call, no reply, no sign-in started', async () => {
    const t = app();
    const callsBefore = t.slack.calls.length;
    const ack = await t.click(USERS.admin, 'aco_authenticate', undefined, { channel: 'DADMIN001', ts: '1700000000.1' });
    expect([ack.status, ack.text]).toEqual([200, '']);
    // A Bolt app with no listener for the action would also answer, but log it as unhandled: ours logs no such thing.
    await new Promise((r) => setTimeout(r, 300));
    expect(t.slack.calls.slice(callsBefore)).toEqual([]);
    expect(t.slack.responses).toHaveLength(0);
    expect(t.aco.counts.authorize).toBe(0);
    expect(t.logs.filter((l) => /unhandled|no listener/i.test(l))).toEqual([]);
  });
});
