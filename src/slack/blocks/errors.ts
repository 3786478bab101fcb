import { escapeMrkdwn, fallbackText, section, type SlackMessage } from './text.js';

export function notAllowedMessage(reason: 'not_admin' | 'lookup_failed'): SlackMessage {
  const text =
    reason === 'not_admin'
      ? 'Only Slack workspace admins and owners (or users listed by the operator) may change the ACO connection.'
      : 'I could not check your Slack role just now, so nothing was done. Please try again in a minute.';
  return { text: fallbackText(text), blocks: [section(`:no_entry: ${escapeMrkdwn(text)}`)] };
}

/** What the admin sees when Slack or the server failed after all retries: short, no internals. */
export function failureMessage(what: string, code: string): SlackMessage {
  const text = `Sorry, ${what} failed (${code}). Please try again in a minute.`;
  return { text: fallbackText(text), blocks: [section(`:warning: ${escapeMrkdwn(text)}`)] };
}

/** The store is down: the core's words, nothing was changed. */
export function storeUnavailableMessage(text: string): SlackMessage {
  return { text: fallbackText(text), blocks: [section(`:warning: ${escapeMrkdwn(text)}`)] };
}
