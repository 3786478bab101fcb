import { card, facts, heading, subtle, text, type AdaptiveCard } from './elements.js';

export const COMMANDS: [string, string][] = [
  ['aco-connect', 'Show the Platform Settings with an Edit settings button'],
  ['aco-connect status', 'Show the Platform Settings and API Auth Status'],
  ['aco-connect history', 'Show the latest saves, sign-ins and disconnects'],
  ['aco-connect disconnect', 'Revoke the ACO authorization (asks first)'],
  ['aco-connect admin-channel', 'Run in a team channel: post notices there'],
  ['aco-connect help', 'Show this help'],
];

export function helpCard(unknownWord?: string): AdaptiveCard {
  return card(
    [
      heading('aco-connect'),
      ...(unknownWord ? [text(`"${unknownWord}" is not an aco-connect command.`, { color: 'warning' })] : []),
      text('Connects Avaya Cloud Office to Xima CCaaS: SIP Domain, Outbound Proxy, Recording and the ACO authorization.'),
      facts(COMMANDS),
      subtle('In a channel or group chat, @mention the bot before the command.'),
    ],
    [],
    'aco-connect help',
  );
}
