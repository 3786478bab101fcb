import { z } from 'zod';
import { AcoUserSchema } from './auth-status.js';
import { PlatformSettingsSchema } from './settings.js';

/** A tenant is one Slack workspace (`slack:T…`) or one Teams tenant (`teams:<tenant id>`). */
export type TenantId = string;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);

/** Who did something, as the chat platform names them; `platform` is opaque to the core. */
export const ActorSchema = z.object({ platform: z.string(), id: z.string(), name: z.string() });
export type Actor = z.infer<typeof ActorSchema>;

export const SettingsRecordSchema = z.object({
  settings: PlatformSettingsSchema,
  version: z.number().int().positive(),
  savedBy: ActorSchema,
  savedAt: z.string(),
});
export type SettingsRecord = z.infer<typeof SettingsRecordSchema>;

export const DraftSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  settings: PlatformSettingsSchema,
  /** The version the admin edited; 0 when nothing was saved yet. */
  baseVersion: z.number().int().nonnegative(),
  createdBy: ActorSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(['pending', 'confirmed', 'cancelled']),
  /** Where the values came from: the form (default) or ACO's own (Use ACO's values). */
  source: z.enum(['form', 'aco']).optional(),
  confirmedVersion: z.number().int().optional(),
  /** Chat context of the Confirm Changes message, kept so a replay answers the same way. */
  context: JsonValueSchema.optional(),
});
export type Draft = z.infer<typeof DraftSchema>;

/** One pending consent round trip, keyed by its random state; single use, 10 minutes. */
export const OAuthStateSchema = z.object({
  state: z.string(),
  tenant: z.string(),
  actor: ActorSchema,
  draftId: z.string().optional(),
  codeVerifier: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** Whatever the chat adapter needs to update its message after the callback. */
  context: JsonValueSchema.optional(),
});
export type OAuthState = z.infer<typeof OAuthStateSchema>;

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: ActorSchema.optional(),
  action: z.enum([
    'draft.created',
    'settings.saved',
    'draft.cancelled',
    'auth.succeeded',
    'auth.failed',
    'auth.lost',
    'auth.refreshed',
    'disconnected',
  ]),
  summary: z.string(),
  version: z.number().int().optional(),
  changes: z
    .array(
      z.object({ field: z.string(), label: z.string(), before: z.string().nullable(), after: z.string().nullable() }),
    )
    .optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AcoTokensSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Epoch milliseconds. */
  accessTokenExpiresAt: z.number(),
  refreshTokenExpiresAt: z.number(),
  tokenType: z.string().default('bearer'),
  scope: z.string().optional(),
  ownerId: z.string().optional(),
});
export type AcoTokens = z.infer<typeof AcoTokensSchema>;

/** The tenant's ACO grant: tokens (encrypted at rest by the store) plus who granted it. */
export const StoredGrantSchema = z.object({
  tokens: AcoTokensSchema,
  user: AcoUserSchema,
  since: z.string(),
  lastRefreshAt: z.string().optional(),
});
export type StoredGrant = z.infer<typeof StoredGrantSchema>;
