import { headline } from '../../core/format.js';
import type { NoticeView } from '../../core/notices.js';
import { VERBS } from '../verbs.js';
import { changeFacts } from './confirm-card.js';
import { card, executeAction, heading, plain, subtle, text, type AdaptiveCard } from './elements.js';

const reauthenticate = () => executeAction('Re-authenticate', VERBS.reauthenticate, {}, 'positive');

/** Admin-channel notices: the core's words (core/notices.ts) as one card per event. */
export function noticeCard(view: NoticeView): AdaptiveCard {
  const title = plain(
    headline(view, (a) => plain(a.name, 80)),
    300,
  );
  return card(
    [
      heading(title, view.tone),
      ...(view.message !== undefined ? [text(plain(view.message, 600))] : []),
      ...(view.changes && view.changes.length > 0 ? [changeFacts(view.changes)] : []),
      ...view.lines.map((l) => text(plain(l, 600))),
      ...view.details.map((d) => subtle(plain(d, 300))),
    ],
    view.reauthenticate ? [reauthenticate()] : [],
    title,
  );
}
