import type { types } from '@slack/bolt';
import type { CoreEventType } from '../../core/events.js';
import { headline } from '../../core/format.js';
import type { NoticeView } from '../../core/notices.js';
import { ACTIONS } from '../ids.js';
import { changeLines } from './confirm-changes.js';
import { context, escapeMrkdwn, fallbackText, plain, section, who, type SlackMessage } from './text.js';

/* Admin-channel notices: the core's words (core/notices.ts) in Block Kit, with Re-authenticate where someone must act. */

const EMOJI: Record<CoreEventType, string> = {
  'settings.saved': ':gear:',
  'auth.succeeded': ':key:',
  'auth.failed': ':warning:',
  'auth.lost': ':rotating_light:',
  'auth.expiring': ':hourglass:',
  disconnected: ':electric_plug:',
  'delivery.dropped': ':no_entry:',
};

function reauthenticate(): types.ActionsBlock {
  return {
    type: 'actions',
    block_id: 'aco_notice',
    elements: [
      {
        type: 'button',
        action_id: ACTIONS.reauthenticate,
        text: plain('Re-authenticate', 75),
        style: 'primary',
        value: 'notice',
      },
    ],
  };
}

export function noticeMessage(view: NoticeView): SlackMessage {
  const title = headline({ ...view, title: escapeMrkdwn(view.title) }, who);
  const message = view.message === undefined ? undefined : escapeMrkdwn(view.message);
  const body = [`${EMOJI[view.event]} *${title}*`, ...(message ? [message] : []), ...view.lines.map(escapeMrkdwn)];
  const blocks: types.KnownBlock[] = [section(body.join('\n'))];
  if (view.changes && view.changes.length > 0) blocks.push(section(changeLines(view.changes)));
  if (view.details.length > 0) blocks.push(context(...view.details.map(escapeMrkdwn)));
  if (view.reauthenticate) blocks.push(reauthenticate());
  return { text: message ? `${title}: ${message}` : title, blocks };
}

/** Told to the acting admin once when the admin channel cannot take notices. */
export function adminChannelProblemMessage(channel: string, error: string): SlackMessage {
  const why =
    error === 'not_in_channel'
      ? `I am not a member of <#${channel}>. Invite me there (\`/invite @aco-connect\`) to get notices.`
      : error === 'is_archived'
        ? `<#${channel}> is archived. Run /aco-connect admin-channel in a live channel.`
        : `The admin channel ${channel} does not exist or I cannot see it (${escapeMrkdwn(error)}). Run /aco-connect admin-channel in the channel that should hear, after inviting me there.`;
  return {
    text: fallbackText(`aco-connect cannot post notices to the admin channel (${error})`),
    blocks: [section(`:warning: *Admin channel notices are not delivered.* ${why} Everything else keeps working.`)],
  };
}
