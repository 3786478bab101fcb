import type { AcoUser } from '../../core/auth-status.js';
import { authenticatedAs, SIGN_IN_FAILED_TITLE, SIGN_IN_NOTE } from '../../core/sign-in-text.js';
import { VERBS } from '../verbs.js';
import { card, executeAction, heading, openUrlAction, plain, subtle, text, type AdaptiveCard } from './elements.js';

/** Posted after a valid Save while ACO is not authenticated: the consent page, like Xima's Authenticate button. */
export function authenticateCard(opts: { url: string; reason?: string }): AdaptiveCard {
  return card(
    [
      heading('Authenticate with Avaya Cloud Office'),
      ...(opts.reason ? [text(plain(opts.reason, 400), { color: 'warning' })] : []),
      text(SIGN_IN_NOTE),
      subtle(
        'Click Authorize at ACO. This message changes to "Authenticated" when you are done, and Confirm Changes follows.',
      ),
    ],
    [openUrlAction('Authenticate', opts.url)],
    'Authenticate with Avaya Cloud Office',
  );
}

/** What the Authenticate card becomes after the OAuth callback succeeded. */
export function authenticatedCard(user: AcoUser, opts: { confirmFollows: boolean }): AdaptiveCard {
  return card(
    [
      heading(
        authenticatedAs({ ...user, name: plain(user.name, 120), extensionNumber: plain(user.extensionNumber, 20) }),
        'good',
      ),
      text(
        opts.confirmFollows ? 'Confirm Changes follows below: press OK to save.' : 'Avaya Cloud Office is connected.',
      ),
    ],
    [],
    `Authenticated as ${user.name}`,
  );
}

/** What the Authenticate card becomes when the sign-in failed; Try again mints a fresh link. */
export function authFailedCard(message: string, draftId?: string): AdaptiveCard {
  return card(
    [heading(SIGN_IN_FAILED_TITLE, 'attention'), text(plain(message, 600))],
    [executeAction('Try again', VERBS.reauthenticate, draftId ? { draftId } : {})],
    SIGN_IN_FAILED_TITLE,
  );
}
