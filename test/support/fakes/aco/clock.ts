import type { FakeClock } from './types.js';

/** Real time plus an offset the test moves (`advance`, `set`), so token lifetimes can pass in an instant. */
export function createFakeClock(startAt?: number): FakeClock {
  let offset = startAt === undefined ? 0 : startAt - Date.now();
  return {
    now: () => Date.now() + offset,
    advance: (ms: number) => {
      offset += ms;
    },
    set: (epochMs: number) => {
      offset = epochMs - Date.now();
    },
  };
}
