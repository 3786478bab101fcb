import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing } from '../support/browser.js';
import {
  button,
  cardStatuses,
  channel,
  lastCard,
  openConsent,
  openPlayground,
  personal,
  suggestion,
  visible,
  WAIT,
  type PlaygroundSession,
} from '../support/demo/playground.js';

/*
 * The playground as a new user walks it, in Debian's Chromium: open settings, fill in, Save, Authenticate on
 * the simulated consent page (a new tab), back to Confirm Changes, OK; then the admin channel, the CCaaS pane,
 * status, history and disconnect. The page must log no console error and render every card with the reference
 * renderer, without a fallback. Screenshots of every step land in test-results/demo/ when a step fails.
 */

const text = async (locator: ReturnType<Page['locator']>) => (await locator.textContent()) ?? '';

/** Clicks a suggestion and waits for one more card with `title` in the chat; returns its text. */
async function command(page: Page, word: string, title: string): Promise<string> {
  const cards = personal(page).locator('.message .card', { hasText: title });
  const before = await cards.count();
  await suggestion(page, word).click();
  await expect.poll(() => cards.count(), { timeout: WAIT }).toBeGreaterThan(before);
  return text(cards.last());
}

describe.skipIf(browserMissing)('npm run demo: the connection procedure in Debian Chromium', () => {
  let s: PlaygroundSession;
  beforeAll(async () => {
    s = await openPlayground('procedure');
  }, 90_000);
  afterAll(async () => {
    await s?.close();
  });

  it('walks it by clicking, and every card renders', { timeout: 300_000 }, async () => {
    const { page, step } = s;
    await step('open the page', async () => {
      await page.goto(`${s.demo.url}/`);
      await page.locator('body[data-ready="true"]').waitFor({ timeout: WAIT });
      const banner = await text(page.locator('#banner'));
      expect(banner).toContain('simulated ACO — not connected to Avaya Cloud Office');
      expect(banner).toContain('127.0.0.1');
      await visible(channel(page).getByText('now the aco-connect admin channel'));
      await visible(page.locator('#read-line', { hasText: '404' }));
    });

    await step('aco-connect shows the settings', async () => {
      await suggestion(page, 'aco-connect').click();
      const status = lastCard(personal(page), 'ACO Platform Settings');
      await visible(status);
      expect(await text(status)).toContain('Not authenticated');
    });

    await step('Edit settings opens the dialog', async () => {
      await button(lastCard(personal(page), 'ACO Platform Settings'), 'Edit settings').click();
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
      await visible(lastCard(personal(page), 'Authenticate with Avaya Cloud Office'));
    });

    let consent: Page | undefined;
    await step('Authenticate opens the simulated consent page in a new tab', async () => {
      consent = await openConsent(s);
      await s.shot('consent page', consent);
    });

    await step('the Super Admin authorizes', async () => {
      const tab = consent!;
      await tab.getByLabel(/Sam Rivera/).check();
      await tab.getByRole('button', { name: 'Authorize' }).click();
      await visible(tab.getByText('Avaya Cloud Office is connected'));
      expect(await text(tab.locator('#message'))).toContain('Sam Rivera');
      await s.shot('callback page', tab);
      await tab.close();
    });

    await step('back in chat: Authenticated, then Confirm Changes', async () => {
      await page.bringToFront();
      await visible(lastCard(personal(page), /Authenticated as Sam Rivera/));
      const confirm = lastCard(personal(page), 'Confirm Changes');
      await visible(confirm);
      expect(await text(confirm)).toContain('sip.ringcentral.com:5090');
    });

    await step('OK saves version 1', async () => {
      await button(lastCard(personal(page), 'Confirm Changes'), 'OK').click();
      await visible(lastCard(personal(page), 'Saved — version 1'));
    });

    await step('the admin channel and the CCaaS pane show the change', async () => {
      await visible(lastCard(channel(page), /ACO authenticated as Sam Rivera/));
      await visible(lastCard(channel(page), /ACO Platform Settings saved — version 1/));
      await visible(page.locator('#ccaas .delivery.verified', { hasText: 'platform_settings.confirmed' }));
      await visible(page.locator('#read-line', { hasText: '→ 200' }));
      const read = JSON.parse(await text(page.locator('#read-body')));
      expect(read).toMatchObject({
        version: 1,
        settings: { sipDomain: { host: 'sip.ringcentral.com', port: 5090 } },
        apiAuthStatus: { state: 'authenticated' },
      });
      await visible(page.locator('#aco .grant', { hasText: 'Sam Rivera' }));
    });

    await step('status', async () => {
      const status = await command(page, 'status', 'ACO Platform Settings');
      expect(status).toContain('Authenticated as Sam Rivera');
      expect(status).toContain('sip10.ringcentral.com:5090');
    });

    await step('history', async () => {
      expect(await command(page, 'history', 'aco-connect history')).toMatch(/version 1/i);
    });

    await step('disconnect', async () => {
      await command(page, 'disconnect', 'Disconnect from Avaya Cloud Office?');
      await button(lastCard(personal(page), 'Disconnect from Avaya Cloud Office?'), 'Disconnect').click();
      await visible(lastCard(personal(page), 'Disconnected from Avaya Cloud Office'));
      await visible(lastCard(channel(page), 'ACO disconnected'));
      await visible(page.locator('#ccaas .delivery.verified', { hasText: 'api_auth_status.changed' }).first());
    });

    const statuses = await cardStatuses(page);
    expect(statuses.length).toBeGreaterThanOrEqual(8);
    expect(statuses.filter((st) => st !== 'rendered')).toEqual([]);
    expect(s.consoleErrors, s.consoleErrors.join('\n')).toEqual([]);
    // To look at every step: SCREENSHOT_DIR=/some/dir npx vitest run test/demo
    await s.keepShots();
  });
});

