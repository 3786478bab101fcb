/*
 * One aco-connect replica for the replica tests: the real server (`startApp`) from the environment, plus a
 * test-only component that moves the replica's clock (in step with the fake ACO's), runs a keeper pass on
 * demand and lists the core events this process emitted. Prints `{"replicaReady": url, "pid": n}` on stdout.
 *
 *   REPLICA_CLOCK_OFFSET_MS  where the test clock stands at start (a restarted replica continues there)
 *   REPLICA_AUTH_OPTIONS     JSON AppOptions['auth'] (short lock lease, keeper interval)
 */
import express from 'express';
import { loadConfig } from '../../../src/config.js';
import type { CoreEvent } from '../../../src/core/events.js';
import type { Clock } from '../../../src/core/ports.js';
import type { HttpComponent } from '../../../src/http/server.js';
import { startApp, type App, type AppOptions } from '../../../src/main.js';

let offset = Number(process.env.REPLICA_CLOCK_OFFSET_MS ?? 0);
const clock: Clock = { now: () => Date.now() + offset };
const auth = JSON.parse(process.env.REPLICA_AUTH_OPTIONS ?? '{}') as AppOptions['auth'];

const loaded = loadConfig(process.env);
if (!loaded.ok) {
  process.stderr.write(`replica config invalid:\n${loaded.problems.join('\n')}\n`);
  process.exit(1);
}

const seen: CoreEvent[] = [];
// Requests only arrive after the ready line, by which time `app` is set.
let app: App | undefined;

const testRoutes: HttpComponent = {
  name: 'replica-test-routes',
  mount(server) {
    const r = express.Router();
    r.use('/__test', express.json());
    r.post('/__test/clock', (req, res) => {
      offset = Number(req.body.offsetMs);
      res.json({ now: clock.now() });
    });
    r.post('/__test/keeper/run', async (_req, res) => {
      const outcomes = await app!.keeper.runOnce();
      res.json(Object.fromEntries(outcomes));
    });
    r.get('/__test/events', (_req, res) => {
      res.json(seen);
    });
    r.get('/__test/status', async (req, res) => {
      res.json(await app!.workflow.authStatus(String(req.query.tenant)));
    });
    server.use(r);
  },
};

app = await startApp(loaded.config, { clock, auth, components: [testRoutes] });
app.events.on((e) => void seen.push(e));
process.stdout.write(`${JSON.stringify({ replicaReady: app.url, pid: process.pid })}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  app!.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
