import { type Config, redirectUri } from './config.js';
import { describeIntegrations } from './config-summary.js';
import type { Logger } from './log.js';
import { describeProxies } from './net/proxy.js';
import { teamsMode } from './teams/index.js';

/** What an operator reads at start: which integrations are on, the redirect URI to register, the proxies used. */
export function logStartup(config: Config, logger: Logger, on: { slack: boolean }): void {
  for (const line of describeIntegrations(config)) logger.info(line);
  if (config.ACO_CLIENT_ID)
    logger.info(
      { redirectUri: redirectUri(config) },
      `ACO: register this redirect URI in the ACO app: ${redirectUri(config)}`,
    );
  const proxies = describeProxies({
    Slack: on.slack ? (config.SLACK_API_URL ?? 'https://slack.com/api/') : undefined,
    ACO: config.ACO_SERVER_URL,
    Microsoft: teamsMode(config) === 'bot' ? 'https://login.botframework.com/' : undefined,
    'CCaaS webhook': config.CCAAS_WEBHOOK_URL,
  });
  if (proxies) logger.info(proxies);
}
