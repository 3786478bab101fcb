import { startFakeAco, SUPER_ADMIN_ROLE, type FakeAco, type FakeAcoUser } from '../test/support/fakes/aco-server.js';

/*
 * The simulated ACO: the test suite's fake RingCentral platform (authorization code + PKCE, one-time codes,
 * rotating single-use refresh tokens), with a few sandbox users and short token lifetimes so a refresh and
 * an expiry can be watched within minutes. Not connected to Avaya Cloud Office.
 */

export const DEMO_ACO_CLIENT_ID = 'aco-connect-playground';
/** Where the simulated ACO is served on the playground's own server. */
export const SIMULATED_ACO_PATH = '/simulated-aco';
export const SIMULATION_LABEL = 'Simulated ACO — not connected to Avaya Cloud Office. Pick a sandbox user.';

/** What SIP provisioning hands out (Xima's SIP Domain and proxies come from here). */
export const DEMO_SIP_INFO = {
  domain: 'sip.ringcentral.com',
  outboundProxy: 'sip10.ringcentral.com:5090',
  outboundProxyBackup: 'sip20.ringcentral.com:5090',
};

/** Access tokens live 10 minutes (the platform's minimum); refresh tokens 15 minutes instead of 7 days. */
export const DEMO_ACCESS_TTL_SEC = 600;
export const DEMO_REFRESH_TTL_SEC = 900;

export const SANDBOX_USERS: FakeAcoUser[] = [
  {
    id: '40001001',
    name: 'Sam Rivera',
    firstName: 'Sam',
    lastName: 'Rivera',
    email: 'sam.rivera@contoso.example',
    extensionNumber: '101',
    admin: true,
    roles: [SUPER_ADMIN_ROLE],
  },
  {
    id: '40001002',
    name: 'Priya Natarajan',
    firstName: 'Priya',
    lastName: 'Natarajan',
    email: 'priya.natarajan@contoso.example',
    extensionNumber: '102',
    admin: true,
    roles: [{ id: '4', displayName: 'Phone System Admin' }],
  },
  {
    id: '40001003',
    name: 'Tom Becker',
    firstName: 'Tom',
    lastName: 'Becker',
    email: 'tom.becker@contoso.example',
    extensionNumber: '103',
    admin: false,
    roles: [{ id: '3', displayName: 'Standard' }],
  },
];

/** `publicUrl`: where the playground serves the fake's `handler` (its own loopback port stays internal). */
export async function startSimulatedAco(opts: {
  redirectUri: string;
  clientSecret: string;
  publicUrl: string;
}): Promise<FakeAco> {
  return startFakeAco({
    publicUrl: opts.publicUrl,
    consent: { chooseUser: true, label: SIMULATION_LABEL },
    sipInfo: DEMO_SIP_INFO,
    clients: [{ clientId: DEMO_ACO_CLIENT_ID, clientSecret: opts.clientSecret, redirectUris: [opts.redirectUri] }],
    users: SANDBOX_USERS,
    accessTokenTtlSec: DEMO_ACCESS_TTL_SEC,
    refreshTokenTtlSec: DEMO_REFRESH_TTL_SEC,
    autoApprove: false,
  });
}
