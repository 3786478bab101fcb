import type { Tone } from './format.js';

/*
 * The admin channel command's answers (`/aco-connect admin-channel` in Slack), the same words wherever they are
 * shown. The adapter finds out what the channel is; the core says what that means for the admin.
 */

export type AdminChannelVerdict =
  /** The bot is a member: the channel is the tenant's admin channel from now on. */
  | { kind: 'set'; label: string }
  | { kind: 'not_member'; label: string }
  | { kind: 'archived'; label: string }
  /** The channel does not exist, or it is private and the bot is not in it (it cannot see it). */
  | { kind: 'not_found'; label: string }
  /** A direct message or a group DM. */
  | { kind: 'not_a_channel' };

export function adminChannelText(verdict: AdminChannelVerdict): { tone: Tone; text: string } {
  switch (verdict.kind) {
    case 'set':
      return {
        tone: 'good',
        text: `${verdict.label} is now the aco-connect admin channel of this workspace: saves, sign-ins, lost or lapsing ACO authorization and disconnects are posted there.`,
      };
    case 'not_member':
      return {
        tone: 'attention',
        text: `I am not a member of ${verdict.label}, so I could not post there. Invite me first: in ${verdict.label} type /invite @aco-connect, then run /aco-connect admin-channel again. Nothing was changed.`,
      };
    case 'archived':
      return { tone: 'warning', text: `${verdict.label} is archived. Choose a live channel. Nothing was changed.` };
    case 'not_found':
      return {
        tone: 'warning',
        text: `I cannot see ${verdict.label}: it does not exist, or it is private and I am not in it. Invite me there with /invite @aco-connect, then run /aco-connect admin-channel again. Nothing was changed.`,
      };
    case 'not_a_channel':
      return {
        tone: 'warning',
        text: 'A direct message cannot be the admin channel. Run /aco-connect admin-channel in the channel that should hear, or name it: /aco-connect admin-channel #channel. Nothing was changed.',
      };
  }
}
