import { randomBytes } from 'node:crypto';
import { FAKE_ACO_ACCOUNT_ID } from '../defaults.js';
import { readBody, restError } from '../http.js';
import type { RestResource } from './resource.js';

const TRANSPORTS = ['UDP', 'TCP', 'TLS', 'WSS'];

/**
 * POST /restapi/v1.0/client-info/sip-provision: SIP credentials and proxies for the token's user; needs the
 * VoipCalling app permission and a `sipInfo[0].transport` the platform knows.
 */
export const sipProvision: RestResource = {
  endpoint: 'sip-provision',
  count: 'sipProvision',
  method: 'POST',
  path: /^\/restapi\/v1\.0\/client-info\/sip-provision$/,
  async handle({ req, pair, state }) {
    if (!pair.grant.scope.split(/\s+/).includes('VoipCalling')) {
      throw restError(
        403,
        'CMN-401',
        'In order to call this API endpoint, application needs to have [VoipCalling] permission',
      );
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)) || 'null');
    } catch {
      throw restError(400, 'CMN-101', 'Request body is not valid JSON');
    }
    const sipInfo = (body as { sipInfo?: unknown } | null)?.sipInfo;
    const transport = Array.isArray(sipInfo)
      ? (sipInfo[0] as { transport?: unknown } | undefined)?.transport
      : undefined;
    if (!Array.isArray(sipInfo) || typeof transport !== 'string' || !TRANSPORTS.includes(transport)) {
      throw restError(400, 'CMN-101', 'Parameter [sipInfo.transport] value is invalid');
    }
    const u = state.userOf(pair.grant.userId);
    const provisioned = state.sipInfoByAccount.get(u.accountId ?? FAKE_ACO_ACCOUNT_ID) ?? state.sipInfo;
    return {
      sipInfo: [
        {
          username: `1650555${u.extensionNumber.padStart(4, '0')}`,
          password: randomBytes(6).toString('base64url'),
          authorizationId: String(800000000 + Number(u.extensionNumber.replace(/\D/g, '') || 0)),
          domain: provisioned.domain,
          outboundProxy: provisioned.outboundProxy,
          ...(provisioned.outboundProxyBackup ? { outboundProxyBackup: provisioned.outboundProxyBackup } : {}),
          ...(provisioned.outboundProxyIPv6 ? { outboundProxyIPv6: provisioned.outboundProxyIPv6 } : {}),
          ...(provisioned.outboundProxyIPv6Backup
            ? { outboundProxyIPv6Backup: provisioned.outboundProxyIPv6Backup }
            : {}),
          outboundProxies: [
            {
              region: 'NorthAmerica',
              proxy: provisioned.outboundProxy,
              proxyTLS: provisioned.outboundProxy.replace(/:\d+$/, ':5096'),
            },
          ],
          transport,
          switchBackInterval: 7200,
        },
      ],
      sipFlags: { voipFeatureEnabled: 'True', voipCountryBlocked: 'False', outboundCallsEnabled: 'True' },
      device: { id: String(Date.now()), status: 'Online' },
    };
  },
};
