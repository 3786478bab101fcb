import { startFakeAco, type FakeAco, type FakeAcoUser } from '../test/fakes/aco-server.js';

/*
 * The simulated ACO: the test suite's fake RingCentral platform (authorization code + PKCE, one-time codes,
 * rotating single-use refresh tokens), with a few sandbox users and short token lifetimes so a refresh and
 * an expiry can be watched within minutes. Not connected to Avaya Cloud Office.
 */

export const DEMO_ACO_CLIENT_ID = 'aco-connect-playground';

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
  },
  {
    id: '40001002',
    name: 'Priya Natarajan',
    firstName: 'Priya',
    lastName: 'Natarajan',
    email: 'priya.natarajan@contoso.example',
    extensionNumber: '102',
    admin: true,
  },
  {
    id: '40001003',
    name: 'Tom Becker',
    firstName: 'Tom',
    lastName: 'Becker',
    email: 'tom.becker@contoso.example',
    extensionNumber: '103',
    admin: false,
  },
];

export async function startSimulatedAco(opts: { redirectUri: string; clientSecret: string }): Promise<FakeAco> {
  return startFakeAco({
    clients: [{ clientId: DEMO_ACO_CLIENT_ID, clientSecret: opts.clientSecret, redirectUris: [opts.redirectUri] }],
    users: SANDBOX_USERS,
    accessTokenTtlSec: DEMO_ACCESS_TTL_SEC,
    refreshTokenTtlSec: DEMO_REFRESH_TTL_SEC,
    autoApprove: false,
  });
}
