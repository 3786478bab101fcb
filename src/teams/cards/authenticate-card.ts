import type { AcoUser } from '../../core/auth-status.js';
import { VERBS } from '../verbs.js';
import { card, executeAction, heading, openUrlAction, plain, subtle, text, type AdaptiveCard } from './elements.js';

/** Posted after a valid Save while ACO is not authenticated: the consent page, like Xima's Authenticate button. */
export function authenticateCard(opts: { url: string; reason?: string }): AdaptiveCard {
  return card(
    [
      heading('Authenticate with Avaya Cloud Office'),
      ...(opts.reason ? [text(plain(opts.reason, 400), { color: 'warning' })] : []),
      text('Sign in with an ACO **Super Admin** account and click Authorize. This message changes to "Authenticated" when you are done, and Confirm Changes follows.'),
      subtle('The link works once, for 10 minutes.'),
    ],
    [openUrlAction('Authenticate', opts.url)],
    'Authenticate with Avaya Cloud Office',
  );
}

/** What the Authenticate card becomes after the OAuth callback succeeded. */
export function authenticatedCard(user: AcoUser, opts: { confirmFollows: boolean }): AdaptiveCard {
  return card(
    [
      heading(`Authenticated as ${plain(user.name, 120)} (ext ${plain(user.extensionNumber, 20)})`, 'good'),
      text(opts.confirmFollows ? 'Confirm Changes follows below: press OK to save.' : 'Avaya Cloud Office is connected.'),
    ],
    [],
    `Authenticated as ${user.name}`,
  );
}

/** What the Authenticate card becomes when the sign-in failed; Try again mints a fresh link. */
export function authFailedCard(message: string, draftId?: string): AdaptiveCard {
  return card(
    [heading('ACO sign-in failed', 'attention'), text(plain(message, 600))],
    [executeAction('Try again', VERBS.reauthenticate, draftId ? { draftId } : {})],
    'ACO sign-in failed',
  );
}
