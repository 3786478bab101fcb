import type { CoreEvent, CoreEvents } from '../../core/events.js';
import type { TeamsDeps } from '../deps.js';
import { isTeamsTenant } from '../identity.js';
import { onAuthFailed } from './on-auth-failed.js';
import { onAuthSucceeded } from './on-auth-succeeded.js';
import { onNotice } from './on-notice.js';
import { errorMessage } from '../../error-message.js';

function route(deps: TeamsDeps, event: CoreEvent): Promise<void> {
  switch (event.type) {
    case 'auth.succeeded':
      return onAuthSucceeded(deps, event);
    case 'auth.failed':
      return onAuthFailed(deps, event);
    default:
      return onNotice(deps, event);
  }
}

/**
 * Listens to the core for Teams tenants. The work runs in the background so the emitter (a card
 * invoke Teams gives 5 seconds, or the OAuth callback page) never waits on the Bot Connector;
 * `settled()` waits for what is in flight (shutdown, tests).
 */
export function subscribeTeamsNotices(
  events: CoreEvents,
  deps: TeamsDeps,
): { unsubscribe: () => void; settled: () => Promise<void> } {
  const pending = new Set<Promise<void>>();
  const unsubscribe = events.on((event) => {
    if (!isTeamsTenant(event.tenant)) return;
    const work = route(deps, event);
    const tracked = work
      .catch((err) => deps.logger.error({ event: event.type, err: errorMessage(err) }, 'Teams notice failed'))
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
  });
  return {
    unsubscribe,
    settled: async () => {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}
