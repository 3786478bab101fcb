/*
 * `npm run demo`: the playground. Checks the environment before anything loads .env, then starts the real
 * app with a simulated ACO, a local Bot Connector and a CCaaS receiver on 127.0.0.1.
 */
import { findRealVariables, refusal } from './guard.js';

const found = findRealVariables(process.env);
if (found.length > 0) {
  process.stderr.write(`${refusal(found)}\n`);
  process.exit(2);
}

// Imported only now: the app's entry module reads .env when it loads.
const { startDemo } = await import('./start-demo.js');

const port = process.env.PORT ? Number(process.env.PORT) : undefined;
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  process.stderr.write('PORT must be a port number from 1 to 65535\n');
  process.exit(2);
}

try {
  const demo = await startDemo({ port });
  process.stdout.write(
    [
      '',
      '  aco-connect playground — local demo, no accounts needed',
      `  Open ${demo.url}/ in your browser.`,
      '  Simulated ACO (not connected to Avaya Cloud Office) · listening on 127.0.0.1 only · Ctrl+C stops and deletes the temporary store.',
      '',
      '',
    ].join('\n'),
  );
  const stop = (signal: string) => {
    demo.app.logger.info({ signal }, 'playground stopping');
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  process.stderr.write(`The playground could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
