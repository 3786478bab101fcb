import { format } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

const TOKEN = /\b(xox[a-z]-|xapp-)[A-Za-z0-9-]+/g;
/** The consent link's single-use state travels in message bodies the Web API client logs at debug. */
const STATE_PARAM = /([?&]state=)[^&"'\\\s]+/g;

/** Removes Slack tokens and the given secrets from a line; Bolt and the Web API client format their own messages. */
export function scrubSecrets(text: string, secrets: string[]): string {
  let out = text.replace(TOKEN, '$1[redacted]').replace(STATE_PARAM, '$1[redacted]');
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join('[redacted]');
  return out;
}

function boltLevelOf(pinoLevel: string): LogLevel {
  if (pinoLevel === 'debug' || pinoLevel === 'trace') return LogLevel.DEBUG;
  if (pinoLevel === 'info') return LogLevel.INFO;
  if (pinoLevel === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

/** Bolt, the Web API client and Socket Mode log through pino; secrets are scrubbed from every line. */
export function boltLogger(logger: Logger, secrets: string[]): BoltLogger {
  const child = logger.child({ component: 'slack' });
  const line = (args: unknown[]) =>
    scrubSecrets(format(...args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : a))), secrets);
  let name = 'bolt';
  // Bolt and the Web API client emit debug lines on every call (request bodies included); formatting and
  // scrubbing them only for pino to drop them was measurable CPU in the benchmark, so a level that is off
  // costs nothing beyond this check.
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      if (child.isLevelEnabled(level)) child[level]({ lib: name }, line(args));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    // pino owns the level; Bolt asks for one it already has.
    setLevel: () => {},
    getLevel: () => boltLevelOf(child.level),
    setName: (n: string) => {
      name = n;
    },
  };
}
