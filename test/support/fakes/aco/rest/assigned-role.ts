import { FAKE_ACO_ACCOUNT_ID, rolesOf } from '../defaults.js';
import { restError } from '../http.js';
import type { RestResource } from './resource.js';

/** GET …/extension/~/assigned-role: the platform's AssignedRolesResource (needs ReadAccounts). */
export const assignedRole: RestResource = {
  endpoint: 'assigned-role',
  count: 'assignedRole',
  method: 'GET',
  path: /^\/restapi\/v1\.0\/account\/(~|\d+)\/extension\/(~|\d+)\/assigned-role$/,
  handle({ pair, state, base }) {
    if (!pair.grant.scope.split(/\s+/).includes('ReadAccounts')) {
      throw restError(
        403,
        'CMN-401',
        'In order to call this API endpoint, application needs to have [ReadAccounts] permission',
      );
    }
    const u = state.userOf(pair.grant.userId);
    const accountId = u.accountId ?? FAKE_ACO_ACCOUNT_ID;
    const uri = `${base}/restapi/v1.0/account/${accountId}/extension/${u.id}/assigned-role`;
    return {
      uri,
      records: rolesOf(u).map((r) => ({
        uri: `${base}/restapi/v1.0/account/${accountId}/user-role/${r.id}`,
        id: r.id,
        displayName: r.displayName,
        autoAssigned: false,
        siteCompatible: true,
        siteRestricted: false,
      })),
    };
  },
};
