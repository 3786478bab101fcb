import { z } from 'zod';
import { minuteUtc } from './time-format.js';

export const AcoUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  extensionNumber: z.string(),
});
export type AcoUser = z.infer<typeof AcoUserSchema>;

/** API Auth Status as a value; every surface renders it through describeAuthStatus. */
export const AuthStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('not_authenticated') }),
  z.object({
    state: z.literal('authenticated'),
    user: AcoUserSchema,
    since: z.string(),
    lastRefreshAt: z.string().optional(),
    accessTokenExpiresAt: z.string().optional(),
    refreshTokenExpiresAt: z.string().optional(),
  }),
  z.object({ state: z.literal('expired'), at: z.string(), user: AcoUserSchema.optional(), reason: z.string() }),
  z.object({ state: z.literal('revoked'), at: z.string(), user: AcoUserSchema.optional(), reason: z.string() }),
]);
export type AuthStatus = z.infer<typeof AuthStatusSchema>;

export const NOT_AUTHENTICATED: AuthStatus = { state: 'not_authenticated' };

const day = (iso: string) => iso.slice(0, 10);

/** One line, the same words in Slack, Teams and the status API. */
export function describeAuthStatus(status: AuthStatus): string {
  switch (status.state) {
    case 'not_authenticated':
      return 'Not authenticated';
    case 'authenticated':
      return `Authenticated as ${status.user.name} (ext ${status.user.extensionNumber}, since ${day(status.since)})`;
    case 'expired':
      return `Expired since ${minuteUtc(status.at)}: ${status.reason} Re-authenticate with an ACO Super Admin.`;
    case 'revoked':
      return `Revoked ${minuteUtc(status.at)}: ${status.reason} Re-authenticate with an ACO Super Admin.`;
  }
}

/** Extra detail lines for status views: last refresh and how long the grant lasts unattended. */
export function describeAuthDetails(status: AuthStatus): string[] {
  if (status.state !== 'authenticated') return [];
  const lines: string[] = [];
  if (status.lastRefreshAt) lines.push(`Last token refresh: ${minuteUtc(status.lastRefreshAt)}`);
  if (status.refreshTokenExpiresAt) lines.push(`Refresh token valid until: ${minuteUtc(status.refreshTokenExpiresAt)}`);
  return lines;
}
