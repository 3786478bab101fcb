import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { register as registerActions } from './actions/index.js';
import { register as registerCommands } from './commands/index.js';
import { register as registerEvents } from './events/index.js';
import { register as registerViews } from './views/index.js';

export function registerListeners(app: App, ctx: SlackContext): void {
  registerCommands(app, ctx);
  registerViews(app, ctx);
  registerActions(app, ctx);
  registerEvents(app, ctx);
}
