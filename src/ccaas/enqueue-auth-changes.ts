import type { Logger } from 'pino';
import { NOT_AUTHENTICATED, type AuthStatus } from '../core/auth-status.js';
import type { CoreEvent, CoreEvents } from '../core/events.js';
import type { Clock, Store } from '../core/ports.js';
import type { Outbox } from './outbox.js';
import { authStatusChangedData } from './payloads.js';
import { errorMessage } from '../error-message.js';

/** The API Auth Status an event leaves behind; null for events that do not change it. */
export function authStatusAfter(event: CoreEvent, nowMs: number): AuthStatus | null {
  switch (event.type) {
    case 'auth.succeeded':
      return { state: 'authenticated', user: event.acoUser, since: new Date(nowMs).toISOString() };
    case 'auth.lost':
      return event.status;
    case 'disconnected':
      return NOT_AUTHENTICATED;
    default:
      return null;
  }
}

/** Queues an `api_auth_status.changed` delivery for every auth status change the core announces. */
export function enqueueAuthChanges(deps: {
  events: CoreEvents;
  outbox: Outbox;
  store: Pick<Store, 'authStatus'>;
  clock: Clock;
  logger: Logger;
}): () => void {
  return deps.events.on(async (event) => {
    let status = authStatusAfter(event, deps.clock.now());
    if (!status) return;
    if (event.type === 'auth.succeeded') {
      // The workflow stored the exact "since"; the CCaaS then sees the same value here and in the read API.
      const stored = await deps.store.authStatus.get(event.tenant);
      if (stored?.state === 'authenticated' && stored.user.id === event.acoUser.id) status = stored;
    }
    try {
      await deps.outbox.enqueue(event.tenant, { type: 'api_auth_status.changed', data: authStatusChangedData(status) });
    } catch (err) {
      deps.logger.error(
        { tenant: event.tenant, event: event.type, err: errorMessage(err) },
        'could not queue the CCaaS auth status webhook',
      );
      throw err;
    }
  });
}
