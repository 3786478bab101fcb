import type { types } from '@slack/bolt';
import type { AcoUser } from '../../core/auth-status.js';
import { authenticatedAs, SIGN_IN_FAILED_TITLE, SIGN_IN_NOTE } from '../../core/sign-in-text.js';
import { ACTIONS } from '../ids.js';
import { context, escapeMrkdwn, fallbackText, plain, section, type SlackMessage } from './text.js';

/** Slack's limit for a button URL; a consent URL is far shorter, but a longer one must not break the message. */
const URL_MAX = 3000;

function authenticateButton(url: string, label = 'Authenticate'): types.ActionsBlock {
  return {
    type: 'actions',
    block_id: 'aco_auth',
    elements: [
      {
        type: 'button',
        action_id: ACTIONS.authenticate,
        text: plain(label, 75),
        style: 'primary',
        url: url.slice(0, URL_MAX),
      },
    ],
  };
}

/** The DM that stands in for Xima's "Authenticate" button; updated in place when the callback completes. */
export function authPromptMessage(opts: { statusText: string; url: string; forDraft: boolean }): SlackMessage {
  const why = opts.forDraft
    ? 'ACO must be authenticated before your Platform Settings can be saved.'
    : 'Authenticate aco-connect with Avaya Cloud Office.';
  return {
    text: fallbackText(`API Auth Status: ${opts.statusText}`),
    blocks: [
      section(`*API Auth Status:* ${escapeMrkdwn(opts.statusText)}\n${why}`),
      authenticateButton(opts.url),
      context(SIGN_IN_NOTE),
    ],
  };
}

/** Posted first, so the consent state can name this message; replaced by the prompt a moment later. */
export function authPreparingMessage(statusText: string): SlackMessage {
  return {
    text: fallbackText(`API Auth Status: ${statusText}`),
    blocks: [
      section(
        `*API Auth Status:* ${escapeMrkdwn(statusText)}\n:hourglass_flowing_sand: Preparing your ACO sign-in link…`,
      ),
    ],
  };
}

/** The same message after a failed callback: what failed, and a fresh single-use link. */
export function authFailedMessage(opts: { message: string; url?: string }): SlackMessage {
  const blocks: types.KnownBlock[] = [
    section(`:warning: *${SIGN_IN_FAILED_TITLE}.* ${escapeMrkdwn(opts.message)}\n*API Auth Status:* Not authenticated`),
  ];
  if (opts.url) blocks.push(authenticateButton(opts.url, 'Authenticate again'), context(SIGN_IN_NOTE));
  return { text: fallbackText(`${SIGN_IN_FAILED_TITLE}: ${opts.message}`), blocks };
}

export function authSucceededMessage(user: AcoUser): SlackMessage {
  const status = authenticatedAs(user);
  return {
    text: fallbackText(`API Auth Status: ${status}`),
    blocks: [section(`:white_check_mark: *API Auth Status:* ${escapeMrkdwn(status)}`)],
  };
}

/** When no link can be made (ACO credentials missing on the server): say so instead of a dead button. */
export function authUnavailableMessage(message: string): SlackMessage {
  return {
    text: fallbackText(`ACO sign-in is not available: ${message}`),
    blocks: [section(`:warning: *ACO sign-in is not available.* ${escapeMrkdwn(message)}`)],
  };
}
