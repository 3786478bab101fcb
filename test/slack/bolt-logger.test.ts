import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../../src/log.js';
import { boltLogger, scrubSecrets } from '../../src/slack/bolt-logger.js';
import { slackErrorCode } from '../../src/slack/slack-errors.js';

describe('Bolt logging through pino', () => {
  it('scrubs Slack tokens and the configured secrets from every line', () => {
    const { logger, lines } = createCapturingLogger('debug');
    const log = boltLogger(logger, ['the-signing-secret-123']);
    log.debug('token xoxb-123-456-abcDEF and xapp-1-A1-2-xyz');
    log.warn('secret the-signing-secret-123 leaked', new Error('with xoxp-9-9-9'));
    const text = lines.join('\n');
    expect(text).not.toMatch(/xoxb-123|xapp-1-A1|the-signing-secret-123|xoxp-9/);
    expect(text).toContain('xoxb-[redacted]');
    expect(scrubSecrets('short', ['short'])).toBe('short');
    expect(scrubSecrets('"url":"https://aco/authorize?client_id=c&state=abc123_-X&brand_id=6010"', [])).toBe(
      '"url":"https://aco/authorize?client_id=c&state=[redacted]&brand_id=6010"',
    );
  });

  it('does no formatting for a level that is off, and formats once for one that is on', () => {
    const { logger, lines } = createCapturingLogger('info');
    const log = boltLogger(logger, ['the-signing-secret-123']);
    let formatted = 0;
    const body = { [inspect.custom]: () => (formatted++, 'body with the-signing-secret-123') };
    log.debug('http request body: %s', body);
    expect(formatted).toBe(0);
    expect(lines).toHaveLength(0);
    log.info('http request body: %s', body);
    expect(formatted).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('body with [redacted]');
  });

  it('reports the pino level to Bolt', () => {
    const { logger } = createCapturingLogger('warn');
    expect(boltLogger(logger, []).getLevel()).toBe('warn');
  });
});

describe('slackErrorCode', () => {
  it('names Web API errors by their code and anything else generically', () => {
    expect(slackErrorCode({ code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } })).toBe(
      'channel_not_found',
    );
    expect(slackErrorCode({ code: 'slack_webapi_http_error', statusCode: 502 })).toBe('http_502');
    expect(
      slackErrorCode({ code: 'slack_webapi_request_error', original: new Error('A rate limit was exceeded (url: x)') }),
    ).toBe('ratelimited');
    expect(slackErrorCode({ code: 'slack_webapi_request_error', original: new Error('ECONNREFUSED') })).toBe(
      'slack_unreachable',
    );
    expect(slackErrorCode(new Error('boom xoxb-1-2'))).toBe('unexpected_error');
  });
});
