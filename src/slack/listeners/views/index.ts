import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { SETTINGS_CALLBACK_ID } from '../../ids.js';
import { platformSettingsSubmitted } from './platform-settings-submitted.js';

export function register(app: App, ctx: SlackContext): void {
  app.view(SETTINGS_CALLBACK_ID, platformSettingsSubmitted(ctx));
}
