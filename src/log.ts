import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Field names that may carry a secret anywhere in a logged object. Pino censors them by path;
 * code also never puts a secret in a message string (tests capture the output to check).
 */
const SECRET_KEYS = [
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'token',
  'code',
  'code_verifier',
  'codeVerifier',
  'clientSecret',
  'client_secret',
  'password',
  'secret',
  'signingSecret',
  'authorization',
  'Authorization',
  'cookie',
  'apiKey',
  'key',
];
const REDACT = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `req.headers.${k.toLowerCase()}`]);

export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  const options = {
    level: opts.level ?? 'info',
    base: { app: 'aco-connect' },
    redact: { paths: [...new Set(REDACT)], censor: '[redacted]' },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

/** A logger whose lines are kept in memory, for tests that check what was (not) logged. */
export function createCapturingLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = { write: (line: string) => void lines.push(line) } as DestinationStream;
  return { logger: createLogger({ level, destination }), lines };
}
