/**
 * A time as chats, notices and audit lines show it: to the minute, always UTC, so every admin reads the same
 * words. Takes an ISO string (kept as written) or epoch milliseconds.
 */
export function minuteUtc(at: string | number): string {
  const iso = typeof at === 'number' ? new Date(at).toISOString() : at;
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
