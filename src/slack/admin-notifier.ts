import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Store } from '../core/ports.js';
import type { TenantId } from '../core/types.js';
import { lastActingAdmin } from './acting-admin.js';
import { adminChannelOf } from './admin-channel-ref.js';
import { adminChannelProblemMessage } from './blocks/notices.js';
import type { SlackMessage } from './blocks/text.js';
import { postDm, postMessage } from './direct-message.js';
import { isChannelProblem, slackErrorCode } from './slack-errors.js';

export interface NoticeOptions {
  /** The Slack user who caused the notice; told when the admin channel cannot take it. */
  actingUser?: string;
  /** Without an admin channel, DM the acting (or last acting) admin instead of staying quiet. */
  dmWhenNoChannel?: boolean;
}

const problemKey = (channel: string) => `slack:admin-channel-problem:${channel}`;

/**
 * Notices for the workspace's admin channel (its own, set with /aco-connect admin-channel, else
 * SLACK_ADMIN_CHANNEL). A notice never fails its caller: when the channel is gone or the
 * bot is not in it, the acting admin is told once (until a post succeeds again) and the rest goes on.
 */
export class AdminNotifier {
  constructor(private readonly deps: { client: webApi.WebClient; store: Store; logger: Logger; channel?: string }) {}

  async notify(tenant: TenantId, message: SlackMessage, opts: NoticeOptions = {}): Promise<void> {
    const { logger } = this.deps;
    try {
      const channel = await adminChannelOf(this.deps.store, tenant, this.deps.channel);
      if (!channel) {
        if (!opts.dmWhenNoChannel) return;
        const user = opts.actingUser ?? (await lastActingAdmin(this.deps.store, tenant));
        if (user) await postDm(this.deps.client, user, message);
        else logger.info({ tenant }, 'no admin channel and no acting admin known; notice only logged');
        return;
      }
      await this.postToChannel(tenant, channel, message, opts);
    } catch (err) {
      logger.warn({ tenant, error: slackErrorCode(err) }, 'admin notice not delivered');
    }
  }

  private async postToChannel(
    tenant: TenantId,
    channel: string,
    message: SlackMessage,
    opts: NoticeOptions,
  ): Promise<void> {
    const { store, logger } = this.deps;
    try {
      await postMessage(this.deps.client, channel, message);
    } catch (err) {
      const code = slackErrorCode(err);
      logger.warn({ tenant, channel, error: code }, 'admin channel notice failed');
      if (!isChannelProblem(code)) return;
      if ((await store.conversations.get(tenant, problemKey(channel))) !== undefined) return;
      const user = opts.actingUser ?? (await lastActingAdmin(store, tenant));
      if (!user) return;
      await store.conversations.put(tenant, problemKey(channel), code);
      await postDm(this.deps.client, user, adminChannelProblemMessage(channel, code));
      return;
    }
    if ((await store.conversations.get(tenant, problemKey(channel))) !== undefined) {
      await store.conversations.delete(tenant, problemKey(channel));
    }
  }
}
