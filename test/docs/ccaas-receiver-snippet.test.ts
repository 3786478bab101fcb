import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/types.js';
import { approveConsent, freePort, startTestApp, type TestApp } from '../support/app/start-app.js';

/*
 * The receiver in docs/ccaas-integration.md, run exactly as printed (the first ```js block), as its own Node
 * process, receiving real signed deliveries from the running app; and refusing a forged one.
 */

const root = path.resolve(import.meta.dirname, '../..');
const SECRET = 'receiver-snippet-secret-0123456789abcdef';
const tenant = 'slack:T0SNIPPET1';
const admin: Actor = { platform: 'slack', id: 'U0ADMIN', name: 'Ada Admin' };

let cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function snippet(): Promise<string> {
  const doc = await readFile(path.join(root, 'docs/ccaas-integration.md'), 'utf8');
  const block = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('no ```js block in docs/ccaas-integration.md');
  return block;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the verifying receiver printed in docs/ccaas-integration.md', () => {
  it('accepts the app’s signed deliveries, once each, and refuses a forged one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aco-receiver-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'receiver.mjs');
    await writeFile(file, await snippet());
    const port = await freePort();
    const child = spawn(process.execPath, [file], {
      env: { PATH: process.env.PATH ?? '', CCAAS_WEBHOOK_SECRET: SECRET, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    });
    const url = `http://127.0.0.1:${port}/hook`;
    // Up, and refusing what is not signed.
    const forged = await until('the receiver to listen', async () =>
      fetch(url, {
        method: 'POST',
        headers: {
          'aco-connect-timestamp': String(Math.floor(Date.now() / 1000)),
          'aco-connect-signature': `v1=${'0'.repeat(64)}`,
        },
        body: '{"type":"platform_settings.confirmed"}',
      }).catch(() => undefined),
    );
    expect(forged.status).toBe(401);

    const t: TestApp = await startTestApp({ env: { CCAAS_WEBHOOK_URL: url, CCAAS_WEBHOOK_SECRET: SECRET } });
    cleanups.push(() => t.close());
    const submitted = await t.app.workflow.submitForm(tenant, admin, {
      sipDomain: 'sip.ringcentral.com:5090',
      outboundProxy: 'sip10.ringcentral.com:5090',
      recording: 'no',
    });
    if (!submitted.ok) throw new Error('form refused');
    if (submitted.next === 'authenticate') {
      const { url: consent } = await t.app.workflow.beginAuthentication(tenant, admin, {
        draftId: submitted.draftId,
      });
      expect((await fetch(await approveConsent(consent))).status).toBe(200);
    }
    const saved = await t.app.workflow.confirmDraft(tenant, admin, submitted.draftId);
    expect(saved.outcome).toBe('saved');

    await until('both deliveries', () => (out.includes('platform_settings.confirmed') ? true : undefined));
    expect(out).toContain(`api_auth_status.changed for ${tenant} (#1)`);
    expect(out).toContain(`platform_settings.confirmed for ${tenant} (#2)`);
    // The app saw 2xx for both: nothing is left to deliver.
    await until('the outbox to drain', async () =>
      (await t.app.workflow.status(tenant)).delivery?.pending === 0 ? true : undefined,
    );
  });
});
