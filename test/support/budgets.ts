/*
 * Waiting budgets for tests that start processes or build. The suite shares a 2-core machine with other work,
 * where a tsx start or a tsc build can take many times what it takes on an idle laptop; these budgets hold
 * there. They are ceilings for waiting, never timing assertions: a healthy run finishes far below them.
 */

/** How long to wait for a child process (tsx or compiled) to say it is ready or to exit. */
export const PROCESS_READY_MS = 180_000;

/** A test timeout for work measured on an idle machine (`ms`), scaled for a loaded one. */
export const loaded = (ms: number) => ms * 5;
