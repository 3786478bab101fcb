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
