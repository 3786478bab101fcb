import type { Logger } from 'pino';
import type { Component, ComponentHealth } from '../core/component.js';
import { proxiedFetch } from '../net/proxy.js';

/**
 * Whether the ACO platform answers at all (any HTTP answer to GET /restapi/v1.0, the API version resource), checked
 * in the background at start and every minute while it does not, for /readyz. It never blocks start-up.
 */
export function acoReachability(o: {
  serverUrl: string;
  configured: boolean;
  logger: Logger;
  timeoutMs?: number;
  retryMs?: number;
}): Component {
  let health: ComponentHealth = o.configured
    ? { ok: false, status: 'checking', detail: `checking ${o.serverUrl}` }
    : { ok: true, status: 'off', detail: 'ACO_CLIENT_ID and ACO_CLIENT_SECRET are not set' };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const fetch = proxiedFetch();
  const probe = async () => {
    const url = `${o.serverUrl.replace(/\/+$/, '')}/restapi/v1.0`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
      await res.body?.cancel();
      health = { ok: true, status: 'reachable', detail: `${o.serverUrl} answered HTTP ${res.status}` };
      o.logger.info({ server: o.serverUrl, status: res.status }, 'ACO: platform reachable');
    } catch (err) {
      const reason = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      health = {
        ok: false,
        status: 'unreachable',
        detail: `${o.serverUrl} unreachable (network: ${reason.slice(0, 120)})`,
      };
      o.logger.warn(
        { server: o.serverUrl, reason: reason.slice(0, 120) },
        'ACO: unreachable (network); check the network, HTTPS_PROXY/NO_PROXY or ACO_SERVER_URL; retrying in a minute',
      );
      if (!stopped) {
        timer = setTimeout(() => void probe(), o.retryMs ?? 60_000);
        timer.unref();
      }
    }
  };
  return {
    name: 'aco',
    async start() {
      if (o.configured) void probe();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
    },
    health: () => health,
  };
}
