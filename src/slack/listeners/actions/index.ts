import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { ACTIONS, HOME_ACTIONS } from '../../ids.js';
import { authenticateClicked } from './authenticate.js';
import { confirmCancelClicked } from './confirm-cancel.js';
import { confirmOkClicked } from './confirm-ok.js';
import { disconnectCancelClicked } from './disconnect-cancel.js';
import { disconnectConfirmClicked } from './disconnect-confirm.js';
import { homeAuthenticateClicked } from './home/authenticate.js';
import { homeDisconnectClicked } from './home/disconnect.js';
import { homeHistoryClicked } from './home/history.js';
import { homeOpenSettingsClicked } from './home/open-settings.js';
import { reauthenticateClicked } from './reauthenticate.js';
import { reopenFormClicked } from './reopen-form.js';
import { useAcoValuesClicked } from './use-aco-values.js';

export function register(app: App, ctx: SlackContext): void {
  app.action(ACTIONS.authenticate, authenticateClicked());
  app.action(ACTIONS.confirmOk, confirmOkClicked(ctx));
  app.action(ACTIONS.confirmCancel, confirmCancelClicked(ctx));
  app.action(ACTIONS.reauthenticate, reauthenticateClicked(ctx));
  app.action(ACTIONS.reopenForm, reopenFormClicked(ctx));
  app.action(ACTIONS.disconnectConfirm, disconnectConfirmClicked(ctx));
  app.action(ACTIONS.disconnectCancel, disconnectCancelClicked(ctx));
  app.action(HOME_ACTIONS.open_settings, homeOpenSettingsClicked(ctx));
  app.action(HOME_ACTIONS.authenticate, homeAuthenticateClicked(ctx));
  app.action(HOME_ACTIONS.history, homeHistoryClicked(ctx));
  app.action(HOME_ACTIONS.disconnect, homeDisconnectClicked(ctx));
  app.action(ACTIONS.useAcoValues, useAcoValuesClicked(ctx));
}
