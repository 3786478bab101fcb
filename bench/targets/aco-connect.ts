import { loadConfig } from '../../src/config.js';
import type { HttpComponent } from '../../src/http/server.js';
import { startApp, type App } from '../../src/main.js';
import { exitOnSignal, mountConsentRoute } from './bench-routes.js';
import { mountRuntimeStats } from './runtime-stats.js';

/*
 * aco-connect as the bench runs it: the real composition root (startApp) from the environment, exactly as
 * `npm start` builds it, plus the bench's consent-URL route.
 */

const loaded = loadConfig(process.env);
if (!loaded.ok) {
  process.stderr.write(`bench target: bad environment:\n${loaded.problems.join('\n')}\n`);
  process.exit(1);
}

let app: App | undefined;
const bench: HttpComponent = {
  name: 'bench',
  mount: (express) => {
    mountRuntimeStats(express);
    mountConsentRoute(express, async (tenant) => {
      if (!app) throw new Error('not started');
      const actor = { platform: 'slack' as const, id: 'UBENCHADM', name: 'Bench Admin' };
      return (await app.workflow.beginAuthentication(tenant, actor)).url;
    });
  },
};

app = await startApp(loaded.config, { components: [bench] });
exitOnSignal(() => app!.close());
