import { randomUUID } from 'node:crypto';
import { BENCH_SLACK, BENCH_TEAMS } from '../fakes.js';
import type { FakeSlackApi } from '../../test/support/fakes/slack-api.js';

/* Request bodies shaped as Slack and Teams send them (the fields Bolt, botbuilder and the app read). */

export function commandBody(
  slack: FakeSlackApi,
  triggerId: string,
  text = '',
  user: { id: string; name: string } = BENCH_SLACK.admin,
): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: slack.teamId,
    team_domain: 'aco-bench',
    channel_id: BENCH_SLACK.channel,
    channel_name: 'bench',
    user_id: user.id,
    user_name: user.name,
    command: '/aco-connect',
    text,
    api_app_id: 'A0ACOBENCH',
    is_enterprise_install: 'false',
    response_url: `${slack.url}/commands/${slack.teamId}/bench`,
    trigger_id: triggerId,
  }).toString();
}

export interface SubmittedValues {
  sip_domain: string;
  outbound_proxy: string;
  recording: 'yes' | 'no';
}

export const VALID_FORM: SubmittedValues = {
  sip_domain: 'sip.ringcentral.com:5090',
  outbound_proxy: 'sip10.ringcentral.com:5090',
  recording: 'no',
};
export const INVALID_FORM: SubmittedValues = {
  sip_domain: 'not a host!',
  outbound_proxy: 'sip10.ringcentral.com:5090',
  recording: 'no',
};

export function viewSubmissionBody(slack: FakeSlackApi, triggerId: string, values: SubmittedValues): string {
  const text = (v: string) => ({ type: 'plain_text_input', value: v });
  const payload = {
    type: 'view_submission',
    team: { id: slack.teamId, domain: 'aco-bench' },
    user: {
      id: BENCH_SLACK.admin.id,
      username: BENCH_SLACK.admin.name,
      name: BENCH_SLACK.admin.name,
      team_id: slack.teamId,
    },
    api_app_id: 'A0ACOBENCH',
    token: 'deprecated-verification-token',
    trigger_id: triggerId,
    view: {
      id: 'V0BENCHSET',
      team_id: slack.teamId,
      type: 'modal',
      callback_id: 'aco_platform_settings',
      private_metadata: JSON.stringify({ channel: BENCH_SLACK.channel }),
      hash: '1700000000.bench',
      state: {
        values: {
          sip_domain: { value: text(values.sip_domain) },
          outbound_proxy: { value: text(values.outbound_proxy) },
          secondary_proxy: { value: { type: 'plain_text_input', value: null } },
          recording: {
            value: {
              type: 'radio_buttons',
              selected_option: { value: values.recording, text: { type: 'plain_text', text: values.recording } },
            },
          },
        },
      },
    },
    response_urls: [],
    is_enterprise_install: false,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A Teams invoke activity as the channel posts it to the bot (local-emulator mode: no Authorization header). */
export function teamsInvoke(serviceUrl: string, name: string, value: unknown, replyToId?: string): string {
  return JSON.stringify({
    type: 'invoke',
    name,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:bench-admin', name: 'Bench Admin', aadObjectId: BENCH_TEAMS.adminAad },
    conversation: { id: BENCH_TEAMS.conversationId, conversationType: 'personal', tenantId: BENCH_TEAMS.tenantId },
    recipient: { id: '28:aco-connect-bot', name: 'aco-connect' },
    channelData: { tenant: { id: BENCH_TEAMS.tenantId } },
    locale: 'en-US',
    ...(replyToId ? { replyToId } : {}),
    value,
  });
}

export const taskFetchValue = { data: { verb: 'acoOpenSettings' }, context: { theme: 'default' } };

/** Cancel on a Confirm Changes card whose draft is long gone: the store is read, a replacement card is answered. */
export const cardActionValue = () => ({
  action: {
    type: 'Action.Execute',
    verb: 'acoConfirmCancel',
    data: { verb: 'acoConfirmCancel', draftId: randomUUID() },
  },
  trigger: 'manual',
});
