import { describe, expect, it } from 'vitest';
import { assertWithinSlackLimits, slackLimitViolations } from './limits.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const home = (over: Record<string, unknown> = {}) => ({ type: 'home', blocks: [section('x')], ...over });
const modal = (over: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Title' },
  blocks: [section('x')],
  ...over,
});

/* The checker every Slack test relies on must itself catch each limit, or those tests prove nothing. */
describe('Block Kit limits check', () => {
  it('accepts payloads at the limits', () => {
    expect(() =>
      assertWithinSlackLimits(
        { text: 't', blocks: Array.from({ length: 50 }, () => section('x'.repeat(3000))) },
        'message',
      ),
    ).not.toThrow();
    expect(() =>
      assertWithinSlackLimits(
        modal({
          title: { type: 'plain_text', text: 'x'.repeat(24) },
          blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })),
          private_metadata: 'm'.repeat(3000),
        }),
        'modal',
      ),
    ).not.toThrow();
    expect(() =>
      assertWithinSlackLimits(
        home({
          blocks: Array.from({ length: 100 }, () => section('x'.repeat(2400))),
          private_metadata: 'm'.repeat(3000),
        }),
        'home',
      ),
    ).not.toThrow();
  });

  it.each([
    [
      '51 blocks in a message',
      { text: 't', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) },
      'message',
      /blocks: 51 > 50/,
    ],
    ['a 3001-character text object', { text: 't', blocks: [section('x'.repeat(3001))] }, 'message', /text 3001 > 3000/],
    [
      'a nested long text object',
      { text: 't', blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'x'.repeat(3001) }] }] },
      'message',
      /text 3001 > 3000/,
    ],
    ['a message without text or blocks', {}, 'message', /neither text nor blocks/],
    [
      'a long button label',
      {
        text: 't',
        blocks: [
          {
            type: 'actions',
            elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'x'.repeat(76) } }],
          },
        ],
      },
      'message',
      /text 76 > 75/,
    ],
    [
      'duplicate block ids',
      {
        text: 't',
        blocks: [
          { ...section('a'), block_id: 'b' },
          { ...section('b'), block_id: 'b' },
        ],
      },
      'message',
      /duplicate block_id/,
    ],
    [
      '101 blocks in a modal',
      modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }),
      'modal',
      /blocks: 101 > 100/,
    ],
    [
      'a 25-character modal title',
      modal({ title: { type: 'plain_text', text: 'x'.repeat(25) } }),
      'modal',
      /title: text 25 > 24/,
    ],
    [
      '3001 characters of private_metadata',
      modal({ private_metadata: 'm'.repeat(3001) }),
      'modal',
      /private_metadata: 3001 > 3000/,
    ],
    [
      'inputs without a submit button',
      modal({
        blocks: [
          {
            type: 'input',
            label: { type: 'plain_text', text: 'L' },
            element: { type: 'plain_text_input', action_id: 'v' },
          },
        ],
      }),
      'modal',
      /need a submit/,
    ],
    [
      '101 blocks in a Home tab',
      home({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }),
      'home',
      /blocks: 101 > 100/,
    ],
    ['a modal published as the Home tab', modal(), 'home', /view.type: modal/],
    ['a Home tab with a title', home({ title: { type: 'plain_text', text: 'T' } }), 'home', /a Home tab has none/],
    ['a Home tab text object of 3001', home({ blocks: [section('x'.repeat(3001))] }), 'home', /text 3001 > 3000/],
    [
      '3001 characters of Home tab private_metadata',
      home({ private_metadata: 'm'.repeat(3001) }),
      'home',
      /private_metadata: 3001 > 3000/,
    ],
    [
      'a Home tab over 250 kB',
      home({
        blocks: Array.from({ length: 100 }, () => ({
          type: 'section',
          fields: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'x'.repeat(2000) })),
        })),
      }),
      'home',
      /bytes > 250000/,
    ],
  ] as const)('refuses %s', (_name, payload, kind, message) => {
    expect(() => assertWithinSlackLimits(payload, kind)).toThrow(message);
    expect(slackLimitViolations(payload as Record<string, unknown>, kind).length).toBeGreaterThan(0);
  });
});
