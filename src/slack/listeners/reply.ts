import type { RespondArguments, RespondFn, webApi } from '@slack/bolt';
import { outageText } from '../../core/store-outage.js';
import { failureMessage, storeUnavailableMessage } from '../blocks/errors.js';
import type { SlackMessage } from '../blocks/text.js';
import type { SlackContext } from '../context.js';
import { postDm } from '../direct-message.js';
import { slackErrorCode } from '../slack-errors.js';

/** Only the person who asked sees it (status, refusals, errors). */
export const ephemeral = (m: SlackMessage): RespondArguments => ({
  response_type: 'ephemeral',
  replace_original: false,
  text: m.text,
  blocks: m.blocks,
});

/** Replaces the message the button was on (used for the ephemeral disconnect question). */
export const replaceOriginal = (m: SlackMessage): RespondArguments => ({
  response_type: 'ephemeral',
  replace_original: true,
  text: m.text,
  blocks: m.blocks,
});

/**
 * A failure that outlived the client's retries: logged by code (never a token or payload), and told to
 * the admin in a short line: through the response_url, else ephemerally in the channel they came from,
 * else in a DM.
 */
export async function reportFailure(
  ctx: Pick<SlackContext, 'logger'>,
  err: unknown,
  what: string,
  to: { respond?: RespondFn; client?: webApi.WebClient; userId?: string; channel?: string },
): Promise<void> {
  const outage = outageText(err);
  const code = outage ? 'storage_unavailable' : slackErrorCode(err);
  const detail =
    code === 'unexpected_error' && err instanceof Error ? { err: `${err.name}: ${err.message.slice(0, 200)}` } : {};
  // A store outage is the operator's to fix and is logged by the store; not an error of this interaction.
  if (outage) ctx.logger.warn({ what, error: code }, 'Slack interaction failed: store unavailable');
  else ctx.logger.error({ what, error: code, ...detail }, 'Slack interaction failed');
  const message = outage ? storeUnavailableMessage(outage) : failureMessage(what, code);
  const attempts: Array<() => Promise<unknown>> = [];
  const { respond, client, userId, channel } = to;
  if (respond) attempts.push(() => respond(ephemeral(message)));
  if (client && userId && channel) {
    attempts.push(() =>
      client.chat.postEphemeral({ channel, user: userId, text: message.text, blocks: message.blocks }),
    );
  }
  if (client && userId) attempts.push(() => postDm(client, userId, message));
  for (const attempt of attempts) {
    try {
      await attempt();
      return;
    } catch (again) {
      ctx.logger.warn({ what, error: slackErrorCode(again) }, 'could not tell the admin about the failure');
    }
  }
}
