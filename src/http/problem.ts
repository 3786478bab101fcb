import type { Response } from 'express';

/** RFC 9457 problem details; `type` names the problem, `title` is the same for every instance of it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
}

export const problemType = (slug: string) => `urn:aco-connect:problem:${slug}`;

export function sendProblem(res: Response, problem: Problem, headers: Record<string, string> = {}): void {
  res
    .status(problem.status)
    .set({ 'Content-Type': 'application/problem+json', ...headers })
    .send(JSON.stringify(problem));
}

/** Whole seconds for a Retry-After header, at least 1. */
export const retryAfterSeconds = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)));

/** The store is down or did not answer in time: nothing was changed, ask again later. */
export const storeUnavailableProblem: Problem = {
  type: problemType('storage-unavailable'),
  title: 'Storage is unavailable',
  status: 503,
  detail: 'aco-connect cannot reach its store right now, so nothing was read or changed. Try again shortly.',
};

/** A sealed record does not open with the configured ENCRYPTION_KEY. */
export const unreadableRecordProblem: Problem = {
  type: problemType('stored-data-unreadable'),
  title: 'Stored data cannot be decrypted',
  status: 500,
  detail:
    'aco-connect cannot open its stored authorization with the configured ENCRYPTION_KEY. An operator must set the key it was sealed with (GET /readyz tells).',
};
