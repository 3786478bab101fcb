import type { Config } from './config.js';

/** Which integrations are on, and which variables would turn the others on; for the start-up log. */
export function describeIntegrations(config: Config): string[] {
  const lines: string[] = [];
  const on = (name: string, detail: string) => lines.push(`${name}: on (${detail})`);
  const off = (name: string, hint: string) => lines.push(`${name}: off — set ${hint}`);
  if (config.SLACK_BOT_TOKEN) on('Slack', config.SLACK_APP_TOKEN ? 'Socket Mode' : 'HTTP at POST /slack/events');
  else
    off('Slack', 'SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_BOT_TOKEN and SLACK_APP_TOKEN for Socket Mode)');
  if (config.MicrosoftAppId) on('Teams', `bot ${config.MicrosoftAppId} at POST /api/messages`);
  else if (config.TEAMS_EMULATOR)
    lines.push('Teams: emulator mode at POST /api/messages (TEAMS_EMULATOR=true: no authentication, loopback only)');
  else off('Teams', 'MicrosoftAppId and MicrosoftAppPassword (POST /api/messages answers 404 until then)');
  if (config.ACO_CLIENT_ID) on('ACO', `${config.ACO_SERVER_URL}, brand ${config.ACO_BRAND_ID}`);
  else off('ACO Authenticate', 'ACO_CLIENT_ID and ACO_CLIENT_SECRET');
  if (config.CCAAS_API_KEY)
    on(
      'CCaaS read API',
      config.CCAAS_API_PORT === undefined
        ? 'GET /api/v1/platform-settings on the public listener — set CCAAS_API_PORT to keep it private'
        : `its own listener ${config.CCAAS_API_HOST}:${config.CCAAS_API_PORT}, not on the public one`,
    );
  else off('CCaaS read API', 'CCAAS_API_KEY');
  if (config.CCAAS_WEBHOOK_URL) on('CCaaS webhook', new URL(config.CCAAS_WEBHOOK_URL).host);
  else off('CCaaS webhook', 'CCAAS_WEBHOOK_URL and CCAAS_WEBHOOK_SECRET');
  if (config.METRICS_TOKEN) on('Metrics', 'GET /metrics, bearer METRICS_TOKEN');
  else off('Metrics', 'METRICS_TOKEN (GET /metrics answers 404 until then)');
  lines.push(
    `Recording: ${config.RECORDING_LICENSED ? 'licensed (UC Realtime Logging)' : 'not licensed — set RECORDING_LICENSED=true with the UC Realtime Logging license'}`,
  );
  return lines;
}
