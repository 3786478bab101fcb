/**
 * `npm run reseal` (in an image: `node dist/reseal.js`): re-seals every sealed record of the store (ACO grants, PKCE verifiers of pending sign-ins,
 * and any sealed kind added later) under the newest key of ENCRYPTION_KEY. Run it after putting the new key
 * first (`ENCRYPTION_KEY=new,old`) and before removing the old one; docs/security.md has the procedure. It
 * reads STORE_URL and ENCRYPTION_KEY like the server (and .env), may run while aco-connect serves, and can be
 * run again. Exit code 0 when every record opened; 1 otherwise (the failures are listed, the records kept).
 */
import 'dotenv/config';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { createStore } from './store/create-store.js';
import type { ResealReport } from './store/sealed-records.js';

export async function reseal(env: Record<string, string | undefined> = process.env): Promise<{
  report: ResealReport;
  keyId: string;
}> {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(`fix the environment first:\n  - ${loaded.problems.join('\n  - ')}`);
  const { config } = loaded;
  const store = await createStore({
    url: config.STORE_URL,
    encryptionKey: config.ENCRYPTION_KEY,
    timeoutMs: config.STORE_TIMEOUT_MS,
    logger: createLogger({ level: 'warn' }),
    sweepIntervalMs: 0,
  });
  try {
    return { report: await store.reseal(), keyId: store.keyId };
  } finally {
    await store.close();
  }
}

const isEntry = (() => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
/** Runs reseal() as the process's program: a summary line, the failures, exit 0 only when every record opened. */
export function runReseal(): void {
  reseal().then(
    ({ report, keyId }) => {
      process.stdout.write(
        `re-sealed ${report.resealed} record(s) under key id ${keyId}; ${report.current} already were; ${report.failed.length} failed\n`,
      );
      for (const f of report.failed) process.stdout.write(`  - ${f.record}: ${f.reason}\n`);
      process.exit(report.failed.length === 0 ? 0 : 1);
    },
    (err: unknown) => {
      process.stderr.write(`reseal failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
if (isEntry) runReseal();
