import { FAKE_ACO_ACCOUNT_ID } from '../defaults.js';
import { numericIfDigits } from '../http.js';
import type { RestResource } from './resource.js';

/** GET /restapi/v1.0/account/{~|id}/extension/{~|id}: the signed-in user's extension, admin permission included. */
export const extension: RestResource = {
  endpoint: 'extension',
  count: 'extension',
  method: 'GET',
  path: /^\/restapi\/v1\.0\/account\/(~|\d+)\/extension\/(~|\d+)$/,
  handle({ pair, state, base }) {
    const u = state.userOf(pair.grant.userId);
    const accountId = u.accountId ?? FAKE_ACO_ACCOUNT_ID;
    const [first, ...rest] = u.name.split(' ');
    return {
      uri: `${base}/restapi/v1.0/account/${accountId}/extension/${u.id}`,
      id: numericIfDigits(u.id),
      extensionNumber: u.extensionNumber,
      contact: {
        firstName: u.firstName ?? first ?? '',
        lastName: u.lastName ?? rest.join(' '),
        email: u.email ?? `${u.extensionNumber}@example.com`,
      },
      name: u.name,
      type: 'User',
      status: 'Enabled',
      permissions: { admin: { enabled: u.admin }, internationalCalling: { enabled: false } },
      account: { uri: `${base}/restapi/v1.0/account/${accountId}`, id: numericIfDigits(accountId) },
      setupWizardState: 'Completed',
    };
  },
};
