import type { TurnContext } from 'botbuilder';
import { ADMIN_CHANNEL_KEY, asJson, channelRoot, referenceOf } from '../conversation-refs.js';
import type { TeamsDeps } from '../deps.js';
import type { Caller } from './caller.js';

/** `aco-connect admin-channel` inside a team channel: that channel receives the notices from now on. */
export async function adminChannelCommand(ctx: TurnContext, deps: TeamsDeps, caller: Caller): Promise<string> {
  const type = ctx.activity.conversation?.conversationType;
  if (type !== 'channel') {
    const where = type === 'personal' ? 'a personal chat' : type === 'groupChat' ? 'a group chat' : 'this conversation';
    return `Run "aco-connect admin-channel" inside a team channel; ${where} cannot be the admin channel.`;
  }
  await deps.store.conversations.put(caller.tenant, ADMIN_CHANNEL_KEY, asJson(channelRoot(referenceOf(ctx.activity))));
  deps.logger.info({ tenant: caller.tenant, by: caller.actor.id }, 'Teams admin channel set');
  return 'This channel is now the aco-connect admin channel: saves, sign-ins, lost or lapsing ACO authorization and disconnects are posted here.';
}
