import path from 'node:path';

export const DEFAULT_STORE_URL = 'sqlite://./data/aco-connect.sqlite';

export type StoreLocation =
  | { kind: 'sqlite' /** Absolute path, or ':memory:'. */; file: string }
  | { kind: 'redis'; url: string }
  | { kind: 'postgres'; url: string };

/** Parses STORE_URL; relative SQLite paths are resolved against `cwd`. Errors name STORE_URL, never echo it. */
export function parseStoreUrl(url: string = DEFAULT_STORE_URL, cwd: string = process.cwd()): StoreLocation {
  const trimmed = url.trim();
  const scheme = /^([a-z]+):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite': {
      const rest = trimmed.slice('sqlite://'.length);
      if (!rest) throw new Error('STORE_URL: sqlite:// needs a file path, e.g. sqlite://./data/aco-connect.sqlite');
      if (rest === ':memory:') return { kind: 'sqlite', file: ':memory:' };
      return { kind: 'sqlite', file: path.resolve(cwd, rest) };
    }
    case 'redis':
    case 'rediss':
      return { kind: 'redis', url: trimmed };
    case 'postgres':
    case 'postgresql':
      return { kind: 'postgres', url: trimmed };
    default:
      throw new Error('STORE_URL must start with sqlite://, redis://, rediss://, postgres:// or postgresql://');
  }
}

/** The URL without a password, for log lines. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
