import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { errorMessage } from '../error-message.js';
import { proxySettingsFor } from '../net/proxy.js';

/**
 * Where botbuilder looks for the channel's signing keys and which issuer it expects. Production uses
 * botbuilder's defaults (login.botframework.com); tests point these at a local issuer they run.
 */
export interface TeamsAuthOptions {
  /** `ToBotFromChannelOpenIdMetadataUrl`. */
  openIdMetadataUrl?: string;
  /** `ToBotFromChannelTokenIssuer`. */
  tokenIssuer?: string;
}

const UNAUTHORIZED = 401;
/** The whole body of every refusal. */
export const UNAUTHORIZED_BODY = 'Unauthorized';

/**
 * botbuilder answers 401 only for its own AuthenticationError; a token with a bad signature or a
 * malformed JWT surfaces as a jsonwebtoken error and would become a 500. Every failure to
 * authenticate an inbound request is a refusal, so this wrapper makes each one a 401 with a generic body.
 */
class RefusingAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly logger: Logger,
  ) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateRequest(activity, authHeader);
    } catch (err) {
      const reason = errorMessage(err);
      // The reason names the failed check (issuer, audience, expiry, signature), never the token.
      this.logger.warn(
        { reason: reason.slice(0, 200), channelId: activity.channelId },
        'Teams request refused: authentication failed',
      );
      // botbuilder sends the error's message as the 401 body: a generic one, so no check, key download or DNS
      // error text reaches the caller (docs/security.md); the reason is in the log line above.
      throw new AuthenticationError(UNAUTHORIZED_BODY, UNAUTHORIZED);
    }
  }

  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }
  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }
  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }
  createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }
  getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
  authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

type BotCredentials = Pick<
  Config,
  'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppType' | 'MicrosoftAppTenantId'
>;

/**
 * botbuilder's ConfigurationBotFrameworkAuthentication from the environment's own variable names.
 * Without MicrosoftAppId botbuilder turns authentication off (local-emulator mode).
 */
export function createBotAuthentication(
  config: BotCredentials,
  logger: Logger,
  overrides: TeamsAuthOptions = {},
): BotFrameworkAuthentication {
  const options: Record<string, string | undefined> = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    // Emulator mode (no app id): botbuilder refuses an app type without an app id.
    MicrosoftAppType: config.MicrosoftAppId ? config.MicrosoftAppType : undefined,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  if (overrides.openIdMetadataUrl || overrides.tokenIssuer) {
    // Setting any endpoint switches botbuilder to "all endpoints given"; the rest keep the public-cloud values.
    Object.assign(options, {
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: overrides.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
      ToBotFromChannelOpenIdMetadataUrl:
        overrides.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
    });
  }
  // Drop unset keys: botbuilder's option schema refuses explicit undefined for some of them.
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  // HTTPS_PROXY / NO_PROXY: botbuilder takes the proxy as host and port (connectorClientOptions.proxySettings) and
  // uses it for the channel's signing keys (OpenID metadata); its connector calls (@azure/core-rest-pipeline)
  // read the same variables themselves.
  const proxySettings = proxySettingsFor(
    overrides.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
  );
  return new RefusingAuthentication(
    new ConfigurationBotFrameworkAuthentication(
      defined,
      undefined,
      undefined,
      undefined,
      proxySettings ? { proxySettings } : undefined,
    ),
    logger,
  );
}
