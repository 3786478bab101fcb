import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Actor } from '../../src/core/types.js';
import { browserMissing, launchBrowser } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app/start-app.js';

const admin: Actor = { platform: 'teams', id: 'aad-1', name: 'Ada' };

describe.skipIf(browserMissing)('OAuth pages in Debian Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp({ acoOptions: { autoApprove: false } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('Authorize on the consent page lands on a success page naming the ACO user', async () => {
    const { url } = await t.app.workflow.beginAuthentication('teams:tenant-1', admin);
    const page = await browser.newPage();
    await page.goto(url);
    await page.click('#authorize');
    await page.waitForURL(/\/oauth\/aco\/callback/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Avaya Cloud Office is connected',
    );
    await expect(page.locator('#message').textContent()).resolves.toBe('Authenticated as Alice Admin (ext 101).');
    expect(await page.title()).toContain('aco-connect');
    await page.screenshot({
      path: process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/oauth-success.png` : `${t.dataDir}/success.png`,
    });
    await page.close();
  });

  it('Deny lands on a clear error page with status 400', async () => {
    const { url } = await t.app.workflow.beginAuthentication('teams:tenant-2', admin);
    const page = await browser.newPage();
    await page.goto(url);
    const [response] = await Promise.all([page.waitForResponse(/\/oauth\/aco\/callback/), page.click('#deny')]);
    expect(response.status()).toBe(400);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Authorization was declined',
    );
    await page.close();
  });
});
