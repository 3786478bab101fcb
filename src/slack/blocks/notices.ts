import type { types } from '@slack/bolt';
import type { AcoUser } from '../../core/auth-status.js';
import type { FieldChange } from '../../core/settings.js';
import type { Actor, SettingsRecord } from '../../core/types.js';
import { ACTIONS } from '../ids.js';
import { changeLines } from './confirm-changes.js';
import { escapeMrkdwn, mention, plain, section, type SlackMessage } from './text.js';

/* Admin-channel notices: one short message per event, with Re-authenticate where someone must act. */

const who = (actor: Actor) => (actor.platform === 'slack' ? mention(actor.id) : escapeMrkdwn(actor.name));

function reauthenticate(): types.ActionsBlock {
  return {
    type: 'actions',
    block_id: 'aco_notice',
    elements: [{ type: 'button', action_id: ACTIONS.reauthenticate, text: plain('Re-authenticate', 75), style: 'primary', value: 'notice' }],
  };
}

export function savedNotice(actor: Actor, record: SettingsRecord, changes: FieldChange[]): SlackMessage {
  const changed = changes.filter((c) => c.changed);
  const body = changed.length > 0 ? changeLines(changed) : '_No field changed; the same settings were saved again._';
  return {
    text: `ACO Platform Settings saved: version ${record.version} by ${who(actor)}`,
    blocks: [section(`:gear: *ACO Platform Settings saved — version ${record.version} by ${who(actor)}*`), section(body)],
  };
}

export function authSucceededNotice(actor: Actor, user: AcoUser): SlackMessage {
  const text = `ACO authenticated as ${user.name} (ext ${user.extensionNumber}) by ${who(actor)}`;
  return { text, blocks: [section(`:key: *ACO authenticated* as ${escapeMrkdwn(`${user.name} (ext ${user.extensionNumber})`)} by ${who(actor)}`)] };
}

export function authFailedNotice(actor: Actor | undefined, message: string): SlackMessage {
  const by = actor ? ` by ${who(actor)}` : '';
  return {
    text: `ACO sign-in${by} failed: ${message}`,
    blocks: [section(`:warning: *ACO sign-in${by} failed.* ${escapeMrkdwn(message)}`), reauthenticate()],
  };
}

export function authLostNotice(message: string): SlackMessage {
  return {
    text: `ACO authorization lost: ${message}`,
    blocks: [
      section(`:rotating_light: *ACO authorization lost.* ${escapeMrkdwn(message)}\nThe integration is stopped until an ACO Super Admin re-authenticates.`),
      reauthenticate(),
    ],
  };
}

export function authExpiringNotice(refreshTokenExpiresAt: string, message: string): SlackMessage {
  const when = `${refreshTokenExpiresAt.slice(0, 16).replace('T', ' ')} UTC`;
  return {
    text: `ACO authorization lapses at ${when}: ${message}`,
    blocks: [section(`:hourglass: *ACO authorization lapses at ${when}.* ${escapeMrkdwn(message)}`), reauthenticate()],
  };
}

export function disconnectedNotice(actor: Actor): SlackMessage {
  return {
    text: `ACO disconnected by ${who(actor)}`,
    blocks: [section(`:electric_plug: *ACO disconnected* by ${who(actor)}. Re-authenticate to connect again.`), reauthenticate()],
  };
}

/**
 * The CCaaS receiver refused a webhook delivery with a permanent 4xx: nothing retries it, so a person must
 * look at the receiver's side. `message` is the deliverer's own line (status and time, never a body or secret).
 */
export function deliveryDroppedNotice(deliveryId: string, message: string): SlackMessage {
  return {
    text: `The CCaaS refused webhook delivery ${deliveryId}; it will not be retried: ${message}`,
    blocks: [
      section(`:no_entry: *The CCaaS refused a webhook delivery.* Delivery \`${escapeMrkdwn(deliveryId)}\` will not be retried.\n${escapeMrkdwn(message)}`),
      section(
        'Check the CCaaS webhook configuration: `CCAAS_WEBHOOK_URL` and `CCAAS_WEBHOOK_SECRET` here, and what the receiver accepts there. ' +
          'Later changes are still sent, and the current settings remain readable through the read API (`GET /api/v1/platform-settings`).',
      ),
    ],
  };
}

/** Told to the acting admin once when the admin channel cannot take notices. */
export function adminChannelProblemMessage(channel: string, error: string): SlackMessage {
  const why =
    error === 'not_in_channel'
      ? `I am not a member of <#${channel}>. Invite me there (\`/invite @aco-connect\`) to get notices.`
      : error === 'is_archived'
        ? `<#${channel}> is archived. Set SLACK_ADMIN_CHANNEL to a live channel.`
        : `The admin channel ${channel} does not exist or I cannot see it (${escapeMrkdwn(error)}). Check SLACK_ADMIN_CHANNEL.`;
  return {
    text: `aco-connect cannot post notices to the admin channel (${error})`,
    blocks: [section(`:warning: *Admin channel notices are not delivered.* ${why} Everything else keeps working.`)],
  };
}
