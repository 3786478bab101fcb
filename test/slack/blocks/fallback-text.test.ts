import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authFailedMessage, authUnavailableMessage } from '../../../src/slack/blocks/auth-prompt.js';
import { failureMessage, storeUnavailableMessage } from '../../../src/slack/blocks/errors.js';
import { helpMessage } from '../../../src/slack/blocks/help.js';
import { adminChannelProblemMessage } from '../../../src/slack/blocks/notices.js';

/** Slack mrkdwn control characters appear in a fallback text only as the escapes Slack documents. */
const isEscaped = (text: string) => !/[<>]/.test(text) && !/&(?!amp;|lt;|gt;)/.test(text);

const builders: Record<string, (outside: string) => { text: string }> = {
  'failed sign-in DM': (s) => authFailedMessage({ message: s, url: 'https://aco.example/authorize?x=1' }),
  'sign-in unavailable': (s) => authUnavailableMessage(s),
  'unknown sub-command': (s) => helpMessage(s),
  'admin channel problem': (s) => adminChannelProblemMessage('C0ADMIN', s),
  'store unavailable': (s) => storeUnavailableMessage(s),
  failure: (s) => failureMessage(s, 'slack_error'),
};

describe('fallback text of Slack messages (issue 11, finding 9)', () => {
  it('the failed sign-in DM escapes its text as the blocks do: no <!channel>, no disguised link', () => {
    const m = authFailedMessage({ message: 'ACO said <!channel> see <https://evil.example|ACO> & more' });
    expect(m.text).toContain('ACO said &lt;!channel&gt; see &lt;https://evil.example|ACO&gt; &amp; more');
    expect(m.text).not.toMatch(/[<>]/);
  });

  for (const [name, build] of Object.entries(builders)) {
    it(`${name}: any outside text comes out escaped`, () => {
      fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => isEscaped(build(s).text)));
      expect(isEscaped(build('<@U123> <!here> a&b').text)).toBe(true);
    });
  }
});
