import { HISTORY_LIMIT } from './history-text.js';

/* The aco-connect command vocabulary (README.md and the Slack and Teams guides), the same words in Slack and Teams. */

/** The chat platforms an adapter names itself by. */
export type Platform = 'slack' | 'teams';

/** `open` is the bare command word, with nothing after it. */
export type CommandName = 'open' | 'status' | 'check' | 'history' | 'disconnect' | 'admin-channel' | 'help';

export interface CommandSpec {
  name: CommandName;
  /** What follows the command word: '' for `open`. */
  word: string;
  description: string;
  platforms: readonly Platform[];
}

const BOTH: readonly Platform[] = ['slack', 'teams'];

/** In the order help lists them. */
export const COMMAND_SPECS: readonly CommandSpec[] = [
  {
    name: 'open',
    word: '',
    description: 'Shows the Platform Settings (SIP Domain, Outbound Proxy, Enable Recording), ready to edit.',
    platforms: BOTH,
  },
  {
    name: 'status',
    word: 'status',
    description: 'Shows the saved settings, their version and the API Auth Status.',
    platforms: BOTH,
  },
  {
    name: 'check',
    word: 'check',
    description:
      'Checks that the saved SIP Domain and proxies answer: DNS (SRV, A/AAAA), then a SIP OPTIONS to each address.',
    platforms: BOTH,
  },
  {
    name: 'history',
    word: 'history',
    description: `Lists the last ${HISTORY_LIMIT} saves, sign-ins and disconnects.`,
    platforms: BOTH,
  },
  {
    name: 'disconnect',
    word: 'disconnect',
    description: 'Revokes the ACO authorization (asks first).',
    platforms: BOTH,
  },
  // Per tenant: Slack's SLACK_ADMIN_CHANNEL is only the default for workspaces that never ran it.
  {
    name: 'admin-channel',
    word: 'admin-channel',
    description: 'Run in the channel that should hear: aco-connect posts its notices there from then on.',
    platforms: BOTH,
  },
  { name: 'help', word: 'help', description: 'Shows this help.', platforms: BOTH },
];

export function commandsFor(platform: Platform): CommandSpec[] {
  return COMMAND_SPECS.filter((c) => c.platforms.includes(platform));
}

export type ParsedCommand = { command: CommandName; word: string } | { command: 'unknown'; word: string };

/** An unknown word is echoed back in help; bounded so a pasted essay is not. */
const ECHO_MAX = 40;

/**
 * Reads the text after the command word (`/aco-connect status` → `status`). Case and extra words are
 * ignored; "admin channel" counts as `admin-channel`. A command the platform lacks is unknown there.
 */
export function parseSubCommand(text: string, platform: Platform): ParsedCommand {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const first = words[0] ?? '';
  const joined = words.length > 1 ? `${first}-${words[1]}` : undefined;
  const available = commandsFor(platform);
  const spec = available.find((c) => c.word === first) ?? available.find((c) => c.word !== '' && c.word === joined);
  if (spec) return { command: spec.name, word: spec.word };
  return { command: 'unknown', word: first.slice(0, ECHO_MAX) };
}
