/**
 * A part of the app with background work and/or routes on the one HTTP server (Slack, Teams, the token
 * keeper, the CCaaS API and outbox). main.ts builds the list; the server knows none of them by name.
 * `App` is what the server hands to `mount` (src/http/server.ts: an express app); the core never mounts
 * anything, so it needs no HTTP library to name one.
 */
export interface Component<App = unknown> {
  name: string;
  /** Put this part's routes on the server, before it listens. */
  mount?(app: App): void;
  start?(): Promise<void>;
  /** Stop background work and release what is held; called after the server stopped accepting. */
  stop?(): Promise<void>;
  /** How this part's peer looks right now (Slack's token check, ACO's reachability), for /readyz. */
  health?(): ComponentHealth;
}

/** A peer's state for /readyz: `ok` false says why the part cannot serve yet; the instance may still serve others. */
export interface ComponentHealth {
  ok: boolean;
  /** A short word: verified, verifying, unreachable, refused, reachable, … */
  status: string;
  /** One sentence for an operator, secret-free. */
  detail?: string;
}
