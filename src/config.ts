import { z } from 'zod';
import { parseApiKeyList } from './config-api-keys.js';
import { blankToUndefined, bool, csv, millis, optionalString, trustProxy, url } from './config-fields.js';

/** Every variable (README.md, Configuration), parsed once; names are the environment's own. */
export const ConfigSchema = z
  .object({
    PORT: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: 'must be a port number from 0 to 65535' })
        .int()
        .min(0)
        .max(65535, { error: 'must be a port number from 0 to 65535' })
        .default(3000),
    ),
    /** Unset: 0.0.0.0, or 127.0.0.1 in Teams emulator mode (resolved below). */
    HOST: optionalString,
    NODE_ENV: optionalString,
    PUBLIC_BASE_URL: url('e.g. https://aco-connect.example.com'),
    /** Which proxies in front may name the client address (rate limits count per client address). */
    TRUST_PROXY: trustProxy,
    STORE_URL: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^(sqlite:\/\/.+|rediss?:\/\/.+|postgres(ql)?:\/\/.+)$/, {
          message: 'must start with sqlite://, redis://, rediss://, postgres:// or postgresql://',
        })
        .default('sqlite://./data/aco-connect.sqlite'),
    ),
    ENCRYPTION_KEY: optionalString,
    /** Deadline of every store operation: past it the operation fails as "storage unavailable". */
    STORE_TIMEOUT_MS: millis(2_000, 100, 30_000),
    /** Lease of the store locks (Redis): renewed while the holder works, so a dead holder costs at most this. */
    LOCK_LEASE_MS: millis(6_000, 1_000, 120_000),

    SLACK_SIGNING_SECRET: optionalString,
    SLACK_BOT_TOKEN: z.preprocess(
      blankToUndefined,
      z.string().startsWith('xoxb-', { message: 'must be a bot token starting with xoxb-' }).optional(),
    ),
    SLACK_APP_TOKEN: z.preprocess(
      blankToUndefined,
      z.string().startsWith('xapp-', { message: 'must be an app-level token starting with xapp-' }).optional(),
    ),
    SLACK_API_URL: url('the Slack Web API base, ending in /api/'),
    SLACK_ADMIN_CHANNEL: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^[CG][A-Z0-9]{2,}$/, { message: 'must be a channel id such as C0123456789' })
        .optional(),
    ),
    SLACK_ADMIN_USERS: csv,

    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    /** SingleTenant unless set: Microsoft no longer creates multi-tenant bots (after 31 July 2025). */
    MicrosoftAppType: z.preprocess(
      blankToUndefined,
      z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
    ),
    MicrosoftAppTenantId: optionalString,
    /** Local development only: /api/messages without authentication, loopback callers and service URLs only. */
    TEAMS_EMULATOR: bool(false),
    TEAMS_ADMIN_USERS: csv,

    ACO_SERVER_URL: z.preprocess(
      blankToUndefined,
      z
        .string()
        .refine((v) => URL.canParse(v), { message: 'must be a URL' })
        .default('https://platform.ringcentral.com'),
    ),
    /** The Teams app package's legal pages; default: the pages aco-connect serves at /privacy and /terms. */
    TEAMS_PRIVACY_URL: url('the privacy statement the Teams app links to'),
    TEAMS_TERMS_URL: url('the terms of use the Teams app links to'),
    /** The Teams app id (manifest `id`, a GUID); default: derived from MicrosoftAppId, stable per deployment. */
    TEAMS_APP_ID: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i, { message: 'must be a GUID' })
        .optional(),
    ),
    ACO_CLIENT_ID: optionalString,
    ACO_CLIENT_SECRET: optionalString,
    ACO_BRAND_ID: z.preprocess(
      blankToUndefined,
      z.string().regex(/^\d+$/, { message: 'must be a number' }).default('6010'),
    ),
    RECORDING_LICENSED: bool(false),
    /** The ACO role id the OAuth callback accepts: the platform's Super Admin ("1") unless a custom role is used. */
    ACO_SUPER_ADMIN_ROLE_ID: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d{1,20}$/, { message: 'must be a role id (digits)' })
        .default('1'),
    ),
    /** Tests only: the SIP connectivity check may probe 127.0.0.0/8 and ::1, and the form accepts them. */
    SIP_CHECK_ALLOW_LOOPBACK: bool(false),

    CCAAS_API_KEY: optionalString,
    /** Serve the CCaaS API (/api/v1/*) on its own listener, off the public one. */
    CCAAS_API_PORT: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: 'must be a port number from 0 to 65535' })
        .int()
        .min(0)
        .max(65535, { error: 'must be a port number from 0 to 65535' })
        .optional(),
    ),
    /** Address of that listener; loopback unless set (e.g. a private interface). */
    CCAAS_API_HOST: optionalString,
    /** Production only: accept a PUBLIC_BASE_URL that is not https (TLS terminated elsewhere on a private hop). */
    ALLOW_INSECURE_PUBLIC_URL: bool(false),
    CCAAS_WEBHOOK_URL: url('the CCaaS receiver'),
    CCAAS_WEBHOOK_SECRET: optionalString,
    /** Webhook retries: the first after about this long, doubling up to CCAAS_WEBHOOK_RETRY_MAX_MS. */
    CCAAS_WEBHOOK_RETRY_BASE_MS: millis(5_000, 1_000, 3_600_000),
    CCAAS_WEBHOOK_RETRY_MAX_MS: millis(3_600_000, 1_000, 86_400_000),

    /** Prometheus metrics at GET /metrics: off unless set; then the scraper sends `Authorization: Bearer <token>`. */
    METRICS_TOKEN: z.preprocess(
      blankToUndefined,
      z.string().min(16, { message: 'must be at least 16 characters (`openssl rand -hex 32`)' }).optional(),
    ),

    LOG_LEVEL: z.preprocess(
      blankToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    LOG_FORMAT: z.preprocess(
      blankToUndefined,
      z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
    ),
  })
  .superRefine(
    (env, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      // HTTP mode needs the signing secret to verify Slack's requests; Socket Mode (SLACK_APP_TOKEN) does not.
      if (env.SLACK_SIGNING_SECRET && !env.SLACK_BOT_TOKEN)
        issue('SLACK_BOT_TOKEN', 'is required when the other Slack credential is set');
      if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN)
        issue(
          'SLACK_SIGNING_SECRET',
          'is required when the other Slack credential is set (HTTP mode; or set SLACK_APP_TOKEN for Socket Mode)',
        );
      if (env.SLACK_APP_TOKEN && !env.SLACK_BOT_TOKEN)
        issue('SLACK_BOT_TOKEN', 'is required with SLACK_APP_TOKEN (Socket Mode)');
      if (env.MicrosoftAppId && !env.MicrosoftAppPassword && env.MicrosoftAppType !== 'UserAssignedMSI') {
        issue('MicrosoftAppPassword', 'is required when MicrosoftAppId is set');
      }
      if (env.TEAMS_EMULATOR && env.NODE_ENV === 'production')
        issue('TEAMS_EMULATOR', 'is refused when NODE_ENV=production (emulator mode has no authentication)');
      if (env.SIP_CHECK_ALLOW_LOOPBACK && env.NODE_ENV === 'production')
        issue('SIP_CHECK_ALLOW_LOOPBACK', 'is refused when NODE_ENV=production (it lets the check probe this machine)');
      if (env.TEAMS_EMULATOR && env.MicrosoftAppId)
        issue('TEAMS_EMULATOR', 'cannot be combined with MicrosoftAppId (unset one of them)');
      if (!env.MicrosoftAppId && (env.MicrosoftAppPassword || env.MicrosoftAppTenantId))
        issue('MicrosoftAppId', 'is required when MicrosoftAppPassword or MicrosoftAppTenantId is set');
      if (env.MicrosoftAppId && env.MicrosoftAppType !== 'MultiTenant' && !env.MicrosoftAppTenantId) {
        issue(
          'MicrosoftAppTenantId',
          `is required with MicrosoftAppType=${env.MicrosoftAppType ?? 'SingleTenant'} (the Directory (tenant) ID of the bot's app registration; MicrosoftAppType=MultiTenant only for a bot registered before multi-tenant creation ended)`,
        );
      }
      if (!!env.ACO_CLIENT_ID !== !!env.ACO_CLIENT_SECRET) {
        issue(
          env.ACO_CLIENT_ID ? 'ACO_CLIENT_SECRET' : 'ACO_CLIENT_ID',
          'is required when the other ACO credential is set',
        );
      }
      if (
        typeof env.CCAAS_WEBHOOK_RETRY_BASE_MS === 'number' &&
        typeof env.CCAAS_WEBHOOK_RETRY_MAX_MS === 'number' &&
        env.CCAAS_WEBHOOK_RETRY_MAX_MS < env.CCAAS_WEBHOOK_RETRY_BASE_MS
      ) {
        issue('CCAAS_WEBHOOK_RETRY_MAX_MS', 'must not be less than CCAAS_WEBHOOK_RETRY_BASE_MS');
      }
      if (env.CCAAS_WEBHOOK_URL && !env.CCAAS_WEBHOOK_SECRET)
        issue('CCAAS_WEBHOOK_SECRET', 'is required when CCAAS_WEBHOOK_URL is set');
      if (env.CCAAS_WEBHOOK_SECRET && !env.CCAAS_WEBHOOK_URL)
        issue('CCAAS_WEBHOOK_URL', 'is required when CCAAS_WEBHOOK_SECRET is set (set both or neither)');
      if (env.CCAAS_API_HOST && env.CCAAS_API_PORT === undefined)
        issue('CCAAS_API_PORT', 'is required when CCAAS_API_HOST is set');
      if (env.CCAAS_API_PORT !== undefined && !env.CCAAS_API_KEY)
        issue('CCAAS_API_KEY', 'is required when CCAAS_API_PORT is set (without a key the API is off)');
      if (env.CCAAS_API_PORT !== undefined && env.CCAAS_API_PORT !== 0 && env.CCAAS_API_PORT === (env.PORT ?? 3000))
        issue('CCAAS_API_PORT', 'must differ from PORT (the public listener)');
      if (
        env.NODE_ENV === 'production' &&
        !env.ALLOW_INSECURE_PUBLIC_URL &&
        !String(env.PUBLIC_BASE_URL ?? '').startsWith('https://')
      )
        issue(
          'PUBLIC_BASE_URL',
          'must be an https URL when NODE_ENV=production (Slack, Teams and ACO call it; set ALLOW_INSECURE_PUBLIC_URL=true only behind your own TLS)',
        );
      const apiKeys = parseApiKeyList(env.CCAAS_API_KEY);
      if (!apiKeys.ok) for (const p of apiKeys.problems) issue('CCAAS_API_KEY', p);
      if (!String(env.STORE_URL ?? 'sqlite:').startsWith('sqlite:') && !env.ENCRYPTION_KEY) {
        issue(
          'ENCRYPTION_KEY',
          'is required with a Redis or PostgreSQL store (32 bytes, base64: `openssl rand -base64 32`)',
        );
      }
      if (env.ENCRYPTION_KEY) {
        // Several keys while rotating: newest first, comma-separated (docs/security.md).
        const keys = String(env.ENCRYPTION_KEY)
          .split(',')
          .map((k) => k.trim());
        keys.forEach((k, i) => {
          if (Buffer.from(k, 'base64').length !== 32) {
            const which = keys.length > 1 ? ` (key ${i + 1} of ${keys.length})` : '';
            issue('ENCRYPTION_KEY', `must be 32 bytes encoded as base64${which} (\`openssl rand -base64 32\`)`);
          }
        });
        if (new Set(keys).size !== keys.length) issue('ENCRYPTION_KEY', 'lists the same key twice');
      }
      // Run even when single fields failed, so the operator sees every problem in one start.
    },
    { when: () => true },
  )
  .transform((env) => ({
    ...env,
    HOST: env.HOST ?? (env.TEAMS_EMULATOR ? '127.0.0.1' : '0.0.0.0'),
    CCAAS_API_HOST: env.CCAAS_API_HOST ?? '127.0.0.1',
    PUBLIC_BASE_URL: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
  }));

export type Config = z.infer<typeof ConfigSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** One line per problem, each naming its variable; values are never echoed (some are secrets). */
export function loadConfig(env: Record<string, string | undefined> = process.env): ConfigResult {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message}`);
  return { ok: false, problems: [...new Set(problems)] };
}

export const redirectUri = (config: Pick<Config, 'PUBLIC_BASE_URL'>) => `${config.PUBLIC_BASE_URL}/oauth/aco/callback`;
