import { createHmac } from 'node:crypto';

/*
 * Slack's request signing, computed here on purpose (it is the protocol under test): the signature is
 * `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret.
 */

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Replace the computed signature (forgery tests). */
  signature?: string;
  /** Sign with another secret. */
  secret?: string;
  headers?: Record<string, string>;
}

export interface SlackReply {
  status: number;
  text: string;
  json(): unknown;
}

/** Posts to /slack/events the way Slack does: form-encoded, signed, with Slack's headers. */
export class SlackRequester {
  constructor(
    private readonly eventsUrl: string,
    private readonly secret: string,
  ) {}

  async post(body: string, opts: SendOptions = {}): Promise<SlackReply> {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = opts.signature ?? slackSignature(opts.secret ?? this.secret, timestamp, body);
    const res = await fetch(this.eventsUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Slack-Request-Timestamp': String(timestamp),
        'X-Slack-Signature': signature,
        'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        ...opts.headers,
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) as unknown };
  }

  /** A slash command: the fields as form parameters. */
  command(fields: Record<string, string>, opts?: SendOptions): Promise<SlackReply> {
    return this.post(new URLSearchParams(fields).toString(), opts);
  }

  /** The Events API: the envelope as a JSON body. */
  event(envelope: unknown, opts?: SendOptions): Promise<SlackReply> {
    return this.post(JSON.stringify(envelope), {
      ...opts,
      headers: { 'Content-Type': 'application/json', ...opts?.headers },
    });
  }

  /** Interactivity: one `payload` parameter holding the JSON. */
  interaction(payload: unknown, opts?: SendOptions): Promise<SlackReply> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), opts);
  }
}
