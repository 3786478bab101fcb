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
  /** "Use ACO's values": a draft of ACO's own values, then Confirm Changes. */
  useAcoValues: 'aco_use_aco_values',
} as const;

/** The Home tab (views.publish) and its buttons; every click checks the clicker is an admin again. */
export const HOME_CALLBACK_ID = 'aco_home';
export const HOME_ACTIONS = {
  open_settings: 'aco_home_open_settings',
  authenticate: 'aco_home_authenticate',
  check: 'aco_home_check',
  history: 'aco_home_history',
  disconnect: 'aco_home_disconnect',
} as const;
