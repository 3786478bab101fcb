import { describe, expect, it } from 'vitest';
import { deliveryLine, savedLine, statusFields, statusSummary, tenantLine } from '../../src/core/status-text.js';
import type { StatusView } from '../../src/core/views.js';
import { statusMessage } from '../../src/slack/blocks/status.js';
import { statusCard } from '../../src/teams/cards/status-card.js';

const grace = { platform: 'teams', id: 'aad-1', name: 'Grace Hopper' };
const view: StatusView = {
  tenant: 'teams:t',
  current: {
    settings: {
      sipDomain: { host: 'sip.example.com', port: 5060 },
      outboundProxy: { host: 'p.example.com', port: 5090 },
      recording: false,
    },
    version: 2,
    savedBy: grace,
    savedAt: '2025-03-04T05:06:07.000Z',
  },
  values: {
    sipDomain: 'sip.example.com:5060',
    outboundProxy: 'p.example.com:5090',
    secondaryProxy: '',
    recording: 'no',
  },
  auth: { status: { state: 'not_authenticated' }, text: 'Not authenticated', details: [], authenticated: false },
  recordingLicensed: false,
  delivery: { lastDeliveredVersion: null, pending: 2, lastError: 'HTTP 503' },
};

describe('status text', () => {
  it('fields, saved line, delivery and summary', () => {
    expect(statusFields(view)).toEqual([
      { label: 'SIP Domain', value: 'sip.example.com:5060' },
      { label: 'Outbound Proxy', value: 'p.example.com:5090' },
      { label: 'Secondary Outbound Proxy', value: null },
      { label: 'Enable Recording', value: 'No' },
    ]);
    expect(savedLine(view.current!)).toBe('Version 2, saved by Grace Hopper on 2025-03-04 05:06 UTC');
    expect(deliveryLine(view.delivery!)).toBe(
      'CCaaS delivery: last delivered none yet, 2 pending; last error: HTTP 503',
    );
    expect(deliveryLine({ lastDeliveredVersion: 2, pending: 0, lastError: null })).toBe(
      'CCaaS delivery: last delivered version 2, 0 pending',
    );
    expect(tenantLine(view)).toBe('Tenant (for the CCaaS API): teams:t');
    expect(statusSummary(view)).toBe('ACO Platform Settings: version 2; API Auth Status: Not authenticated');
  });

  it('Slack and Teams show the same lines', () => {
    const slack = JSON.stringify(statusMessage(view).blocks);
    const teams = JSON.stringify(statusCard(view));
    for (const shown of [slack, teams]) {
      expect(shown).toContain(savedLine(view.current!));
      expect(shown).toContain(deliveryLine(view.delivery!));
      // The tenant id the CCaaS API needs, where an admin can read it.
      expect(shown).toContain('Tenant (for the CCaaS API): teams:t');
      expect(shown).toContain('UC Realtime Logging license');
      for (const f of statusFields(view)) expect(shown).toContain(f.label);
    }
  });
});
