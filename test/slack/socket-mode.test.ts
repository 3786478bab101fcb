import { describe, expect, it } from 'vitest';
import { approveConsent } from '../support/app/start-app.js';
import { commandFields, viewSubmission } from '../support/slack/payloads.js';
import { APP_TOKEN, USERS, useSlackTestApp } from '../support/slack/slack-app.js';

describe('Slack in Socket Mode (SLACK_APP_TOKEN set, no SLACK_SIGNING_SECRET)', () => {
  // Socket Mode needs no signing secret: Slack's requests come over the authenticated socket.
  const app = useSlackTestApp({ env: { SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: '' } });

  it('connects with the app token, takes commands and interactions over the socket; the OAuth callback stays on HTTP', async () => {
    const t = app();
    await t.slack.socket.connected();
    const open = t.slack.okCallsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.authorized).toBe(true);
    // No HTTP endpoint for Slack in this mode.
    expect((await t.requester.command(commandFields(t.slack, USERS.admin))).status).toBe(404);

    const ack = await t.slack.socket.send('slash_commands', commandFields(t.slack, USERS.admin));
    expect(ack.payload ?? {}).toEqual({});
    await t.formShown();

    const invalid = await t.slack.socket.send(
      'interactive',
      viewSubmission(t.slack, USERS.admin, {
        sip_domain: 'nope',
        outbound_proxy: 'sip10.ringcentral.com:5090',
        recording: 'no',
      }),
    );
    expect(invalid.payload).toMatchObject({ response_action: 'errors', errors: { sip_domain: expect.any(String) } });

    await t.slack.socket.send(
      'interactive',
      viewSubmission(t.slack, USERS.admin, {
        sip_domain: 'sip.ringcentral.com:5090',
        outbound_proxy: 'sip10.ringcentral.com:5090',
        recording: 'no',
      }),
    );
    const prompt = await t.authPrompt();
    expect((await fetch(await approveConsent(prompt.url))).status).toBe(200);
    await t.slack.waitForCall('chat.postMessage', 1, (c) => c.params.text?.startsWith('Confirm Changes') ?? false);
  });

  it('disconnects the socket when the app stops', async () => {
    const t = app();
    await t.slack.socket.connected();
    expect(t.slack.socket.openConnections).toBe(1);
    await t.app.close();
    await t.slack.waitFor(() => (t.slack.socket.openConnections === 0 ? true : undefined), 'socket closed');
  });
});
