import { VERBS, type Verb } from '../verbs.js';

/* Small pure helpers the card builders share. Cards are plain JSON (Adaptive Card 1.5). */

export type CardElement = Record<string, unknown>;
export type CardAction = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  fallbackText?: string;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function card(body: CardElement[], actions: CardAction[] = [], fallbackText?: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    // 1.5 is what Teams asks for Universal Actions (Action.Execute).
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    ...(fallbackText ? { fallbackText } : {}),
  };
}

export function attachment(c: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: c };
}

/** Bounded, so a long name or value can never push a message over Teams' size limit. */
export const clip = (s: string, max = 300) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Names and values come from people: one line, bounded. */
export const plain = (s: string, max = 300) => clip(s.replace(/[\r\n\t]+/g, ' ').trim(), max);

export function heading(text: string, tone?: 'good' | 'attention' | 'warning'): CardElement {
  return {
    type: 'TextBlock',
    text,
    size: 'Large',
    weight: 'Bolder',
    wrap: true,
    style: 'heading',
    ...(tone ? { color: tone } : {}),
  };
}

export function text(t: string, opts: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text: t, wrap: true, ...opts };
}

export const subtle = (t: string) => text(t, { isSubtle: true, size: 'Small', spacing: 'Small' });

export function facts(pairs: [string, string][]): CardElement {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) };
}

/** Opens the settings dialog (task/fetch) from any card: Teams reads `msteams.type` on Action.Submit data. */
export function openSettingsAction(title = 'Edit settings'): CardAction {
  return { type: 'Action.Submit', title, data: { msteams: { type: 'task/fetch' }, verb: VERBS.openSettings } };
}

/**
 * A Universal Action with an Action.Submit fallback for clients without Action.Execute; both carry
 * the verb, so the bot handles the invoke and the fallback's message the same way.
 */
export function executeAction(
  title: string,
  verb: Verb,
  data: Record<string, string> = {},
  style?: 'positive' | 'destructive',
): CardAction {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data,
    ...(style ? { style } : {}),
    fallback: { type: 'Action.Submit', title, data: { ...data, verb }, ...(style ? { style } : {}) },
  };
}

export function openUrlAction(title: string, url: string): CardAction {
  return { type: 'Action.OpenUrl', title, url, style: 'positive' };
}
