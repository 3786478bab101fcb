import type { FakeSlackApi, FakeSlackUser } from '../fakes/slack-api.js';

/* Request bodies shaped as Slack sends them (the fields Bolt and our listeners read, plus the usual rest). */

export function commandFields(
  slack: FakeSlackApi,
  user: FakeSlackUser,
  text = '',
  channel = 'CGENERAL',
): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: slack.teamId,
    team_domain: 'aco-test',
    channel_id: channel,
    channel_name: 'general',
    user_id: user.id,
    user_name: user.name,
    command: '/aco-connect',
    text,
    api_app_id: 'A0ACOTEST',
    is_enterprise_install: 'false',
    response_url: slack.responseUrl(),
    trigger_id: slack.triggerId(),
  };
}

export interface FormValues {
  sip_domain?: string;
  outbound_proxy?: string;
  secondary_proxy?: string;
  recording?: 'yes' | 'no';
}

export function viewSubmission(slack: FakeSlackApi, user: FakeSlackUser, values: FormValues, privateMetadata = '{}') {
  const text = (v: string | undefined) => ({ type: 'plain_text_input', value: v ?? null });
  return {
    type: 'view_submission',
    team: { id: slack.teamId, domain: 'aco-test' },
    user: { id: user.id, username: user.name, name: user.name, team_id: slack.teamId },
    api_app_id: 'A0ACOTEST',
    token: 'deprecated-verification-token',
    trigger_id: slack.triggerId(),
    view: {
      id: 'V0SETTINGS',
      team_id: slack.teamId,
      type: 'modal',
      callback_id: 'aco_platform_settings',
      private_metadata: privateMetadata,
      hash: '1700000000.abcdef',
      state: {
        values: {
          sip_domain: { value: text(values.sip_domain) },
          outbound_proxy: { value: text(values.outbound_proxy) },
          secondary_proxy: { value: text(values.secondary_proxy) },
          recording: {
            value: {
              type: 'radio_buttons',
              selected_option: values.recording
                ? { value: values.recording, text: { type: 'plain_text', text: values.recording } }
                : null,
            },
          },
        },
      },
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

export interface ButtonTarget {
  channel: string;
  ts: string;
}

/** A click on a button of a message (block_actions), with a fresh trigger_id and response_url. */
export function buttonClick(
  slack: FakeSlackApi,
  user: FakeSlackUser,
  actionId: string,
  value: string | undefined,
  at: ButtonTarget,
) {
  return {
    type: 'block_actions',
    team: { id: slack.teamId, domain: 'aco-test' },
    user: { id: user.id, username: user.name, name: user.name, team_id: slack.teamId },
    api_app_id: 'A0ACOTEST',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: at.ts, channel_id: at.channel, is_ephemeral: false },
    trigger_id: slack.triggerId(),
    channel: { id: at.channel, name: 'directmessage' },
    message: { type: 'message', ts: at.ts, text: '', bot_id: 'B0ACOBOT1' },
    response_url: slack.responseUrl(),
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'blk',
        text: { type: 'plain_text', text: 'button' },
        ...(value !== undefined ? { value } : {}),
        action_ts: `${Date.now() / 1000}`,
      },
    ],
    is_enterprise_install: false,
  };
}

/** The Events API envelope of app_home_opened (the Home tab, as Slack sends it when a user opens it). */
export function appHomeOpened(slack: FakeSlackApi, user: FakeSlackUser, tab: 'home' | 'messages' = 'home') {
  const home = slack.homeOf(user.id);
  return {
    token: 'deprecated-verification-token',
    team_id: slack.teamId,
    api_app_id: 'A0ACOTEST',
    event: {
      type: 'app_home_opened',
      user: user.id,
      channel: `D${user.id.slice(1)}`,
      tab,
      event_ts: `${(Date.now() / 1000).toFixed(6)}`,
      ...(home ? { view: { ...home, id: 'VHOME', team_id: slack.teamId } } : {}),
    },
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: slack.teamId, user_id: slack.botUserId, is_bot: true, is_enterprise_install: false }],
  };
}

/** A click on a button of the user's Home tab (block_actions from a view: no channel, no response_url). */
export function homeClick(slack: FakeSlackApi, user: FakeSlackUser, actionId: string) {
  return {
    type: 'block_actions',
    team: { id: slack.teamId, domain: 'aco-test' },
    user: { id: user.id, username: user.name, name: user.name, team_id: slack.teamId },
    api_app_id: 'A0ACOTEST',
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: 'VHOME' },
    trigger_id: slack.triggerId(),
    view: { id: 'VHOME', team_id: slack.teamId, type: 'home', callback_id: 'aco_home', ...slack.homeOf(user.id) },
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'aco_home_actions',
        text: { type: 'plain_text', text: 'button' },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
    is_enterprise_install: false,
  };
}
