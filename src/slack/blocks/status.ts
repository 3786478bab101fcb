import type { types } from '@slack/bolt';
import {
  deliveryLine,
  NOTHING_SAVED,
  RECORDING_UNLICENSED_NOTE,
  savedLine,
  STATUS_TITLE,
  statusFields,
  statusSummary,
  tenantLine,
} from '../../core/status-text.js';
import type { StatusView } from '../../core/views.js';
import { COMMAND } from '../ids.js';
import { acoValuesBlocks } from './assist.js';
import { context, describeValue, escapeMrkdwn, fallbackText, plain, section, who, type SlackMessage } from './text.js';

/** `/aco-connect status`: settings, version, who saved it and when, API Auth Status. */
export function statusMessage(view: StatusView): SlackMessage {
  const blocks: types.KnownBlock[] = [{ type: 'header', text: plain(STATUS_TITLE, 150) }];
  if (view.current) {
    const values = statusFields(view).map((f) => `*${f.label}:* ${describeValue(f.value)}`);
    blocks.push(section(values.join('\n')), context(savedLine(view.current, who)));
  } else {
    blocks.push(section(`${NOTHING_SAVED} Run \`${COMMAND}\` to fill in the Platform Settings.`));
  }
  const auth = [`*API Auth Status:* ${escapeMrkdwn(view.auth.text)}`, ...view.auth.details.map(escapeMrkdwn)];
  blocks.push(section(auth.join('\n')));
  if (!view.recordingLicensed) blocks.push(context(RECORDING_UNLICENSED_NOTE));
  if (view.delivery) blocks.push(context(escapeMrkdwn(deliveryLine(view.delivery))));
  if (view.current) blocks.push(...acoValuesBlocks(view.aco, true));
  if (view.lastCheck) blocks.push(context(escapeMrkdwn(view.lastCheck)));
  blocks.push(context(escapeMrkdwn(tenantLine(view))));
  return { text: fallbackText(statusSummary(view)), blocks };
}
