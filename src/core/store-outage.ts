import { storeUnavailable } from './ports.js';

/*
 * What an admin is told when the store is down (StoreUnavailableError): the same words in Slack, Teams and on
 * the sign-in page. The store failed before or instead of the change, so nothing was changed; the admin can
 * simply try again.
 */

export const STORE_UNAVAILABLE_TITLE = 'Storage is unavailable';

export function storeUnavailableText(): string {
  return 'aco-connect cannot reach its storage right now, so nothing was changed. Please try again in a minute.';
}

/** For the sign-in page: the consent has to be given again once storage is back. */
export function storeUnavailableSignInText(): string {
  return 'aco-connect cannot reach its storage right now, so the sign-in was not stored and nothing was changed. Go back to chat and press Authenticate again in a minute.';
}

/** The admin-facing text when `err` is a store outage; undefined for any other error. */
export function outageText(err: unknown): string | undefined {
  return storeUnavailable(err) ? storeUnavailableText() : undefined;
}
