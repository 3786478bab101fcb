/*
 * The Slack identifiers (command, callback, block and action ids); manifests, tests and operators rely on these
 * exact strings.
 */

export const COMMAND = '/aco-connect';
export const SETTINGS_CALLBACK_ID = 'aco_platform_settings';
/** The placeholder modal shown while the current settings load; it has no inputs and no submit. */
export const LOADING_CALLBACK_ID = 'aco_platform_settings_loading';

export const ACTIONS = {
  authenticate: 'aco_authenticate',
  confirmOk: 'aco_confirm_ok',
  confirmCancel: 'aco_confirm_cancel',
  reauthenticate: 'aco_reauthenticate',
  reopenForm: 'aco_reopen_form',
  disconnectConfirm: 'aco_disconnect_confirm',
  disconnectCancel: 'aco_disconnect_cancel',
} as const;
