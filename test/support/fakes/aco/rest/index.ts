import { assignedRole } from './assigned-role.js';
import { extension } from './extension.js';
import type { RestResource } from './resource.js';
import { sipProvision } from './sip-provision.js';

/*
 * The REST resources the fake serves. To add one: a file here exporting a RestResource (see resource.ts and
 * extension.ts), listed below; its `endpoint` name joins FakeAcoEndpoint and its `count` joins FakeAcoCounts
 * (types.ts, and zeroCounts in state.ts). Data it serves that tests set (per user, per account) belongs on
 * AcoState, with a FakeAco method to set it and a /__fake/ control route for the process mode (control.ts).
 */
export const REST_RESOURCES: readonly RestResource[] = [extension, assignedRole, sipProvision];

/** The resource serving this path, and the match (capture groups) of its pattern. */
export function restResourceFor(path: string): { resource: RestResource; match: RegExpExecArray } | undefined {
  for (const resource of REST_RESOURCES) {
    const match = resource.path.exec(path);
    if (match) return { resource, match };
  }
  return undefined;
}

export type { RestRequest, RestResource } from './resource.js';
