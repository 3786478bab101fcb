import type { types } from '@slack/bolt';
import type { Tone } from '../../core/format.js';
import { historyByline } from '../../core/history-text.js';
import type { HomeSection, HomeView } from '../../core/home-view.js';
import { savedLine } from '../../core/status-text.js';
import { HOME_ACTIONS, HOME_CALLBACK_ID } from '../ids.js';
import { changeLines } from './confirm-changes.js';
import { context, describeValue, escapeMrkdwn, plain, section, who } from './text.js';

const EMOJI: Record<Tone, string> = { good: ':large_green_circle:', warning: ':warning:', attention: ':red_circle:' };

function sectionOf(s: HomeSection): types.SectionBlock {
  const mark = s.tone ? `${EMOJI[s.tone]} ` : '';
  return section([`${mark}*${escapeMrkdwn(s.heading)}*`, ...s.lines.map(escapeMrkdwn)].join('\n'));
}

/** The Home tab (views.publish) for one viewer: pure, within Slack's limits for any view the core returns. */
export function homeTab(view: HomeView): types.HomeView {
  const blocks: types.KnownBlock[] = [{ type: 'header', text: plain(view.title, 150) }, sectionOf(view.auth)];

  const s = view.settings;
  const values = s.fields.map((f) => `*${escapeMrkdwn(f.label)}:* ${describeValue(f.value)}`);
  blocks.push(
    { type: 'divider' },
    section([`*${escapeMrkdwn(s.heading)}*`, ...values, ...s.lines.map(escapeMrkdwn)].join('\n')),
  );
  if (s.record) blocks.push(context(savedLine(s.record, who)));
  if (view.check) blocks.push(sectionOf(view.check));
  if (view.delivery) blocks.push(sectionOf(view.delivery));

  blocks.push({ type: 'divider' }, section(`*${escapeMrkdwn(view.history.heading)}*`));
  if (view.history.lines.length === 0) blocks.push(context(escapeMrkdwn(view.history.empty)));
  for (const line of view.history.lines) {
    const changes =
      line.changes.length > 0 ? `\n${changeLines(line.changes.map((c) => ({ ...c, changed: true })))}` : '';
    blocks.push(section(`${escapeMrkdwn(line.summary)}${changes}`), context(historyByline(line, who)));
  }

  blocks.push({ type: 'divider' });
  if (view.access.mayAct) {
    blocks.push({
      type: 'actions',
      block_id: 'aco_home_actions',
      elements: view.access.actions.map(
        (a): types.Button => ({
          type: 'button',
          action_id: HOME_ACTIONS[a.id],
          text: plain(a.label, 75),
          ...(a.style ? { style: a.style } : {}),
        }),
      ),
    });
  } else {
    blocks.push(section([`*${escapeMrkdwn(view.access.heading)}*`, ...view.access.lines.map(escapeMrkdwn)].join('\n')));
  }
  blocks.push(context(escapeMrkdwn(view.updated)));
  return { type: 'home', callback_id: HOME_CALLBACK_ID, blocks };
}
