import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS, commandsFor, parseSubCommand } from '../../src/core/commands.js';

describe('command vocabulary', () => {
  it('both platforms share every command, admin-channel included (per workspace in Slack too)', () => {
    expect(commandsFor('slack').map((c) => c.name)).toEqual([
      'open',
      'status',
      'check',
      'history',
      'disconnect',
      'admin-channel',
      'help',
    ]);
    expect(commandsFor('teams').map((c) => c.name)).toEqual([
      'open',
      'status',
      'check',
      'history',
      'disconnect',
      'admin-channel',
      'help',
    ]);
  });

  it('every command has a distinct word and a description; only open has no word', () => {
    const words = COMMAND_SPECS.map((c) => c.word);
    expect(new Set(words).size).toBe(words.length);
    expect(COMMAND_SPECS.filter((c) => c.word === '').map((c) => c.name)).toEqual(['open']);
    for (const c of COMMAND_SPECS) expect(c.description).toMatch(/^[A-Z].*\.$/);
  });
});

describe('parseSubCommand', () => {
  it.each([
    ['', 'slack', 'open', ''],
    ['   ', 'teams', 'open', ''],
    ['status', 'slack', 'status', 'status'],
    ['  STATUS  ', 'slack', 'status', 'status'],
    ['History', 'teams', 'history', 'history'],
    ['disconnect now', 'slack', 'disconnect', 'disconnect'],
    ['help', 'teams', 'help', 'help'],
    ['admin-channel', 'teams', 'admin-channel', 'admin-channel'],
    ['admin channel', 'teams', 'admin-channel', 'admin-channel'],
    ['admin-channel', 'slack', 'admin-channel', 'admin-channel'],
    ['admin-channel <#C0ADMIN1|ops>', 'slack', 'admin-channel', 'admin-channel'],
    ['admin channel', 'slack', 'admin-channel', 'admin-channel'],
    ['frobnicate now', 'slack', 'unknown', 'frobnicate'],
    ['Frobnicate', 'teams', 'unknown', 'frobnicate'],
  ] as const)('%j on %s → %s (%j)', (text, platform, command, word) => {
    expect(parseSubCommand(text, platform)).toEqual({ command, word });
  });

  it('reads every listed command back as itself', () => {
    for (const platform of ['slack', 'teams'] as const) {
      for (const c of commandsFor(platform)) expect(parseSubCommand(c.word, platform).command).toBe(c.name);
    }
  });

  it('never throws and keeps the echoed word short', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 500 }),
        fc.constantFrom('slack' as const, 'teams' as const),
        (text, platform) => {
          expect(parseSubCommand(text, platform).word.length).toBeLessThanOrEqual(40);
        },
      ),
    );
  });
});
