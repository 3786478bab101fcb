import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { commandFields } from '../support/slack/payloads.js';
import { startSlackComponent, type SlackComponentRig } from '../support/slack/slack-component.js';
import { USERS } from '../support/slack/slack-app.js';
import { assertWithinSlackLimits } from '../support/slack/limits.js';

type ModalJson = {
  callback_id: string;
  blocks: Array<{ block_id?: string; element?: { initial_value?: string; initial_option?: { value: string } } }>;
};

const rigs: SlackComponentRig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
});

async function rig(opts: Parameters<typeof startSlackComponent>[0]): Promise<SlackComponentRig> {
  const r = await startSlackComponent(opts);
  rigs.push(r);
  return r;
}

describe('settings modal: the form itself when the store is quick, a placeholder when it is not', () => {
  it('opens the prefilled form with a single views.open when the form is ready within the budget', async () => {
    // A budget near the trigger_id's life, so a busy machine cannot push this test onto the placeholder path.
    const t = await rig({ formBudgetMs: 2_500 });
    await t.store.settings.put(t.tenant, {
      settings: {
        sipDomain: { host: 'sip.example.com', port: 5090 },
        outboundProxy: { host: 'proxy.example.com', port: 5090 },
        recording: false,
      },
      version: 3,
      savedBy: { platform: 'slack', id: USERS.admin.id, name: 'ada' },
      savedAt: '2026-01-02T03:04:05.000Z',
    });
    expect((await t.requester.command(commandFields(t.slack, USERS.admin))).status).toBe(200);

    const opened = await t.slack.waitForCall('views.open');
    const view = opened.json.view as ModalJson;
    assertWithinSlackLimits(view, 'modal');
    expect(view.callback_id).toBe('aco_platform_settings');
    const initial = Object.fromEntries(
      view.blocks
        .filter((b) => b.block_id)
        .map((b) => [b.block_id, b.element?.initial_value ?? b.element?.initial_option?.value]),
    );
    expect(initial).toMatchObject({
      sip_domain: 'sip.example.com:5090',
      outbound_proxy: 'proxy.example.com:5090',
      recording: 'no',
    });
    expect(JSON.stringify(view.blocks)).toContain('Editing saved version 3.');
    // One Slack call for the modal: no placeholder, nothing to update.
    // (auth.test is the start-up token check, which may run again in the background: not part of the command.)
    expect(t.slack.calls.map((c) => c.method).filter((m) => m !== 'auth.test')).toEqual(['users.info', 'views.open']);
  });

  it('tells the admin, and leaves no placeholder behind, when the store fails within the budget', async () => {
    const failing = (real: Store): Store => {
      const s = Object.create(real) as Store;
      Object.defineProperty(s, 'settings', {
        value: { get: () => Promise.reject(new Error('store down')), put: real.settings.put.bind(real.settings) },
      });
      return s;
    };
    const t = await rig({ formBudgetMs: 2_500, wrapStore: failing });
    await t.requester.command(commandFields(t.slack, USERS.admin));
    const told = await t.slack.waitForResponse();
    expect(told.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Sorry, opening the form failed (unexpected_error). Please try again in a minute.',
    });
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });
});
