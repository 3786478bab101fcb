import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** `json`: one JSON object per line, for log shippers. `pretty`: one short human line per event (pino-pretty). */
export type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT when set; otherwise pretty on a terminal, JSON everywhere else (pipes, files, containers). */
export function resolveLogFormat(setting: LogFormat | undefined, stdoutIsTerminal: boolean): LogFormat {
  return setting ?? (stdoutIsTerminal ? 'pretty' : 'json');
}

type PrettyFactory = (options: Record<string, unknown>) => DestinationStream;

/**
 * pino-pretty is a development dependency, loaded only when pretty output is asked for: a production install
 * (dev dependencies pruned) with JSON logs never needs it. Undefined when it is not installed.
 */
function loadPinoPretty(): PrettyFactory | undefined {
  try {
    return createRequire(import.meta.url)('pino-pretty') as PrettyFactory;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

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

export interface LoggerOptions {
  level?: string;
  /** Default json. Pretty lines go to `destination` (default stdout); secrets are redacted before either. */
  format?: LogFormat;
  /** Colours in pretty lines (default: when stdout is a terminal). */
  colorize?: boolean;
  destination?: DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const options = {
    level: opts.level ?? 'info',
    base: { app: 'aco-connect' },
    redact: { paths: [...new Set(REDACT)], censor: '[redacted]' },
  };
  if (opts.format === 'pretty') {
    const pretty = loadPinoPretty();
    if (pretty) {
      const stream = pretty({
        destination: opts.destination ?? 1,
        sync: true, // no line lost when the process exits right after logging
        colorize: opts.colorize ?? !!process.stdout.isTTY,
        singleLine: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,app',
      });
      return pino(options, stream);
    }
    const logger = opts.destination ? pino(options, opts.destination) : pino(options);
    logger.warn('LOG_FORMAT=pretty needs pino-pretty, a development dependency that is not installed; logging JSON');
    return logger;
  }
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

/** A logger whose lines are kept in memory, for tests that check what was (not) logged. */
export function createCapturingLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = { write: (line: string) => void lines.push(line) } as DestinationStream;
  return { logger: createLogger({ level, destination }), lines };
}
