import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';

/*
 * The playground must never be mistaken for, or wired to, a real deployment: it refuses to start while the
 * environment (or the .env file that `npm start` would read) configures a real Slack, Teams, ACO or CCaaS.
 */

/** Variables that point the app at a real service or real users. */
const REAL = /^(SLACK_|TEAMS_|ACO_|CCAAS_|Microsoft|MICROSOFT_)/;

/** Values .env.example ships with: set, but they configure nothing on their own. */
const HARMLESS: Record<string, string> = {
  ACO_SERVER_URL: 'https://platform.ringcentral.com',
  ACO_BRAND_ID: '6010',
};

export interface RealVariable {
  name: string;
  /** Where it is set: the process environment or the .env file. */
  source: 'environment' | '.env';
}

function realNames(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => REAL.test(name) && value !== undefined && value.trim() !== '')
    .filter(([name, value]) => HARMLESS[name] !== value?.trim().replace(/\/+$/, ''))
    .map(([name]) => name)
    .sort();
}

/** Every real-service variable set in `env` or in `cwd/.env`; never their values. */
export function findRealVariables(env: Record<string, string | undefined>, cwd = process.cwd()): RealVariable[] {
  const found: RealVariable[] = realNames(env).map((name) => ({ name, source: 'environment' }));
  const dotenvFile = path.join(cwd, '.env');
  if (existsSync(dotenvFile)) {
    const fromFile = realNames(parse(readFileSync(dotenvFile)));
    for (const name of fromFile) {
      if (!found.some((f) => f.name === name)) found.push({ name, source: '.env' });
    }
  }
  return found;
}

/** The refusal, one line per variable, naming where it is set (values are never shown: some are secrets). */
export function refusal(found: RealVariable[]): string {
  return [
    'npm run demo refuses to start: these variables configure a real Slack, Teams, ACO or CCaaS connection,',
    'and the playground must never be confused with (or wired to) a real deployment:',
    ...found.map((f) => `  - ${f.name} (${f.source === '.env' ? 'in .env' : 'in the environment'})`),
    'Unset them (or run the demo from a checkout without that .env). `npm start` is the real server.',
  ].join('\n');
}
