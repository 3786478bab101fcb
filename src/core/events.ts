import type { AcoUser, AuthStatus } from './auth-status.js';
import type { Actor, JsonValue, SettingsRecord, TenantId } from './types.js';
import type { FieldChange } from './settings.js';

/** What the core announces; chat adapters subscribe for their notices and follow-ups. */
export type CoreEvent =
  | {
      type: 'settings.saved';
      tenant: TenantId;
      actor: Actor;
      record: SettingsRecord;
      changes: FieldChange[];
      draftId: string;
    }
  | { type: 'auth.succeeded'; tenant: TenantId; actor: Actor; acoUser: AcoUser; draftId?: string; context?: JsonValue }
  | { type: 'auth.failed'; tenant: TenantId; actor?: Actor; reason: string; message: string; context?: JsonValue }
  /** The grant is gone (refresh rejected, revoked at ACO, refresh token lapsed): re-authentication needed. */
  | { type: 'auth.lost'; tenant: TenantId; status: AuthStatus; message: string }
  /** Refreshes keep failing and the refresh token will lapse soon. */
  | { type: 'auth.expiring'; tenant: TenantId; refreshTokenExpiresAt: string; message: string }
  | { type: 'disconnected'; tenant: TenantId; actor: Actor }
  /** A CCaaS webhook delivery was refused for good. */
  | { type: 'delivery.dropped'; tenant: TenantId; deliveryId: string; message: string };

export type CoreEventType = CoreEvent['type'];
export type CoreEventHandler = (event: CoreEvent) => void | Promise<void>;

/**
 * A tiny typed bus: handlers run concurrently, one failing never stops the others or the caller.
 * `emit` resolves when every handler finished; a caller that must not wait on chat APIs (the OAuth
 * callback page) may leave it running, and `settled()` waits for everything still in flight (tests, shutdown).
 */
export class CoreEvents {
  private handlers = new Set<CoreEventHandler>();
  private inFlight = new Set<Promise<void>>();
  constructor(private onError: (err: unknown, event: CoreEvent) => void = () => {}) {}

  on(handler: CoreEventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  emit(event: CoreEvent): Promise<void> {
    const run = Promise.allSettled([...this.handlers].map(async (h) => h(event))).then((results) => {
      for (const r of results) if (r.status === 'rejected') this.onError(r.reason, event);
    });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
