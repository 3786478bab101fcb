import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/teams/command-text.js';
import { actorOf, EMULATOR_TENANT, isTeamsAdmin, tenantOf } from '../../src/teams/identity.js';

describe('parseCommand', () => {
  it.each([
    ['aco-connect', 'open'],
    ['', 'open'],
    ['<at>aco-connect</at>', 'open'],
    ['<at>aco-connect</at>&nbsp;status', 'status'],
    ['<at>ACO Connect</at> aco-connect History', 'history'],
    ['  /aco-connect   disconnect ', 'disconnect'],
    ['aco-connect admin-channel', 'admin-channel'],
    ['admin channel', 'admin-channel'],
    ['help', 'help'],
    ['status please', 'status'],
    ['aco-connect frobnicate', 'unknown'],
  ])('%j → %s', (text, command) => {
    expect(parseCommand(text).command).toBe(command);
  });

  it('never throws and keeps the echoed word short', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (text) => {
        const parsed = parseCommand(text);
        expect(parsed.word.length).toBeLessThanOrEqual(40);
      }),
    );
  });
});

describe('Teams identity', () => {
  const from = { id: '29:1abc', name: 'Ada', aadObjectId: 'AAD-1' };

  it('tenant from the conversation or channelData, prefixed teams:', () => {
    expect(tenantOf({ conversation: { tenantId: 't1' } as never }, { emulator: false })).toBe('teams:t1');
    expect(tenantOf({ conversation: {} as never, channelData: { tenant: { id: 't2' } } }, { emulator: false })).toBe(
      'teams:t2',
    );
    expect(tenantOf({ conversation: {} as never }, { emulator: false })).toBeUndefined();
    expect(tenantOf({ conversation: {} as never }, { emulator: true })).toBe(EMULATOR_TENANT);
  });

  it('in emulator mode every activity is filed under the emulator tenant, whatever tenant it claims', () => {
    const claims = { conversation: { tenantId: 't1' } as never, channelData: { tenant: { id: 't2' } } };
    expect(tenantOf(claims, { emulator: true })).toBe(EMULATOR_TENANT);
  });

  it('actor by Azure AD object id; the channel user id only stands in under the Emulator', () => {
    expect(actorOf({ from }, { emulator: false })).toEqual({ platform: 'teams', id: 'AAD-1', name: 'Ada' });
    expect(actorOf({ from: { id: '29:x', name: 'X' } }, { emulator: false })).toBeUndefined();
    expect(actorOf({ from: { id: '29:x', name: 'X' } }, { emulator: true })?.id).toBe('29:x');
  });

  it('admin check is exact (case-insensitive for GUIDs), never a prefix', () => {
    const actor = { platform: 'teams', id: 'aad-1', name: 'A' };
    expect(isTeamsAdmin(actor, ['AAD-1'])).toBe(true);
    expect(isTeamsAdmin(actor, ['aad-10', 'aad-'])).toBe(false);
    expect(isTeamsAdmin(actor, [])).toBe(false);
  });
});
