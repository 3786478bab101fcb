import { parseSubCommand, type ParsedCommand } from '../core/commands.js';

/**
 * Reads a message as a command. Teams leaves the @mention markup in the text of channel messages,
 * and people type the command with or without the bot's name, so both are accepted; the rest is the
 * core's sub-command vocabulary.
 */
export function parseCommand(text: string | undefined): ParsedCommand {
  const cleaned = (text ?? '')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/gi, ' ')
    .trim();
  const afterCommandWord = cleaned.replace(/^\/?aco-connect(?=\s|$)/i, '');
  return parseSubCommand(afterCommandWord, 'teams');
}
