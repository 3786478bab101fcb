/** A time as chats show it: to the minute, always UTC, so every admin reads the same words. */
export const minuteUtc = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
