import { roleRefusalMessage, SUPER_ADMIN_TITLE, type RoleVerdict } from '../super-admin.js';
import type { Logger } from 'pino';
import type { AcoUser } from '../auth-status.js';
import { AcoError } from '../ports.js';
import type { CallbackOutcome } from '../views.js';

/* Why a sign-in callback failed, in the words of the result page (title, message) and for the adapters (reason). */

export type CallbackFailure = Omit<Extract<CallbackOutcome, { ok: false }>, 'ok' | 'tenant' | 'context'>;

const AGAIN = 'Go back to chat and press Authenticate again.';

const failure = (
  httpStatus: CallbackFailure['httpStatus'],
  reason: CallbackFailure['reason'],
  title: string,
  message: string,
): CallbackFailure => ({ httpStatus, reason, title, message });

/** The link's state is unknown, used or expired. With no state left there is nobody to tell but the browser. */
export function unusableLinkFailure(declinedWithoutState: boolean): CallbackFailure {
  return declinedWithoutState
    ? failure(400, 'denied', 'Authorization was declined', `Nothing was changed. ${AGAIN}`)
    : failure(
        400,
        'invalid_state',
        'This sign-in link is no longer valid',
        `Sign-in links work once and for 10 minutes. ${AGAIN}`,
      );
}

/** What ACO's redirect says by itself: an error parameter or no code; or that this server cannot sign in. */
export function answerFailure(answer: {
  error?: string;
  code?: string;
  configured: boolean;
}): { ok: true; code: string } | { ok: false; failure: CallbackFailure } {
  const { error, code } = answer;
  if (error) {
    return {
      ok: false,
      failure:
        error === 'access_denied'
          ? failure(
              400,
              'denied',
              'Authorization was declined',
              `ACO was not authorized, so nothing was changed. ${AGAIN}`,
            )
          : failure(
              400,
              'exchange_rejected',
              'ACO refused the sign-in',
              `ACO answered "${error.slice(0, 60)}". ${AGAIN}`,
            ),
    };
  }
  if (!code) {
    return {
      ok: false,
      failure: failure(
        400,
        'missing_code',
        'The sign-in answer was incomplete',
        `ACO sent no authorization code. ${AGAIN}`,
      ),
    };
  }
  if (!answer.configured) {
    return {
      ok: false,
      failure: failure(
        400,
        'not_configured',
        'ACO sign-in is not set up',
        'The operator must set ACO_CLIENT_ID and ACO_CLIENT_SECRET.',
      ),
    };
  }
  return { ok: true, code };
}

/** ACO failed the code exchange or the identity check: unreachable (try later) or refused (try again). */
export function acoFailure(logger: Logger, err: unknown): CallbackFailure {
  if (err instanceof AcoError && err.transient) {
    logger.warn({ kind: err.kind, status: err.details.status }, 'ACO unreachable during sign-in');
    return failure(
      502,
      'aco_unreachable',
      'Avaya Cloud Office could not be reached',
      'Nothing was stored. Wait a minute, then go back to chat and press Authenticate again.',
    );
  }
  const why = err instanceof AcoError ? err.message : 'unexpected error';
  logger.warn({ kind: err instanceof AcoError ? err.kind : 'unknown', err: why }, 'ACO refused the sign-in');
  return failure(
    400,
    'exchange_rejected',
    'ACO refused the sign-in',
    `ACO did not accept the authorization (${why}). Nothing was stored. ${AGAIN}`,
  );
}

/** Signed in with an account without the Super Admin role (an administrator or not): who, and why not. */
export function roleFailure(user: AcoUser, verdict: Exclude<RoleVerdict, { ok: true }>): CallbackFailure {
  return failure(400, verdict.reason, SUPER_ADMIN_TITLE, roleRefusalMessage(user, verdict, AGAIN));
}
