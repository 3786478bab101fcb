import { commandsFor } from '../../core/commands.js';
import { card, facts, heading, subtle, text, type AdaptiveCard } from './elements.js';

const COMMAND_WORD = 'aco-connect';

export const COMMANDS: [string, string][] = commandsFor('teams').map((c) => [
  c.word ? `${COMMAND_WORD} ${c.word}` : COMMAND_WORD,
  c.description,
]);

export function helpCard(unknownWord?: string): AdaptiveCard {
  return card(
    [
      heading('aco-connect'),
      ...(unknownWord ? [text(`"${unknownWord}" is not an aco-connect command.`, { color: 'warning' })] : []),
      text(
        'Connects Avaya Cloud Office to Xima CCaaS: SIP Domain, Outbound Proxy, Recording and the ACO authorization.',
      ),
      facts(COMMANDS),
      subtle('In a channel or group chat, @mention the bot before the command.'),
    ],
    [],
    'aco-connect help',
  );
}