describe.skipIf(browserMissing)('npm run demo: a standard user cannot authorize', () => {
  let s: PlaygroundSession;
  beforeAll(async () => {
    s = await openPlayground('standard-user');
  }, 90_000);
  afterAll(async () => {
    await s?.close();
  });

  it('refuses the sign-in on the card, and Try again (Action.Execute) leads to a Super Admin sign-in', {
    timeout: 300_000,
  }, async () => {
    const { page, step } = s;
    const dialog = page.locator('dialog[open]');
    await step('fill in and Save', async () => {
      await page.goto(`${s.demo.url}/`);
      await page.locator('body[data-ready="true"]').waitFor({ timeout: WAIT });
      await personal(page).locator('input[name="text"]').fill('aco-connect');
      await personal(page).getByRole('button', { name: 'Send' }).click();
      await button(lastCard(personal(page), 'ACO Platform Settings'), 'Edit settings').click();
      await dialog.getByLabel(/^SIP Domain/).fill('sip.ringcentral.com:5090');
      await dialog.getByLabel(/^Outbound Proxy/).fill('sip10.ringcentral.com:5090');
      await dialog.getByText('Yes', { exact: true }).click();
      await button(dialog, 'Save').click();
      await visible(lastCard(personal(page), 'Authenticate with Avaya Cloud Office'));
    });

    await step('Tom, a standard user, authorizes and is refused', async () => {
      const tab = await openConsent(s);
      await tab.getByLabel(/Tom Becker/).check();
      await tab.getByRole('button', { name: 'Authorize' }).click();
      await visible(tab.getByText(/not an Avaya Cloud Office administrator/));
      await s.shot('refusal page', tab);
      await tab.close();
      await page.bringToFront();
      await visible(lastCard(personal(page), 'ACO sign-in failed'));
    });

    await step('Try again puts a fresh Authenticate card in its place', async () => {
      const failed = lastCard(personal(page), 'ACO sign-in failed');
      await button(failed, 'Try again').click();
      await personal(page)
        .locator('.message .card', { hasText: 'ACO sign-in failed' })
        .waitFor({ state: 'detached', timeout: WAIT });
      await visible(lastCard(personal(page), 'Authenticate with Avaya Cloud Office'));
    });

    await step('the Super Admin authorizes; Confirm Changes; OK', async () => {
      const tab = await openConsent(s);
      await tab.getByLabel(/Sam Rivera/).check();
      await tab.getByRole('button', { name: 'Authorize' }).click();
      await visible(tab.getByText('Avaya Cloud Office is connected'));
      await tab.close();
      await page.bringToFront();
      const confirm = lastCard(personal(page), 'Confirm Changes');
      await visible(confirm);
      expect(await text(confirm)).toMatch(/Enable Recording\s*none → Yes/);
      await button(confirm, 'OK').click();
      await visible(lastCard(personal(page), 'Saved — version 1'));
      await visible(lastCard(channel(page), /ACO Platform Settings saved — version 1/));
    });

    expect((await cardStatuses(page)).filter((st) => st !== 'rendered')).toEqual([]);
    expect(s.consoleErrors, s.consoleErrors.join('\n')).toEqual([]);
    await s.keepShots();
  });
});
