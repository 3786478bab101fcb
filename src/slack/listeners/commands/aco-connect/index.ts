import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseSubCommand } from '../../../../core/commands.js';
import { checkAdmin } from '../../../admin-check.js';
import { notAllowedMessage } from '../../../blocks/errors.js';
import { helpMessage } from '../../../blocks/help.js';
import type { SlackContext } from '../../../context.js';
import { ephemeral, reportFailure } from '../../reply.js';
import { setAdminChannel } from './admin-channel.js';
import { askDisconnect } from './disconnect.js';
import { showHistory } from './history.js';
import { openForm, prefetchForm } from './open-form.js';
import { runCheck } from './check.js';
import { showStatus } from './status.js';

/** `/aco-connect [status|help|history|disconnect|admin-channel]` (core/commands.ts): acked at once, then checked, then answered. */
export function acoConnectCommand(ctx: SlackContext) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const sub = parseSubCommand(command.text, 'slack');
    const form = sub.command === 'open' ? prefetchForm(ctx, command) : undefined;
    try {
      const check = await checkAdmin(ctx, client, {
        id: command.user_id,
        name: command.user_name,
        team: command.team_id,
      });
      if (!check.ok) {
        await respond(ephemeral(notAllowedMessage(check.reason)));
        return;
      }
      switch (sub.command) {
        case 'open':
          return await openForm(ctx, client, command, form);
        case 'status':
          return await showStatus(ctx, respond, command);
        case 'check':
          return await runCheck(ctx, respond, command, check.actor);
        case 'history':
          return await showHistory(ctx, respond, command);
        case 'disconnect':
          return await askDisconnect(ctx, respond, command);
        case 'help':
          return void (await respond(ephemeral(helpMessage())));
        case 'admin-channel':
          return await setAdminChannel(ctx, client, respond, command, check.actor);
        case 'unknown':
          return void (await respond(ephemeral(helpMessage(sub.word))));
      }
    } catch (err) {
      await reportFailure(ctx, err, sub.command === 'open' ? 'opening the form' : `/aco-connect ${sub.word}`, {
        respond,
      });
    }
  };
}
