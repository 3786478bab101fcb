import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ComponentHealth } from '../core/component.js';
import { slackErrorCode } from './slack-errors.js';

export type TokenCheck =
  | { outcome: 'verified'; teamId: string; team?: string }
  | { outcome: 'unreachable'; code: string }
  | { outcome: 'refused'; code: string };

/**
 * One auth.test without retries, told apart: Slack answered and refused the token (`refused`), or Slack could not
 * be reached or answered with a server error or rate limit (`unreachable`, worth trying again).
 */
export async function checkSlackToken(client: webApi.WebClient): Promise<TokenCheck> {
  try {
    const r = await client.auth.test();
    return { outcome: 'verified', teamId: String(r.team_id ?? ''), team: r.team };
  } catch (err) {
    const code = slackErrorCode(err);
    const platform = (err as { code?: string }).code === 'slack_webapi_platform_error';
    return platform && code !== 'ratelimited' ? { outcome: 'refused', code } : { outcome: 'unreachable', code };
  }
}

export interface TokenWatchOptions {
  client: webApi.WebClient;
  logger: Logger;
  /** Called once when the token is verified (Bolt's init, the socket). A throw counts as unreachable. */
  onVerified(check: Extract<TokenCheck, { outcome: 'verified' }>): Promise<void>;
  /** First retry delay; doubles up to maxDelayMs. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Verifies the Slack token in the background: the server listens meanwhile, and /readyz tells why Slack is not
 * ready. Unreachable is retried with growing delays; a refused token is final until the operator fixes it.
 */
export class SlackTokenWatch {
  #health: ComponentHealth = { ok: false, status: 'verifying', detail: 'checking SLACK_BOT_TOKEN with auth.test' };
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #delay: number;
  #done: Promise<void>;
  #settle!: () => void;

  constructor(private readonly o: TokenWatchOptions) {
    this.#delay = o.firstDelayMs ?? 2_000;
    this.#done = new Promise((resolve) => (this.#settle = resolve));
  }

  get health(): ComponentHealth {
    return this.#health;
  }

  /** Resolves when the token was verified or refused (tests; never needed to serve). */
  settled(): Promise<void> {
    return this.#done;
  }

  start(): void {
    void this.#attempt();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#settle();
  }

  async #attempt(): Promise<void> {
    if (this.#stopped) return;
    let check = await checkSlackToken(this.o.client);
    if (this.#stopped) return;
    if (check.outcome === 'verified') {
      try {
        await this.o.onVerified(check);
      } catch (err) {
        check = { outcome: 'unreachable', code: slackErrorCode(err) };
      }
    }
    if (this.#stopped) return;
    switch (check.outcome) {
      case 'verified':
        this.#health = {
          ok: true,
          status: 'verified',
          detail: `workspace ${check.teamId} (tenant slack:${check.teamId})`,
        };
        this.o.logger.info(
          { team: check.teamId, tenant: `slack:${check.teamId}` },
          `Slack: SLACK_BOT_TOKEN verified for workspace ${check.team ?? check.teamId} (tenant slack:${check.teamId})`,
        );
        return this.#settle();
      case 'refused':
        this.#health = {
          ok: false,
          status: 'refused',
          detail: `Slack refused SLACK_BOT_TOKEN (auth.test: ${check.code}); fix the token and restart`,
        };
        this.o.logger.error(
          { code: check.code },
          `Slack: refused (token): auth.test answered ${check.code}; check SLACK_BOT_TOKEN (reinstall the app for a new one) and restart`,
        );
        return this.#settle();
      case 'unreachable': {
        const wait = this.#delay;
        this.#delay = Math.min(this.#delay * 2, this.o.maxDelayMs ?? 60_000);
        this.#health = {
          ok: false,
          status: 'unreachable',
          detail: `Slack unreachable (network: ${check.code}); retrying in ${Math.round(wait / 1000)} s`,
        };
        this.o.logger.warn(
          { code: check.code, retryInMs: wait },
          `Slack: unreachable (network): auth.test failed with ${check.code}; check the network, HTTPS_PROXY/NO_PROXY or SLACK_API_URL; retrying`,
        );
        this.#timer = setTimeout(() => void this.#attempt(), wait);
        this.#timer.unref();
      }
    }
  }
}
