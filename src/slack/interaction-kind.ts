/** What Slack sent, as a bounded metric label value (never an id, a callback id or text). */
export type SlackInteractionKind =
  | 'command'
  | 'view_submission'
  | 'view_closed'
  | 'block_action'
  | 'shortcut'
  | 'event'
  | 'options'
  | 'other';

export type InteractionOutcome = 'ok' | 'error';
export type SlackInteractionObserver = (kind: SlackInteractionKind, outcome: InteractionOutcome) => void;

export function slackInteractionKind(body: unknown): SlackInteractionKind {
  const b = (body ?? {}) as { type?: unknown; command?: unknown };
  if (typeof b.command === 'string') return 'command';
  switch (b.type) {
    case 'view_submission':
      return 'view_submission';
    case 'view_closed':
      return 'view_closed';
    case 'block_actions':
      return 'block_action';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    case 'event_callback':
      return 'event';
    case 'block_suggestion':
      return 'options';
    default:
      return 'other';
  }
}
