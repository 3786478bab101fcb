import { COMMAND } from '../ids.js';
import { escapeMrkdwn, section, type SlackMessage } from './text.js';

const USAGE = [
  `\`${COMMAND}\` opens the Platform Settings form (SIP Domain, Outbound Proxy, Enable Recording).`,
  `\`${COMMAND} status\` shows the saved settings, their version and the API Auth Status.`,
  `\`${COMMAND} history\` lists the last 10 changes and sign-ins.`,
  `\`${COMMAND} disconnect\` revokes the ACO authorization (asks first).`,
  `\`${COMMAND} help\` shows this help.`,
].join('\n');

/** Help, and the answer to an unknown sub-command (help, not silence). */
export function helpMessage(unknown?: string): SlackMessage {
  const lead = unknown
    ? `I don't know \`${escapeMrkdwn(unknown.slice(0, 40))}\`. Here is what \`${COMMAND}\` can do:`
    : `*aco-connect* connects Avaya Cloud Office to Xima CCaaS. Only workspace admins and listed users may use it.`;
  return { text: unknown ? `Unknown sub-command: ${unknown.slice(0, 40)}` : 'aco-connect help', blocks: [section(lead), section(USAGE)] };
}
