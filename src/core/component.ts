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
}
