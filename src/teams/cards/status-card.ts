import { recordingUnlicensedMessage } from '../../core/settings.js';
import type { StatusView } from '../../core/views.js';
import { card, facts, heading, openSettingsAction, plain, subtle, text, when, type AdaptiveCard } from './elements.js';

/** `aco-connect` and `aco-connect status`: the Platform Settings as saved, API Auth Status, Edit settings. */
export function statusCard(view: StatusView): AdaptiveCard {
  const { values, current, auth } = view;
  const recording = values.recording === 'yes' ? 'Yes' : 'No';
  const body = [
    heading('ACO Platform Settings'),
    facts([
      ['SIP Domain', values.sipDomain || 'Not set'],
      ['Outbound Proxy', values.outboundProxy || 'Not set'],
      ['Secondary Outbound Proxy', values.secondaryProxy || 'None'],
      ['Enable Recording', recording],
      ['API Auth Status', auth.text],
      [
        'Version',
        current ? `${current.version}, saved by ${plain(current.savedBy.name, 80)} ${when(current.savedAt)}` : 'Nothing saved yet',
      ],
    ]),
    ...auth.details.map(subtle),
  ];
  if (!view.recordingLicensed) body.push(subtle(recordingUnlicensedMessage()));
  if (view.delivery) {
    const d = view.delivery;
    const parts = [
      `last delivered version ${d.lastDeliveredVersion ?? 'none'}`,
      `${d.pending} pending`,
      ...(d.lastError ? [`last error: ${plain(d.lastError, 200)}`] : []),
    ];
    body.push(subtle(`CCaaS delivery: ${parts.join('; ')}`));
  }
  if (!auth.authenticated) body.push(text('Authenticate with an ACO Super Admin before saving: Edit settings, then Save.', { spacing: 'Medium' }));
  return card(body, [openSettingsAction()], `ACO Platform Settings: ${auth.text}`);
}
