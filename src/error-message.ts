/** What to log of something thrown: its message, or the value itself when it is not an Error. */
export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
