import {
  EXAMPLE_HOST_PORT,
  FIELD_LABELS,
  recordingUnlicensedMessage,
  type SettingsField,
} from '../../core/settings.js';
import type { FormView } from '../../core/views.js';
import { CARD_INPUT_IDS } from '../form-fields.js';
import { VERBS } from '../verbs.js';
import { acoFieldNote, acoValuesElements, useAcoValuesAction } from './assist-elements.js';
import { card, heading, subtle, text, type AdaptiveCard, type CardElement } from './elements.js';

function fieldError(message: string | undefined): CardElement[] {
  return message ? [text(message, { color: 'attention', size: 'Small', spacing: 'None' })] : [];
}

function hostPortInput(view: FormView, field: Exclude<SettingsField, 'recording'>, required: boolean): CardElement[] {
  return [
    {
      type: 'Input.Text',
      id: CARD_INPUT_IDS[field],
      label: required ? FIELD_LABELS[field] : `${FIELD_LABELS[field]} (optional)`,
      placeholder: EXAMPLE_HOST_PORT,
      value: view.values[field],
      maxLength: 300,
      ...(required ? { isRequired: true, errorMessage: `Enter the ${FIELD_LABELS[field]} as host:port.` } : {}),
    },
    ...fieldError(view.errors[field]),
    ...acoFieldNote(view.aco, field),
  ];
}

/**
 * The dialog's form, Xima's "Platform Settings" in Adaptive Card 1.5: prefilled, or after a refused
 * submit re-rendered with what was typed and each error under its field.
 */
export function settingsFormCard(view: FormView): AdaptiveCard {
  const errorCount = Object.values(view.errors).filter(Boolean).length;
  const body: CardElement[] = [
    heading('Platform Settings'),
    text(`API Auth Status: ${view.auth.text}`, {
      color: view.auth.authenticated ? 'good' : 'warning',
      spacing: 'Small',
    }),
    subtle(view.version === null ? 'Nothing saved yet.' : `Editing version ${view.version}.`),
    ...acoValuesElements(view.aco),
  ];
  if (errorCount) {
    body.push(
      text(errorCount === 1 ? 'Fix the field marked below.' : `Fix the ${errorCount} fields marked below.`, {
        color: 'attention',
        weight: 'Bolder',
      }),
    );
  }
  body.push(
    ...hostPortInput(view, 'sipDomain', true),
    ...hostPortInput(view, 'outboundProxy', true),
    ...hostPortInput(view, 'secondaryProxy', false),
  );
  body.push({
    type: 'Input.ChoiceSet',
    id: CARD_INPUT_IDS.recording,
    label: FIELD_LABELS.recording,
    style: 'expanded',
    value: view.values.recording,
    choices: [
      { title: 'Yes', value: 'yes' },
      { title: 'No', value: 'no' },
    ],
  });
  body.push(...fieldError(view.errors.recording));
  if (!view.recordingLicensed) body.push(subtle(recordingUnlicensedMessage()));
  if (!view.auth.authenticated)
    body.push(subtle('After Save you will be asked to authenticate with an ACO Super Admin account.'));
  return card(
    body,
    [
      { type: 'Action.Submit', title: 'Save', style: 'positive', data: { verb: VERBS.submitSettings } },
      ...(view.aco?.available && view.aco.differs ? [useAcoValuesAction(true)] : []),
    ],
    'ACO Platform Settings form',
  );
}
