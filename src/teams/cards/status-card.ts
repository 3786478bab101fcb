import {
  deliveryLine,
  NOTHING_SAVED,
  RECORDING_UNLICENSED_NOTE,
  savedLine,
  STATUS_TITLE,
  statusFields,
  tenantLine,
} from '../../core/status-text.js';
import type { StatusView } from '../../core/views.js';
import { acoValuesElements, useAcoValuesAction } from './assist-elements.js';
import { card, facts, heading, openSettingsAction, plain, subtle, text, type AdaptiveCard } from './elements.js';

/** `aco-connect` and `aco-connect status`: the Platform Settings as saved, API Auth Status, Edit settings. */
export function statusCard(view: StatusView): AdaptiveCard {
  const { current, auth } = view;
  const body = [
    heading(STATUS_TITLE),
    facts([
      ...statusFields(view).map((f): [string, string] => [f.label, f.value ?? 'None']),
      ['API Auth Status', auth.text],
    ]),
    subtle(current ? savedLine(current, (a) => plain(a.name, 80)) : NOTHING_SAVED),
    ...auth.details.map(subtle),
  ];
  if (!view.recordingLicensed) body.push(subtle(RECORDING_UNLICENSED_NOTE));
  if (view.delivery) body.push(subtle(plain(deliveryLine(view.delivery), 400)));
  if (current) body.push(...acoValuesElements(view.aco));
  if (view.lastCheck) body.push(subtle(plain(view.lastCheck, 400)));
  body.push(subtle(plain(tenantLine(view), 200)));
  if (!auth.authenticated)
    body.push(
      text('Authenticate with an ACO Super Admin before saving: Edit settings, then Save.', { spacing: 'Medium' }),
    );
  const actions = [
    openSettingsAction(),
    ...(current && view.aco?.available && view.aco.differs ? [useAcoValuesAction()] : []),
  ];
  return card(body, actions, `${STATUS_TITLE}: ${auth.text}`);
}
