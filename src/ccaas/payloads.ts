import { describeAuthStatus, type AuthStatus } from '../core/auth-status.js';
import type { FieldChange } from '../core/settings.js';
import type { SettingsRecord, TenantId } from '../core/types.js';

/*
 * The JSON the CCaaS sees, in one place: the read API and the webhook use the same shapes (openapi/ccaas.json
 * describes them). Pure functions of core records; a token never appears here.
 */

export function settingsJson(record: SettingsRecord) {
  const { sipDomain, outboundProxy, secondaryProxy, recording } = record.settings;
  return {
    version: record.version,
    settings: {
      sipDomain: { host: sipDomain.host, port: sipDomain.port },
      outboundProxy: { host: outboundProxy.host, port: outboundProxy.port },
      ...(secondaryProxy ? { secondaryProxy: { host: secondaryProxy.host, port: secondaryProxy.port } } : {}),
      recording,
    },
    savedBy: { platform: record.savedBy.platform, id: record.savedBy.id, name: record.savedBy.name },
    savedAt: record.savedAt,
  };
}

/** API Auth Status as Xima shows it, plus the same sentence the chat surfaces use. */
export function authStatusJson(status: AuthStatus) {
  const base = { state: status.state, text: describeAuthStatus(status) };
  switch (status.state) {
    case 'not_authenticated':
      return base;
    case 'authenticated':
      return {
        ...base,
        user: { ...status.user },
        since: status.since,
        ...(status.lastRefreshAt ? { lastRefreshAt: status.lastRefreshAt } : {}),
      };
    case 'expired':
    case 'revoked':
      return { ...base, at: status.at, reason: status.reason, ...(status.user ? { user: { ...status.user } } : {}) };
  }
}

/** GET /api/v1/platform-settings */
export function platformSettingsResource(tenant: TenantId, record: SettingsRecord, auth: AuthStatus) {
  return { tenant, ...settingsJson(record), apiAuthStatus: authStatusJson(auth) };
}

export const WEBHOOK_EVENTS = ['platform_settings.confirmed', 'api_auth_status.changed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export function settingsConfirmedData(record: SettingsRecord, changes: FieldChange[]) {
  return {
    ...settingsJson(record),
    changes: changes.filter((c) => c.changed).map(({ field, before, after }) => ({ field, before, after })),
  };
}

export function authStatusChangedData(status: AuthStatus) {
  return { apiAuthStatus: authStatusJson(status) };
}

/** The signed body; `sequence` counts a tenant's deliveries from 1 so a receiver can see order and gaps. */
export function webhookBody(opts: {
  id: string;
  type: WebhookEventType;
  tenant: TenantId;
  sequence: number;
  createdAt: string;
  data: unknown;
}): string {
  return JSON.stringify({
    id: opts.id,
    type: opts.type,
    tenant: opts.tenant,
    sequence: opts.sequence,
    createdAt: opts.createdAt,
    data: opts.data,
  });
}
