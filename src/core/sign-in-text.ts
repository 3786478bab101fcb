import type { AcoUser } from './auth-status.js';

/* The ACO sign-in prompt and its outcomes in the same words in Slack and Teams. */

export const SIGN_IN_FAILED_TITLE = 'ACO sign-in failed';
export const SIGN_IN_NOTE = 'Sign in with an ACO Super Admin account. The link works once, for 10 minutes.';

/** "Authenticated as NAME (ext N)": who granted aco-connect its ACO authorization. */
export const authenticatedAs = (user: AcoUser): string => `Authenticated as ${user.name} (ext ${user.extensionNumber})`;
