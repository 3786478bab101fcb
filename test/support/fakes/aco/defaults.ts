import type { FakeAcoRole, FakeAcoUser } from './types.js';

/* Who and what the fake knows unless a test says otherwise. */

export const FAKE_ACO_CLIENT_ID = 'fake-aco-client-id';
export const FAKE_ACO_CLIENT_SECRET = 'fake-aco-client-secret-do-not-log';
export const FAKE_ACO_REDIRECT_URI = 'http://127.0.0.1:3000/oauth/aco/callback';
export const FAKE_ACO_ACCOUNT_ID = '37439510';
export const FAKE_ACO_ADMIN: FakeAcoUser = {
  id: '2468013579',
  name: 'Alice Admin',
  firstName: 'Alice',
  lastName: 'Admin',
  email: 'alice.admin@example.com',
  extensionNumber: '101',
  admin: true,
};
export const FAKE_ACO_NON_ADMIN: FakeAcoUser = {
  id: '2468013580',
  name: 'Bob User',
  firstName: 'Bob',
  lastName: 'User',
  email: 'bob.user@example.com',
  extensionNumber: '102',
  admin: false,
};
export const FAKE_SIP_INFO = {
  domain: 'sip.ringcentral.com',
  outboundProxy: 'sip10.ringcentral.com:5090',
  outboundProxyBackup: 'sip20.ringcentral.com:5090',
};

export const SUPER_ADMIN_ROLE: FakeAcoRole = { id: '1', displayName: 'Super Admin' };
export const STANDARD_ROLE: FakeAcoRole = { id: '3', displayName: 'Standard' };

/** A user's assigned roles: as given, or Super Admin for an admin and Standard otherwise. */
export const rolesOf = (u: FakeAcoUser): FakeAcoRole[] => u.roles ?? [u.admin ? SUPER_ADMIN_ROLE : STANDARD_ROLE];

export const DEFAULT_SCOPE = 'ReadAccounts VoipCalling';
