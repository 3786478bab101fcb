import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startDemo, type Demo } from '../../../demo/start-demo.js';
import { createCapturingLogger } from '../../../src/log.js';
import { freePort } from '../app/start-app.js';
import { launchBrowser } from '../browser.js';

/*
 * The playground (`npm run demo`) in Debian's Chromium, driven as a person clicks it. Every step's screenshot
 * is kept; when a step fails they are all written to test-results/demo/<name>/ (and always to
 * SCREENSHOT_DIR/<name>/ when that is set). The page's console errors and every tab's script errors are collected.
 */

/** Generous: the machine is a loaded 2-core box, and every wait is for visible state, never a fixed time. */
export const WAIT = 45_000;

export interface PlaygroundSession {
  demo: Demo;
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  /** Runs a step; on failure saves the screenshots and names the step. */
  step(name: string, run: () => Promise<void>): Promise<void>;
  /** Keeps a screenshot of another tab (the consent page) with the steps'. */
  shot(name: string, tab: Page): Promise<void>;
  /** Writes the screenshots to SCREENSHOT_DIR/<name>/ when that is set. */
  keepShots(): Promise<void>;
  close(): Promise<void>;
}

export async function openPlayground(name: string): Promise<PlaygroundSession> {
  const demo = await startDemo({ port: await freePort(), logger: createCapturingLogger('info').logger });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await demo.close();
    throw err;
  }
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const consoleErrors: string[] = [];
  const page = await context.newPage();
  // The playground page's console; other tabs (the consent and result pages) count for script errors only,
  // since a refusal page answers 4xx on purpose and Chromium logs that status as an error.
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  context.on('weberror', (e) => consoleErrors.push(e.error().message));
  const shots: { name: string; png: Buffer }[] = [];

  const save = async (dir: string) => {
    await mkdir(dir, { recursive: true });
    for (const [i, s] of shots.entries()) {
      await writeFile(
        path.join(dir, `${String(i + 1).padStart(2, '0')}-${s.name.replace(/[^a-z0-9]+/gi, '-')}.png`),
        s.png,
      );
    }
  };
  const blank = Buffer.alloc(0);

  return {
    demo,
    page,
    context,
    consoleErrors,
    async step(stepName, run) {
      try {
        await run();
      } catch (err) {
        shots.push({ name: `${stepName} (failed)`, png: await page.screenshot().catch(() => blank) });
        for (const [i, tab] of context.pages().entries()) {
          if (tab !== page)
            shots.push({ name: `${stepName} (tab ${i})`, png: await tab.screenshot().catch(() => blank) });
        }
        const dir = path.resolve('test-results', 'demo', name);
        await save(dir);
        throw new Error(
          `step "${stepName}" failed (screenshots in ${dir}): ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      shots.push({ name: stepName, png: await page.screenshot() });
    },
    async shot(shotName, tab) {
      shots.push({ name: shotName, png: await tab.screenshot() });
    },
    async keepShots() {
      if (process.env.SCREENSHOT_DIR) await save(path.join(process.env.SCREENSHOT_DIR, name));
    },
    async close() {
      await context.close();
      await browser?.close();
      await demo.close();
    },
  };
}

/* What a person looks at and clicks. */

export const personal = (page: Page) => page.locator('#personal');
export const channel = (page: Page) => page.locator('#admin-channel');
export const lastCard = (pane: Locator, text: string | RegExp) =>
  pane.locator('.message .card', { hasText: text }).last();
export const visible = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: WAIT });
/** A card's action button as the reference renderer draws it (an Action.OpenUrl has the role "link"). */
export const button = (card: Locator, name: string) =>
  card.locator('.ac-pushButton', { hasText: new RegExp(`^${name}$`) });
export const suggestion = (page: Page, word: string) =>
  personal(page).locator('.suggestions').getByRole('button', { name: word, exact: true });

/** Every card's status as the page marked it: "rendered", or "fallback" when the renderer dropped anything. */
export const cardStatuses = (page: Page) =>
  page.locator('.card').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.cardStatus));

/** Clicks Authenticate on the last Authenticate card and resolves with the consent tab it opens. */
export async function openConsent(s: PlaygroundSession): Promise<Page> {
  const opened = s.context.waitForEvent('page', { timeout: WAIT });
  opened.catch(() => undefined);
  await button(lastCard(personal(s.page), 'Authenticate with Avaya Cloud Office'), 'Authenticate').click();
  const tab = await opened;
  await tab.waitForLoadState();
  await visible(tab.getByText('not connected to Avaya Cloud Office'));
  return tab;
}
