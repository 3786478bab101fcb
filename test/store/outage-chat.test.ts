import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { storeUnavailableText } from '../../src/core/store-outage.js';
import { dedicatedStore } from '../support/replicas/cluster.js';
import { USERS, SlackTestApp } from '../support/slack/slack-app.js';
import { startTcpProxy, type TcpProxy } from '../support/net/tcp-proxy.js';
import { startTeamsHarness, type TeamsHarness } from '../support/teams/teams-client.js';

/*
 * Finding 1 of issue 11, in chat: with Redis cut off, Slack's `/aco-connect status` got no reply and the form
 * stayed on "Loading…". Now the admin is told, in the core's words, that storage is unavailable and nothing
 * was changed: in Slack through the response_url, in Teams in the chat and in the card action's answer.
 */

const TEXT = storeUnavailableText();

describe('chat during a Redis outage', () => {
  let proxy: TcpProxy | undefined;
  let release: (() => Promise<void>) | undefined;
  const closers: Array<() => Promise<void>> = [];

  async function cutStore(): Promise<Record<string, string>> {
    const dedicated = await dedicatedStore('redis', 'unused');
    release = dedicated.release;
    proxy = await startTcpProxy('127.0.0.1', 6379);
    return {
      STORE_URL: proxy.url(dedicated.url),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      STORE_TIMEOUT_MS: '1000',
    };
  }

  afterEach(async () => {
    proxy?.set('open');
    for (const close of closers.splice(0)) await close();
    await proxy?.close();
    await release?.();
    proxy = undefined;
    release = undefined;
  }, 60_000);

  it('Slack: status and the settings form tell the admin that storage is unavailable', async () => {
    const env = await cutStore();
    const t = await SlackTestApp.start({ env });
    closers.push(() => t.close());
    proxy!.set('reset');

    await t.command(USERS.admin, 'status');
    expect((await t.slack.waitForResponse(1)).body).toMatchObject({ response_type: 'ephemeral', text: TEXT });

    await t.command(USERS.admin);
    expect((await t.slack.waitForResponse(2)).body).toMatchObject({ response_type: 'ephemeral', text: TEXT });
    // No "Loading…" placeholder left behind: either no modal was opened, or it was replaced by the notice.
    for (const update of t.slack.callsTo('views.update')) expect(JSON.stringify(update.params)).toContain(TEXT);

    const lines = t.logs.map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.some((l) => l.msg === 'Slack interaction failed: store unavailable')).toBe(true);
  }, 90_000);

  it('Teams: a message and a card action answer that storage is unavailable', async () => {
    const env = await cutStore();
    const h: TeamsHarness = await startTeamsHarness({ env });
    closers.push(() => h.close());
    proxy!.set('reset');

    expect((await h.message('status')).status).toBe(200);
    await h.bc.waitFor((c) => JSON.stringify(c.body).includes(TEXT));

    const answer = await h.execute('acoConfirmCancel', { draftId: 'd-1' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 200, value: TEXT });
    const lines = h.t.logs.map((l) => JSON.parse(l) as { level: number });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  }, 90_000);
});
