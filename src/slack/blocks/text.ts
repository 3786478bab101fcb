import type { types } from '@slack/bolt';
import type { Actor } from '../../core/types.js';

/** Slack's limit on a text object; builders cut anything longer rather than have Slack refuse the message. */
export const TEXT_MAX = 3000;

/** Slack reads `&`, `<` and `>` as markup in mrkdwn; names and values from outside must not turn into links. */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The notification `text` of a message (shown in notifications, previews and where blocks cannot be drawn):
 * Slack reads it as mrkdwn too, so everything from outside is escaped like the blocks are.
 */
export const fallbackText = (text: string): string => escapeMrkdwn(text);

export function truncate(text: string, max = TEXT_MAX): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Never split a surrogate pair: half an emoji is not valid text.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

export const mention = (userId: string): string => `<@${userId}>`;

/** A Slack user as a mention; anyone else (a Teams admin) by escaped name. */
export const who = (actor: Actor): string =>
  actor.platform === 'slack' ? mention(actor.id) : escapeMrkdwn(actor.name);

export const plain = (text: string, max = TEXT_MAX): types.PlainTextElement => ({
  type: 'plain_text',
  text: truncate(text, max),
  emoji: true,
});

export const mrkdwn = (text: string, max = TEXT_MAX): types.MrkdwnElement => ({
  type: 'mrkdwn',
  text: truncate(text, max),
});

export const section = (text: string): types.SectionBlock => ({ type: 'section', text: mrkdwn(text) });

export const context = (...lines: string[]): types.ContextBlock => ({
  type: 'context',
  elements: lines.slice(0, 10).map((l) => mrkdwn(l)),
});

/** A message as chat.postMessage / chat.update / respond take it: blocks plus the notification text. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

/** "SIP Domain: old → new", or the value alone when unchanged; values are escaped, absence is named. */
export function describeValue(value: string | null): string {
  return value === null ? '_(none)_' : `\`${escapeMrkdwn(value)}\``;
}
