/** The sub-commands of design.md §5/§6; `open` is the bare `aco-connect`. */
export type TeamsCommand = 'open' | 'status' | 'help' | 'history' | 'disconnect' | 'admin-channel' | 'unknown';

const SUBCOMMANDS = new Set<TeamsCommand>(['status', 'help', 'history', 'disconnect', 'admin-channel']);

/**
 * Reads a message as a command. Teams leaves the @mention markup in the text of channel messages,
 * and people type the command with or without the bot's name, so both are accepted.
 */
export function parseCommand(text: string | undefined): { command: TeamsCommand; word: string } {
  const cleaned = (text ?? '')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/gi, ' ')
    .trim()
    .toLowerCase();
  const words = cleaned.split(/\s+/).filter(Boolean);
  if (words[0] === 'aco-connect' || words[0] === '/aco-connect') words.shift();
  const word = words[0] ?? '';
  if (word === '') return { command: 'open', word };
  if (word === 'admin' && words[1] === 'channel') return { command: 'admin-channel', word: 'admin-channel' };
  if (SUBCOMMANDS.has(word as TeamsCommand)) return { command: word as TeamsCommand, word };
  return { command: 'unknown', word: word.slice(0, 40) };
}
