import { describe, expect, it } from 'vitest';
import { checkTargets, lastCheckLine, reportLines, type CheckReport } from '../../src/core/sip-check.js';

describe('connectivity check wording', () => {
  it('targets: the SIP Domain by SRV first, each proxy as configured', () => {
    expect(
      checkTargets({
        sipDomain: { host: 'sip.example.test', port: 5090 },
        outboundProxy: { host: 'p.example.test', port: 5090 },
        recording: false,
      }),
    ).toEqual([
      { field: 'sipDomain', host: 'sip.example.test', port: 5090, isDomain: true },
      { field: 'outboundProxy', host: 'p.example.test', port: 5090 },
    ]);
  });

  it('one ✓ or ⚠ line per target', () => {
    const report: CheckReport = {
      checkedAt: '2026-12-01T22:00:00.000Z',
      targets: [
        {
          field: 'outboundProxy',
          target: 'p.example.test:5090',
          reachable: true,
          addresses: [
            {
              name: 'p.example.test',
              address: '192.0.2.1',
              port: 5090,
              transport: 'udp',
              via: 'a',
              outcome: { kind: 'reachable', status: 403, reason: 'Forbidden', rttMs: 12.4 },
            },
          ],
        },
        {
          field: 'sipDomain',
          target: 'nope.example.test:5090',
          reachable: false,
          addresses: [
            {
              name: 'nope.example.test',
              port: 5090,
              transport: 'udp',
              via: 'a',
              outcome: { kind: 'nxdomain', detail: 'x' },
            },
          ],
        },
      ],
    };
    expect(reportLines(report)).toEqual([
      '✓ Outbound Proxy p.example.test:5090: answered 403 Forbidden in 12 ms (192.0.2.1:5090 UDP)',
      '⚠ SIP Domain nope.example.test:5090: the name does not exist (NXDOMAIN) (nope.example.test:5090 UDP)',
    ]);
    expect(lastCheckLine({ report, by: { platform: 'slack', id: 'U1', name: 'Dana' }, subject: 'saved' }, 'WHEN')).toBe(
      'Last connectivity check WHEN by Dana: no answer from SIP Domain.',
    );
  });
});
