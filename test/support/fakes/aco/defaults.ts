import type { FakeAcoRole, FakeAcoUser, FakeSipInfo } from './types.js';

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
/** An administrator whose role is not Super Admin (Phone System Admin). */
export const FAKE_ACO_PHONE_ADMIN: FakeAcoUser = {
  id: '2468013581',
  name: 'Carol Phones',
  firstName: 'Carol',
  lastName: 'Phones',
  email: 'carol.phones@example.com',
  extensionNumber: '103',
  admin: true,
  roles: [{ id: '4', displayName: 'Phone System Admin' }],
};
export const FAKE_SIP_INFO: FakeSipInfo = {
  domain: 'sip.ringcentral.com',
  outboundProxy: 'sip10.ringcentral.com:5090',
  outboundProxyBackup: 'sip20.ringcentral.com:5090',
};
/** An account whose provisioning has no backup proxy. */
export const FAKE_SIP_INFO_NO_BACKUP: FakeSipInfo = {
  domain: 'sip.ringcentral.com',
  outboundProxy: 'sip71.ringcentral.com:5090',
};

export const SUPER_ADMIN_ROLE: FakeAcoRole = { id: '1', displayName: 'Super Admin' };
export const STANDARD_ROLE: FakeAcoRole = { id: '3', displayName: 'Standard' };
/** Another administrator role: the extension's admin flag is on, but it is not Super Admin. */
export const PHONE_SYSTEM_ADMIN_ROLE: FakeAcoRole = { id: '4', displayName: 'Phone System Admin' };

/** A user's assigned roles: as given, or Super Admin for an admin and Standard otherwise. */
export const rolesOf = (u: FakeAcoUser): FakeAcoRole[] => u.roles ?? [u.admin ? SUPER_ADMIN_ROLE : STANDARD_ROLE];

export const DEFAULT_SCOPE = 'ReadAccounts VoipCalling';
