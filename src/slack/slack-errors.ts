/** A short, secret-free code for a failed Slack call: the API's error code, `ratelimited`, `http_503`, … */
export function slackErrorCode(err: unknown): string {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; original?: unknown } | undefined;
  switch (e?.code) {
    case 'slack_webapi_platform_error':
      return typeof e.data?.error === 'string' ? e.data.error.slice(0, 60) : 'slack_error';
    case 'slack_webapi_rate_limited_error':
      return 'ratelimited';
    case 'slack_webapi_http_error':
      return `http_${e.statusCode ?? 'error'}`;
    case 'slack_webapi_request_error':
      // The client wraps its own "rate limit was exceeded" retry marker in a request error.
      return e.original instanceof Error && /rate limit/i.test(e.original.message)
        ? 'ratelimited'
        : 'slack_unreachable';
    default:
      // p-retry gives up with the last attempt's error, which may be the rate-limit retry marker.
      if (err instanceof Error && /rate limit/i.test(err.message)) return 'ratelimited';
      return err instanceof Error && err.name === 'LockTimeoutError' ? 'busy' : 'unexpected_error';
  }
}

/** Errors that mean the admin channel is unusable as configured (not a passing failure). */
const CHANNEL_PROBLEMS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'restricted_action',
]);
export const isChannelProblem = (code: string) => CHANNEL_PROBLEMS.has(code);
