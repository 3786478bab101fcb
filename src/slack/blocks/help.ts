import { commandsFor } from '../../core/commands.js';
import { COMMAND } from '../ids.js';
import { escapeMrkdwn, fallbackText, section, type SlackMessage } from './text.js';

const USAGE = commandsFor('slack')
  .map((c) => `\`${c.word ? `${COMMAND} ${c.word}` : COMMAND}\` ${c.description}`)
  .join('\n');

/** Help, and the answer to an unknown sub-command (help, not silence). */
export function helpMessage(unknown?: string): SlackMessage {
  const lead = unknown
    ? `I don't know \`${escapeMrkdwn(unknown.slice(0, 40))}\`. Here is what \`${COMMAND}\` can do:`
    : `*aco-connect* connects Avaya Cloud Office to Xima CCaaS. Only workspace admins and listed users may use it.`;
  return {
    text: unknown ? fallbackText(`Unknown sub-command: ${unknown.slice(0, 40)}`) : 'aco-connect help',
    blocks: [section(lead), section(USAGE)],
  };
}
