import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { TenantId } from '../../core/types.js';
import { slackErrorCode } from '../slack-errors.js';
import type { HomeViewers } from './home-viewers.js';
import { publishHome, type HomeDeps } from './publish-home.js';

interface TenantRound {
  running: boolean;
  /** Asked again while a round ran or waited: one more round follows, which reads the newest state. */
  dirty: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * Keeps open Home tabs current: after a save, a sign-in, a lost authorization or a disconnect, re-publishes the
 * Home tab of the tenant's recent admin viewers. Requests coalesce per tenant (a burst of events is one round,
 * and a round always reads the state when it runs, so the last update is never lost). The client refuses rate
 * limited calls instead of retrying them inside the call (rejectRateLimitedCalls): on 429 the round waits
 * Retry-After on a timer and starts over, so nothing waits on Slack's penalty and no event handler is held up.
 */
export class HomeRefresher {
  private readonly rounds = new Map<TenantId, TenantRound>();
  private stopped = false;

  constructor(
    private readonly ctx: HomeDeps,
    private readonly client: webApi.WebClient,
    private readonly viewers: HomeViewers,
    private readonly logger: Logger,
  ) {}

  /** Schedules a re-publish for the tenant; returns at once. */
  request(tenant: TenantId): void {
    if (this.stopped) return;
    const round = this.rounds.get(tenant) ?? { running: false, dirty: false };
    this.rounds.set(tenant, round);
    if (round.running || round.timer) {
      round.dirty = true;
      return;
    }
    void this.run(tenant, round);
  }

  /** Resolves when no round is running or waiting (tests, shutdown). */
  async idle(): Promise<void> {
    while ([...this.rounds.values()].some((r) => r.running || r.timer || r.dirty)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const r of this.rounds.values()) if (r.timer) clearTimeout(r.timer);
    this.rounds.clear();
  }

  private async run(tenant: TenantId, round: TenantRound): Promise<void> {
    round.running = true;
    round.dirty = false;
    let retryAfterMs: number | undefined;
    try {
      for (const user of await this.viewers.recent(tenant)) {
        if (this.stopped) return;
        try {
          await publishHome(this.ctx, this.client, tenant, user, true);
        } catch (err) {
          const e = err as { code?: string; retryAfter?: number };
          if (e.code === 'slack_webapi_rate_limited_error') {
            retryAfterMs = Math.max(1, e.retryAfter ?? 30) * 1000;
            break;
          }
          this.logger.warn({ tenant, user, error: slackErrorCode(err) }, 'could not re-publish a Home tab');
          if (slackErrorCode(err) === 'invalid_arguments') await this.viewers.forget(tenant, user);
        }
      }
    } catch (err) {
      this.logger.warn({ tenant, error: slackErrorCode(err) }, 'could not re-publish the Home tabs');
    } finally {
      round.running = false;
    }
    if (this.stopped) return;
    if (retryAfterMs !== undefined) {
      this.logger.info({ tenant, retryAfterMs }, 'views.publish rate limited; re-publishing after Retry-After');
      round.timer = setTimeout(() => {
        round.timer = undefined;
        void this.run(tenant, round);
      }, retryAfterMs);
      round.timer.unref();
      return;
    }
    if (round.dirty) void this.run(tenant, round);
    else this.rounds.delete(tenant);
  }
}
