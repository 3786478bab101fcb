import type { types } from '@slack/bolt';
import { FIELD_LABELS, SETTINGS_FIELDS } from '../../core/settings.js';
import type { StatusView } from '../../core/views.js';
import { context, describeValue, escapeMrkdwn, mention, section, type SlackMessage } from './text.js';

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** `/aco-connect status`: settings, version, who saved it and when, API Auth Status. */
export function statusMessage(view: StatusView): SlackMessage {
  const blocks: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'ACO Platform Settings' } }];
  if (view.current) {
    const rec = view.current;
    const by = rec.savedBy.platform === 'slack' ? mention(rec.savedBy.id) : escapeMrkdwn(rec.savedBy.name);
    const values = SETTINGS_FIELDS.map((f) => {
      const v = view.values[f];
      const shown = f === 'recording' ? (v === 'yes' ? 'Yes' : 'No') : v === '' ? null : v;
      return `*${FIELD_LABELS[f]}:* ${describeValue(shown)}`;
    });
    blocks.push(section(values.join('\n')), context(`Version ${rec.version}, saved by ${by} on ${minute(rec.savedAt)}`));
  } else {
    blocks.push(section('Nothing is saved yet. Run `/aco-connect` to fill in the Platform Settings.'));
  }
  const auth = [`*API Auth Status:* ${escapeMrkdwn(view.auth.text)}`, ...view.auth.details.map(escapeMrkdwn)];
  blocks.push(section(auth.join('\n')));
  if (!view.recordingLicensed) blocks.push(context('Recording is off: it needs the UC Realtime Logging license.'));
  if (view.delivery) {
    const d = view.delivery;
    const last = d.lastDeliveredVersion === null ? 'none yet' : `version ${d.lastDeliveredVersion}`;
    const err = d.lastError ? `; last error: ${escapeMrkdwn(d.lastError)}` : '';
    blocks.push(context(`CCaaS delivery: ${last}, ${d.pending} pending${err}`));
  }
  const summary = view.current ? `version ${view.current.version}` : 'nothing saved';
  return { text: `ACO Platform Settings: ${summary}; API Auth Status: ${view.auth.text}`, blocks };
}
