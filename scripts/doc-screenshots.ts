/**
 * `npm run docs:screenshots`: the PNGs under docs/img/, taken by Chromium (Debian's, through playwright-core)
 * from what aco-connect really serves and sends: the OAuth result pages of a running server and Teams cards
 * from the real card builders, rendered by Microsoft's Adaptive Cards renderer. Never drawn by hand.
 * CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { describeAuthDetails, describeAuthStatus, type AuthStatus } from '../src/core/auth-status.js';
import { diffSettings, toFormValues, type PlatformSettings } from '../src/core/settings.js';
import type { AuthView } from '../src/core/views.js';
import { renderPage } from '../src/http/page.js';
import { createLogger } from '../src/log.js';
import { startApp } from '../src/main.js';
import { confirmCard } from '../src/teams/cards/confirm-card.js';
import { statusCard } from '../src/teams/cards/status-card.js';

const OUT = fileURLToPath(new URL('../docs/img/', import.meta.url));
const require = createRequire(import.meta.url);

const user = { id: '42', name: 'Ada Admin', extensionNumber: '101' };
const authed: AuthStatus = {
  state: 'authenticated',
  user,
  since: '2026-01-05T09:30:00.000Z',
  lastRefreshAt: '2026-01-06T09:30:00.000Z',
  refreshTokenExpiresAt: '2026-01-13T09:30:00.000Z',
};
const auth: AuthView = {
  status: authed,
  text: describeAuthStatus(authed),
  details: describeAuthDetails(authed),
  authenticated: true,
};
const saved: PlatformSettings = {
  sipDomain: { host: 'sip.ringcentral.com', port: 5090 },
  outboundProxy: { host: 'sip10.ringcentral.com', port: 5090 },
  recording: false,
};
const next: PlatformSettings = { ...saved, secondaryProxy: { host: 'sip20.ringcentral.com', port: 5090 } };
const grace = { platform: 'teams' as const, id: 'aad-1', name: 'Grace Hopper' };
const tenant = 'teams:72f988bf-86f1-41af-91ab-2d7cd011db47';

const cards = {
  'teams-status-card': statusCard({
    tenant,
    current: { settings: saved, version: 3, savedBy: grace, savedAt: '2026-01-05T09:31:00.000Z' },
    values: toFormValues(saved),
    auth,
    recordingLicensed: true,
    delivery: { lastDeliveredVersion: 3, pending: 0, lastError: null },
  }),
  'teams-confirm-card': confirmCard({
    tenant,
    draftId: 'd-1',
    baseVersion: 3,
    changes: diffSettings(saved, next),
    anyChange: true,
    auth,
    requestedBy: grace,
  }),
};

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'aco-shots-'));
  const loaded = loadConfig({ PORT: '0', HOST: '127.0.0.1', STORE_URL: `sqlite://${path.join(dir, 's.sqlite')}` });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const app = await startApp(loaded.config, { logger: createLogger({ level: 'silent' }) });
  try {
    const page = await browser.newPage({ viewport: { width: 720, height: 460 } });
    // The real callback of a running server, refusing a link that is not (or no longer) valid.
    await page.goto(`${app.url}/oauth/aco/callback?state=expired-or-unknown&code=x`);
    await page.screenshot({ path: path.join(OUT, 'oauth-error.png') });
    // The success page as the callback renders it (same model as src/http/oauth-routes.ts).
    await page.setContent(
      renderPage({
        tone: 'success',
        title: 'Avaya Cloud Office is connected',
        message: `Authenticated as ${user.name} (ext ${user.extensionNumber}).`,
        details: ['Return to Slack or Teams and press OK on Confirm Changes to save your settings.'],
      }),
    );
    await page.screenshot({ path: path.join(OUT, 'oauth-success.png') });

    const renderer = require.resolve('adaptivecards/dist/adaptivecards.min.js');
    for (const [name, card] of Object.entries(cards)) {
      const p = await browser.newPage({ viewport: { width: 520, height: 200 }, deviceScaleFactor: 1 });
      await p.setContent(
        '<!doctype html><html><body style="margin:0;background:#f5f5f5;font-family:system-ui,sans-serif"><div id="card" style="width:480px;margin:16px;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)"></div></body></html>',
      );
      await p.addScriptTag({ path: renderer });
      await p.evaluate((json) => {
        const AC = (globalThis as any).AdaptiveCards;
        const c = new AC.AdaptiveCard();
        c.hostConfig = new AC.HostConfig({ fontFamily: 'system-ui, sans-serif' });
        c.parse(json);
        document.getElementById('card')!.appendChild(c.render());
      }, card);
      await p.locator('#card').screenshot({ path: path.join(OUT, `${name}.png`) });
      await p.close();
    }
  } finally {
    await app.close();
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
  process.stdout.write(`wrote docs/img/{oauth-error,oauth-success,${Object.keys(cards).join(',')}}.png\n`);
}

main().catch((err) => {
  process.stderr.write(`docs:screenshots failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
