import type { Tone } from '../../core/format.js';
import { escapeMrkdwn, fallbackText, section, type SlackMessage } from './text.js';

const EMOJI: Record<Tone, string> = { good: ':white_check_mark:', warning: ':warning:', attention: ':wave:' };

/** The answer to /aco-connect admin-channel: the core's sentence, escaped. */
export function adminChannelMessage(view: { tone: Tone; text: string }): SlackMessage {
  return { text: fallbackText(view.text), blocks: [section(`${EMOJI[view.tone]} ${escapeMrkdwn(view.text)}`)] };
}
