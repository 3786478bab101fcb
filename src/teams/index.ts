import { CloudAdapter, type Request as BotRequest, type Response as BotResponse } from 'botbuilder';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Component } from '../core/component.js';
import type { CoreEvents } from '../core/events.js';
import { outageText } from '../core/store-outage.js';
import type { Store } from '../core/ports.js';
import type { ConnectionWorkflow } from '../core/workflow.js';
import { createBotAuthentication, type TeamsAuthOptions } from './bot-authentication.js';
import { AcoTeamsBot } from './bot.js';
import { EMULATOR_TENANT } from './identity.js';
import type { TeamsDeps } from './deps.js';
import { emulatorGuard } from './emulator-guard.js';
import { subscribeTeamsNotices } from './notices/index.js';
import { ProactiveMessenger } from './proactive.js';
import { errorMessage } from '../error-message.js';

export type { TeamsAuthOptions };

export interface TeamsComponentOptions {
  config: Config;
  workflow: ConnectionWorkflow;
  events: CoreEvents;
  store: Store;
  logger: Logger;
  /** Bot Framework token endpoints (tests point them at a local issuer); botbuilder's defaults otherwise. */
  auth?: TeamsAuthOptions;
}

export interface TeamsComponent extends Component<express.Express> {
  /** Resolves when proactive work started by core events has finished. */
  settled(): Promise<void>;
}

export const TEAMS_ROUTE = '/api/messages';

export type TeamsMode = 'bot' | 'emulator';

/**
 * Teams runs with Bot Framework credentials, or in emulator mode when asked for explicitly; otherwise it is
 * off and POST /api/messages does not exist (404).
 */
export function teamsMode(config: Pick<Config, 'MicrosoftAppId' | 'TEAMS_EMULATOR'>): TeamsMode | undefined {
  if (config.MicrosoftAppId) return 'bot';
  return config.TEAMS_EMULATOR ? 'emulator' : undefined;
}

/**
 * The Teams adapter: botbuilder's CloudAdapter on POST /api/messages of the one server, and the
 * listeners that post proactively. With TEAMS_EMULATOR=true (and no MicrosoftAppId) it runs in emulator mode.
 */
export function createTeamsComponent(opts: TeamsComponentOptions): TeamsComponent {
  const { config, logger: parent } = opts;
  const logger = parent.child({ component: 'teams' });
  const mode = teamsMode(config);
  if (!mode) throw new Error('Teams is off: set MicrosoftAppId and MicrosoftAppPassword (or TEAMS_EMULATOR=true)');
  const emulator = mode === 'emulator';
  const adapter = new CloudAdapter(createBotAuthentication(config, logger, opts.auth));
  adapter.onTurnError = async (ctx, err) => {
    const outage = outageText(err);
    if (outage) {
      logger.warn({ type: ctx.activity.type, name: ctx.activity.name }, 'Teams turn failed: store unavailable');
      if (ctx.activity.type === 'message') await ctx.sendActivity(outage).catch(() => undefined);
      return;
    }
    logger.error({ type: ctx.activity.type, name: ctx.activity.name, err: errorMessage(err) }, 'Teams turn failed');
    if (ctx.activity.type === 'message') {
      await ctx.sendActivity('aco-connect could not complete this. Try again in a moment.').catch(() => undefined);
    }
  };
  const deps: TeamsDeps = {
    workflow: opts.workflow,
    store: opts.store,
    logger,
    admins: config.TEAMS_ADMIN_USERS,
    emulator,
    messenger: new ProactiveMessenger(adapter, config.MicrosoftAppId ?? ''),
  };
  const bot = new AcoTeamsBot(deps);
  let subscription: ReturnType<typeof subscribeTeamsNotices> | undefined;

  return {
    name: 'teams',
    mount(app) {
      app.post(
        TEAMS_ROUTE,
        express.json({ limit: '256kb' }),
        ...(emulator ? [emulatorGuard(logger)] : []),
        (req: Request, res: Response, next: NextFunction) => {
          // botbuilder throws on an activity without a type, which would surface as a 500.
          const body = req.body as { type?: unknown } | undefined;
          if (body && typeof body === 'object' && typeof body.type === 'string' && body.type) return next();
          res
            .status(400)
            .json({ error: 'bad_request', message: 'The body must be a Bot Framework activity with a type.' });
        },
        async (req: Request, res: Response) => {
          await adapter.process(req as unknown as BotRequest, res as unknown as BotResponse, (ctx) => bot.run(ctx));
        },
        // A body that is not JSON is the caller's mistake, not ours.
        (err: { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
          if (err?.status && err.status >= 400 && err.status < 500)
            return void res.status(err.status).json({ error: 'bad_request' });
          next(err);
        },
      );
    },
    async start() {
      subscription = subscribeTeamsNotices(opts.events, deps);
      if (emulator) {
        logger.warn(
          `Teams: emulator mode (TEAMS_EMULATOR=true): authentication is off, POST ${TEAMS_ROUTE} accepts loopback callers with a loopback serviceUrl only, and every activity is filed under ${EMULATOR_TENANT}`,
        );
      } else {
        logger.info(
          { appId: config.MicrosoftAppId, appType: config.MicrosoftAppType },
          `Teams: Bot Framework authentication on at POST ${TEAMS_ROUTE}`,
        );
      }
      if (config.TEAMS_ADMIN_USERS.length === 0)
        logger.warn('Teams: TEAMS_ADMIN_USERS is empty, so nobody may use the bot');
    },
    async stop() {
      subscription?.unsubscribe();
      await subscription?.settled();
    },
    settled: () => subscription?.settled() ?? Promise.resolve(),
  };
}
