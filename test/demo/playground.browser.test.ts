import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../demo/start-demo.js';
import { createCapturingLogger } from '../../src/log.js';
import { browserMissing, launchBrowser } from '../support/browser.js';
import { freePort } from '../support/app/start-app.js';

/*
 * The playground as a new user walks it, in Debian's Chromium: open settings, fill in, Save, Authenticate on
 * the simulated consent page (a new tab), back to Confirm Changes, OK; then the admin channel, the CCaaS pane,
 * status, history and disconnect. Each step's screenshot is kept and written to test-results/demo/ when the
 * walk fails. The page must log no console error and render every card without a fallback.
 */

const ARTEFACTS = path.resolve('test-results', 'demo');
/** Generous: the machine is a loaded 2-core box and every wait is for visible state, never a fixed time. */
const WAIT = 45_000;

describe.skipIf(browserMissing)('npm run demo: the playground in Debian Chromium', () => {
  let demo: Demo;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const logs = createCapturingLogger('info');
  const consoleErrors: string[] = [];
  const shots: { name: string; png: Buffer }[] = [];

  beforeAll(async () => {
    demo = await startDemo({ port: await freePort(), logger: logs.logger });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    context.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${m.page()?.url() ?? ''}: ${m.text()}`);
    });
    context.on('weberror', (e) => consoleErrors.push(e.error().message));
    page = await context.newPage();
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await demo?.close();
  });

  async function saveShots(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    for (const [i, shot] of shots.entries()) {
      const file = `${String(i + 1).padStart(2, '0')}-${shot.name.replace(/[^a-z0-9]+/gi, '-')}.png`;
      await writeFile(path.join(dir, file), shot.png);
    }
  }

  async function step(name: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      shots.push({ name: `${name} (failed)`, png: await page.screenshot().catch(() => Buffer.alloc(0)) });
      for (const [i, other] of context.pages().entries()) {
        if (other !== page)
          shots.push({ name: `${name} (tab ${i})`, png: await other.screenshot().catch(() => Buffer.alloc(0)) });
      }
      await saveShots(ARTEFACTS);
      throw new Error(
        `step "${name}" failed (screenshots in ${ARTEFACTS}): ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    shots.push({ name, png: await page.screenshot() });
  }

  const personal = () => page.locator('#personal');
  const channel = () => page.locator('#admin-channel');
  const lastCard = (pane: () => ReturnType<Page['locator']>, text: string | RegExp) =>
    pane().locator('.message .card', { hasText: text }).last();
  const visible = (locator: ReturnType<Page['locator']>) => locator.waitFor({ state: 'visible', timeout: WAIT });
  /** A card's action button as the reference renderer draws it (Action.OpenUrl has the role "link"). */
  const button = (card: ReturnType<Page['locator']>, name: string) =>
    card.locator('.ac-pushButton', { hasText: new RegExp(`^${name}$`) });

  it('walks the connection procedure by clicking, and every card renders', { timeout: 300_000 }, async () => {
    await step('open the page', async () => {
      await page.goto(`${demo.url}/`);
      await page.locator('body[data-ready="true"]').waitFor({ timeout: WAIT });
      const banner = (await page.locator('#banner').textContent()) ?? '';
      expect(banner).toContain('simulated ACO — not connected to Avaya Cloud Office');
      expect(banner).toContain('127.0.0.1');
      await visible(channel().getByText('now the aco-connect admin channel'));
      await visible(page.locator('#read-line', { hasText: '404' }));
    });

    await step('aco-connect shows the settings', async () => {
      await personal().locator('.suggestions').getByRole('button', { name: 'aco-connect', exact: true }).click();
      const status = lastCard(personal, 'ACO Platform Settings');
      await visible(status);
      expect((await status.textContent()) ?? '').toContain('Not authenticated');
    });

    await step('Edit settings opens the dialog', async () => {
      await button(lastCard(personal, 'ACO Platform Settings'), 'Edit settings').click();
      await visible(page.locator('dialog[open] .card', { hasText: 'Platform Settings' }));
    });

    const dialog = page.locator('dialog[open]');
    await step('a bad value is refused on its field', async () => {
      await dialog.getByLabel(/^SIP Domain/).fill('sip.ringcentral.com:notaport');
      await dialog.getByLabel(/^Outbound Proxy/).fill('sip10.ringcentral.com:5090');
      await button(dialog, 'Save').click();
      await visible(dialog.getByText('Fix the field marked below.'));
    });

    await step('Save asks to authenticate', async () => {
      await dialog.getByLabel(/^SIP Domain/).fill('sip.ringcentral.com:5090');
      await button(dialog, 'Save').click();
      await page.locator('dialog[open]').waitFor({ state: 'detached', timeout: WAIT });
      await visible(lastCard(personal, 'Authenticate with Avaya Cloud Office'));
    });

    let consent: Page | undefined;
    await step('Authenticate opens the simulated consent page in a new tab', async () => {
      const opened = context.waitForEvent('page', { timeout: WAIT });
      opened.catch(() => undefined);
      await button(lastCard(personal, 'Authenticate with Avaya Cloud Office'), 'Authenticate').click();
      consent = await opened;
      await consent.waitForLoadState();
      await visible(consent.getByText('not connected to Avaya Cloud Office'));
      shots.push({ name: 'consent page', png: await consent.screenshot() });
    });

    await step('the Super Admin authorizes', async () => {
      const tab = consent!;
      await tab.getByLabel(/Sam Rivera/).check();
      await tab.getByRole('button', { name: 'Authorize' }).click();
      await visible(tab.getByText('Avaya Cloud Office is connected'));
      expect((await tab.locator('#message').textContent()) ?? '').toContain('Sam Rivera');
      shots.push({ name: 'callback page', png: await tab.screenshot() });
      await tab.close();
    });

    await step('back in chat: Authenticated, then Confirm Changes', async () => {
      await page.bringToFront();
      await visible(lastCard(personal, /Authenticated as Sam Rivera/));
      const confirm = lastCard(personal, 'Confirm Changes');
      await visible(confirm);
      expect((await confirm.textContent()) ?? '').toContain('sip.ringcentral.com:5090');
    });

    await step('OK saves version 1', async () => {
      await button(lastCard(personal, 'Confirm Changes'), 'OK').click();
      await visible(lastCard(personal, 'Saved — version 1'));
    });

    await step('the admin channel and the CCaaS pane show the change', async () => {
      await visible(lastCard(channel, /ACO authenticated as Sam Rivera/));
      await visible(lastCard(channel, /ACO Platform Settings saved — version 1/));
      const delivery = page.locator('#ccaas .delivery.verified', { hasText: 'platform_settings.confirmed' });
      await visible(delivery);
      await visible(page.locator('#read-line', { hasText: '→ 200' }));
      const read = JSON.parse((await page.locator('#read-body').textContent()) ?? '');
      expect(read).toMatchObject({
        version: 1,
        settings: { sipDomain: { host: 'sip.ringcentral.com', port: 5090 } },
        apiAuthStatus: { state: 'authenticated' },
      });
      await visible(page.locator('#aco .grant', { hasText: 'Sam Rivera' }));
    });

    /** Clicks a suggestion and waits for one more card with `title` in the chat; returns its text. */
    async function command(word: string, title: string): Promise<string> {
      const cards = personal().locator('.message .card', { hasText: title });
      const before = await cards.count();
      await personal().locator('.suggestions').getByRole('button', { name: word, exact: true }).click();
      await expect.poll(() => cards.count(), { timeout: WAIT }).toBeGreaterThan(before);
      return (await cards.last().textContent()) ?? '';
    }

    await step('status', async () => {
      const text = await command('status', 'ACO Platform Settings');
      expect(text).toContain('Authenticated as Sam Rivera');
      expect(text).toContain('sip10.ringcentral.com:5090');
    });

    await step('history', async () => {
      expect(await command('history', 'aco-connect history')).toMatch(/version 1/i);
    });

    await step('disconnect', async () => {
      await personal().locator('.suggestions').getByRole('button', { name: 'disconnect', exact: true }).click();
      const prompt = lastCard(personal, 'Disconnect from Avaya Cloud Office?');
      await visible(prompt);
      await button(prompt, 'Disconnect').click();
      await visible(lastCard(personal, 'Disconnected from Avaya Cloud Office'));
      await visible(lastCard(channel, 'ACO disconnected'));
      await visible(page.locator('#ccaas .delivery.verified', { hasText: 'api_auth_status.changed' }).first());
    });

    const cards = page.locator('.card');
    const statuses = await cards.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.cardStatus));
    expect(statuses.length).toBeGreaterThanOrEqual(8);
    expect(statuses.filter((s) => s !== 'rendered')).toEqual([]);
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
    // To look at every step: SCREENSHOT_DIR=/some/dir npx vitest run test/demo
    if (process.env.SCREENSHOT_DIR) await saveShots(process.env.SCREENSHOT_DIR);
  });
});
