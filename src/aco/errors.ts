import { AcoError, type AcoErrorKind } from '../core/ports.js';

/**
 * Wait this long after a 429 without Retry-After: ACO asks for at least 30 s and restarts the penalty when called
 * during it; the SDK's own default is 60 s.
 */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Messages the SDK throws before sending anything, meaning the stored grant is unusable. */
const SDK_GRANT_MESSAGES = [/refresh token is missing/i, /refresh token has expired/i];

export interface ErrorContext {
  /** What we were doing, for the message: "code exchange", "token refresh", … */
  operation: string;
  /** Values that must never appear in the message (tokens, code, verifier, client secret). */
  secrets: (string | undefined)[];
}

interface ErrorBody {
  error?: unknown;
  error_description?: unknown;
  message?: unknown;
  errorCode?: unknown;
  errors?: { errorCode?: unknown; message?: unknown }[];
}

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Replaces every secret with [redacted] and keeps the text short and on one line. */
export function redact(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > 200 ? `${out.slice(0, 197)}...` : out;
}

function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

async function readBody(response: Response): Promise<ErrorBody> {
  try {
    const text = await response.clone().text();
    const json: unknown = JSON.parse(text);
    return json && typeof json === 'object' ? (json as ErrorBody) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/**
 * Maps whatever the SDK threw (an ApiError carrying `response`, a fetch failure, a timeout) to an AcoError.
 * The original error is not kept as `cause`: it holds the request with its Authorization header.
 */
export async function toAcoError(err: unknown, ctx: ErrorContext): Promise<AcoError> {
  if (err instanceof AcoError) return err;
  const say = (kind: AcoErrorKind, text: string, details: AcoError['details'] = {}) =>
    new AcoError(kind, redact(`ACO ${ctx.operation} failed: ${text}`, ctx.secrets), details);

  const response = (err as { response?: unknown } | null)?.response;
  if (!(response && typeof response === 'object' && 'status' in response)) {
    const name = (err as { name?: unknown } | null)?.name;
    const code = causeCode(err);
    if (name === 'AcoTimeoutError' || name === 'TimeoutError' || name === 'AbortError') {
      return say('unreachable', String((err as Error).message || 'timed out'));
    }
    const message = String(
      (err as { originalMessage?: unknown; message?: unknown } | null)?.originalMessage ??
        (err as Error)?.message ??
        err,
    );
    if (SDK_GRANT_MESSAGES.some((re) => re.test(message))) return say('invalid_grant', message);
    if ((code && NETWORK_CODES.has(code)) || /fetch failed|network|socket/i.test(message)) {
      return say('unreachable', `could not reach ACO${code ? ` (${code})` : ''}`);
    }
    return say('server_error', `unexpected error: ${message}`);
  }

  const res = response as Response;
  const status = res.status;
  const body = await readBody(res);
  const oauthError = str(body.error);
  const errorCode = str(body.errors?.[0]?.errorCode) ?? str(body.errorCode);
  const description = str(body.error_description) ?? str(body.message) ?? str(body.errors?.[0]?.message);
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
  const what =
    [`HTTP ${status}`, oauthError, errorCode].filter(Boolean).join(' ') + (description ? `: ${description}` : '');
  const details = {
    status,
    ...(errorCode ? { errorCode } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };

  if (status === 429) {
    return say(
      'rate_limited',
      `${what} (retry in ${Math.round((retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS) / 1000)} s)`,
      {
        ...details,
        retryAfterMs: retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS,
      },
    );
  }
  if (status >= 500) return say('server_error', what, details);
  if (oauthError === 'invalid_grant') return say('invalid_grant', what, details);
  // A REST call refused for its bearer token: the grant is expired, revoked or unknown.
  if (status === 401 && oauthError === undefined) return say('invalid_grant', what, details);
  return say('rejected', what, details);
}
