import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { SDK } from '@ringcentral/sdk';
import { App, ExpressReceiver } from '@slack/bolt';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Request as BotRequest,
  type Response as BotResponse,
  type TaskModuleRequest,
  type TaskModuleResponse,
  type TurnContext,
} from 'botbuilder';
import express from 'express';
import type { Calibration } from './calibration-file.js';
import { exitOnSignal, mountConsentRoute } from './bench-routes.js';
import { mountRuntimeStats } from './runtime-stats.js';

/*
 * The baseline: the least an app can do and still answer Slack, Teams and the ACO redirect correctly, on
 * the same libraries and versions as aco-connect and on one express server like it. Slack: Bolt verifies
 * the signature, acks /aco-connect and calls views.open with a modal of the same size; a submission is
 * acked (with a field error when SIP Domain is not host[:port]). Teams: a bare CloudAdapter answers
 * task/fetch and adaptiveCard/action with cards of the same size. ACO: the callback exchanges the code
 * with @ringcentral/sdk, reads who signed in, and returns the same page. No store, no checks, no follow-up.
 */

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`baseline: ${name} is required`);
  return v;
};
const calibration = JSON.parse(readFileSync(env('BENCH_CALIBRATION'), 'utf8')) as Calibration;
const server = express();
server.disable('x-powered-by');
mountRuntimeStats(server);

// Slack
const receiver = new ExpressReceiver({
  signingSecret: env('SLACK_SIGNING_SECRET'),
  endpoints: '/slack/events',
  processBeforeResponse: false,
});
const bolt = new App({
  token: env('SLACK_BOT_TOKEN'),
  receiver,
  clientOptions: { slackApiUrl: env('SLACK_API_URL') },
  // As aco-connect: no conversation store (it would be per-request work aco-connect does not do).
  convoStore: false,
  deferInitialization: true,
});
bolt.command('/aco-connect', async ({ ack, command, client }) => {
  await ack();
  await client.views.open({ trigger_id: command.trigger_id, view: calibration.slackModal as never });
});
bolt.view('aco_platform_settings', async ({ ack, view }) => {
  const sip = view.state.values.sip_domain?.value?.value ?? '';
  if (/^[a-z0-9.-]+(:\d{1,5})?$/i.test(sip)) await ack();
  else await ack({ response_action: 'errors', errors: { sip_domain: 'Enter a host name, optionally with :port.' } });
});
server.use(receiver.router);

// Teams
class BareBot extends TeamsActivityHandler {
  protected async handleTeamsTaskModuleFetch(_ctx: TurnContext, _req: TaskModuleRequest): Promise<TaskModuleResponse> {
    return calibration.teamsTaskFetch as TaskModuleResponse;
  }
  protected async onAdaptiveCardInvoke(
    _ctx: TurnContext,
    _value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    return calibration.teamsCardAction as AdaptiveCardInvokeResponse;
  }
}
const bot = new BareBot();
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
server.post('/api/messages', express.json({ limit: '256kb' }), async (req, res) => {
  await adapter.process(req as unknown as BotRequest, res as unknown as BotResponse, (ctx) => bot.run(ctx));
});

// ACO
const redirectUri = `${env('PUBLIC_BASE_URL')}/oauth/aco/callback`;
const newSdk = () => {
  const items = new Map<string, string>();
  const storage = {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    clear: () => items.clear(),
    keys: () => [...items.keys()],
    key: (i: number) => [...items.keys()][i] ?? null,
    get length() {
      return items.size;
    },
  };
  return new SDK({
    server: env('ACO_SERVER_URL'),
    clientId: env('ACO_CLIENT_ID'),
    clientSecret: env('ACO_CLIENT_SECRET'),
    redirectUri,
    localStorage: storage as unknown as Storage,
  });
};
const verifiers = new Map<string, string>();
mountConsentRoute(server, async (tenant) => {
  const state = `${tenant}.${Math.random().toString(36).slice(2)}`;
  const platform = newSdk().platform();
  const url = platform.loginUrl({ state, usePKCE: true, brandId: '6010' });
  verifiers.set(state, platform.codeVerifier);
  return url;
});
server.get('/oauth/aco/callback', async (req, res) => {
  const state = String(req.query.state ?? '');
  const verifier = verifiers.get(state);
  verifiers.delete(state);
  if (!verifier) return void res.status(400).send('unknown state');
  try {
    const platform = newSdk().platform();
    await platform.login({ code: String(req.query.code ?? ''), code_verifier: verifier });
    await (await platform.get('/restapi/v1.0/account/~/extension/~')).json();
    res
      .status(200)
      .set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
      .send(calibration.oauthPage);
  } catch (err) {
    res.status(500).send(err instanceof Error ? err.message : 'failed');
  }
});

server.get('/readyz', (_req, res) => void res.json({ status: 'ready' }));

await bolt.init();
const http = createServer(server);
await new Promise<void>((resolve) => http.listen(Number(env('PORT')), env('HOST'), resolve));
exitOnSignal(
  () =>
    new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeIdleConnections();
    }),
);
