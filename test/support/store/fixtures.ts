import { randomBytes } from 'node:crypto';
import type { AuditEntry, Draft, OAuthState, SettingsRecord, StoredGrant } from '../../../src/core/types.js';

export const DAY = 24 * 60 * 60 * 1000;
export const actor = { platform: 'slack', id: 'U123', name: 'Ada Admin' };
export const uniqueNamespace = () => `t${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;

export const settingsRecord = (version = 1): SettingsRecord => ({
  settings: {
    sipDomain: { host: 'sip.ringcentral.com', port: 5090 },
    outboundProxy: { host: 'sip10.ringcentral.com', port: 5096 },
    secondaryProxy: { host: 'sip20.ringcentral.com', port: 5096 },
    recording: true,
  },
  version,
  savedBy: actor,
  savedAt: '2025-01-02T03:04:05.000Z',
});

export const draft = (tenant: string, id: string, expiresAt: number): Draft => ({
  id,
  tenant,
  settings: settingsRecord().settings,
  baseVersion: 0,
  createdBy: actor,
  createdAt: new Date(expiresAt - 15 * 60_000).toISOString(),
  expiresAt: new Date(expiresAt).toISOString(),
  status: 'pending',
  context: { channel: 'C1', ts: '1.2' },
});

export const oauthState = (tenant: string, state: string, expiresAt: number): OAuthState => ({
  state,
  tenant,
  actor,
  draftId: 'd1',
  codeVerifier: `verifier-${state}`,
  createdAt: new Date(expiresAt - 600_000).toISOString(),
  expiresAt: new Date(expiresAt).toISOString(),
});

export const ACCESS = 'ACCESS-TOKEN-U1xQk7s0mcK3';
export const REFRESH = 'REFRESH-TOKEN-Zp9v2LrB8wYq';

export const grant = (): StoredGrant => ({
  tokens: {
    accessToken: ACCESS,
    refreshToken: REFRESH,
    accessTokenExpiresAt: 1_800_000_000_000,
    refreshTokenExpiresAt: 1_800_600_000_000,
    tokenType: 'bearer',
    scope: 'ReadAccounts EditExtensions',
    ownerId: '400123',
  },
  user: { id: '400123', name: 'Sam Super', extensionNumber: '101' },
  since: '2025-01-02T03:04:05.000Z',
});

export const auditEntry = (n: number): AuditEntry => ({
  id: `a${n}`,
  at: new Date(1_700_000_000_000 + n * 1000).toISOString(),
  actor,
  action: 'settings.saved',
  summary: `entry ${n}`,
  version: n,
});

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
