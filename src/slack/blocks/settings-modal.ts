import type { types } from '@slack/bolt';
import { EXAMPLE_HOST_PORT, FIELD_LABELS } from '../../core/settings.js';
import { RECORDING_UNLICENSED_NOTE } from '../../core/status-text.js';
import type { FormView } from '../../core/views.js';
import { FIELD_ACTION_ID, FIELD_BLOCK_IDS } from '../form-fields.js';
import { LOADING_CALLBACK_ID, SETTINGS_CALLBACK_ID } from '../ids.js';
import { acoValuesBlocks } from './assist.js';
import { context, escapeMrkdwn, plain, section } from './text.js';

/** Under 24 characters, Slack's limit for a modal title. */
export const MODAL_TITLE = 'ACO Platform Settings';

/** What the modal carries from the command to the submission; kept tiny (private_metadata ≤ 3000). */
export interface SettingsModalMetadata {
  /** The channel the command came from, to answer there if the DM cannot be opened. */
  channel?: string;
}

function hostPortInput(
  field: 'sipDomain' | 'outboundProxy' | 'secondaryProxy',
  value: string,
  defaultHint: string,
  optional = false,
  form?: FormView,
): types.InputBlock {
  // Where ACO says otherwise, the hint says so ("ACO says sip10.ringcentral.com:5090").
  const aco = form?.aco?.available ? form.aco.fields.find((f) => f.field === field && f.differs)?.note : undefined;
  const hint = aco ?? defaultHint;
  return {
    type: 'input',
    block_id: FIELD_BLOCK_IDS[field],
    optional,
    label: plain(FIELD_LABELS[field], 2000),
    hint: plain(hint, 2000),
    element: {
      type: 'plain_text_input',
      action_id: FIELD_ACTION_ID,
      placeholder: plain(EXAMPLE_HOST_PORT, 150),
      max_length: 300,
      // Slack refuses an empty initial_value on some clients; leave it out instead.
      ...(value ? { initial_value: value } : {}),
    },
  };
}

/** The Platform Settings form, as Xima's own Target Platform Configuration lays it out. */
export function settingsModal(form: FormView, metadata: SettingsModalMetadata = {}): types.ModalView {
  const yes = { text: plain('Yes', 75), value: 'yes' };
  const no = { text: plain('No', 75), value: 'no' };
  const recording: types.InputBlock = {
    type: 'input',
    block_id: FIELD_BLOCK_IDS.recording,
    label: plain(FIELD_LABELS.recording, 2000),
    element: {
      type: 'radio_buttons',
      action_id: FIELD_ACTION_ID,
      options: [yes, no],
      initial_option: form.values.recording === 'yes' ? yes : no,
    },
    ...(form.recordingLicensed
      ? { hint: plain('ACO call recordings appear in Cradle to Grave.', 2000) }
      : { hint: plain(RECORDING_UNLICENSED_NOTE, 2000) }),
  };
  const version = form.version === null ? 'Nothing saved yet.' : `Editing saved version ${form.version}.`;
  return {
    type: 'modal',
    callback_id: SETTINGS_CALLBACK_ID,
    title: plain(MODAL_TITLE, 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      section(
        'Connect Avaya Cloud Office to Xima CCaaS. After you press *Save* you confirm the changes in a direct message.',
      ),
      ...acoValuesBlocks(form.aco, true),
      hostPortInput('sipDomain', form.values.sipDomain, 'host:port of the ACO SIP domain', false, form),
      hostPortInput('outboundProxy', form.values.outboundProxy, 'host:port of the ACO outbound proxy', false, form),
      hostPortInput(
        'secondaryProxy',
        form.values.secondaryProxy,
        'Optional, newer Xima versions: a backup outbound proxy',
        true,
        form,
      ),
      recording,
      context(`*API Auth Status:* ${escapeMrkdwn(form.auth.text)}`, version),
    ],
  };
}

/** Opened at once with the trigger_id (it lives 3 s); the real form replaces it when the store answers. */
export function loadingModal(): types.ModalView {
  return {
    type: 'modal',
    callback_id: LOADING_CALLBACK_ID,
    title: plain(MODAL_TITLE, 24),
    close: plain('Cancel', 24),
    blocks: [section(':hourglass_flowing_sand: Loading the current Platform Settings…')],
  };
}

/** Replaces the modal when it cannot be shown or submitted (not allowed, or an error). */
export function noticeModal(title: string, message: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: LOADING_CALLBACK_ID,
    title: plain(title, 24),
    close: plain('Close', 24),
    blocks: [section(message)],
  };
}
