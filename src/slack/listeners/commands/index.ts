import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { COMMAND } from '../../ids.js';
import { acoConnectCommand } from './aco-connect/index.js';

export function register(app: App, ctx: SlackContext): void {
  app.command(COMMAND, acoConnectCommand(ctx));
}
