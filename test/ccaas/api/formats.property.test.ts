import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTenantId, matchApiKey, parseApiKeys } from '../../../src/ccaas/api/api-keys.js';
import { MIN_KEY_LENGTH, parseApiKeyList } from '../../../src/config-api-keys.js';

/** Control (Cc), format (Cf) and other invisible code points a tenant id never holds. */
const controlChar = fc
  .oneof(
    fc.integer({ min: 0, max: 0x1f }),
    fc.integer({ min: 0x7f, max: 0x9f }),
    fc.constantFrom(0x200b, 0x200e, 0x2028, 0xfeff),
  )
  .map((c) => String.fromCharCode(c));

describe('the ?tenant= parameter (issue 11, finding 5)', () => {
  it('refuses any tenant holding a control or format character, wherever it is', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('slack:', 'teams:'),
        fc.string({ minLength: 0, maxLength: 20 }),
        controlChar,
        fc.string({ maxLength: 20 }),
        (prefix, before, bad, after) => !isTenantId(`${prefix}${before}${bad}${after}`),
      ),
    );
  });

  it('accepts every slack:/teams: id of printable characters without , @ | and white space', () => {
    const printable = fc.string({ unit: fc.constantFrom(...'ABCXYZ019abz-_.:~!'), minLength: 1, maxLength: 200 });
    fc.assert(fc.property(fc.constantFrom('slack:', 'teams:'), printable, (p, id) => isTenantId(p + id)));
  });

  it('whatever it accepts is printable, starts with slack: or teams: and is at most 206 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const candidate = `slack:${text}`;
        if (!isTenantId(candidate)) return true;
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the property is exactly that there are none
        return !/[\u0000-\u001f\u007f-\u009f\s,@|]/.test(text) && candidate.length <= 206;
      }),
    );
  });
});

describe('the CCAAS_API_KEY format', () => {
  const keyText = fc.string({ unit: fc.constantFrom(...'abcXYZ0189-_.~!$'), minLength: MIN_KEY_LENGTH, maxLength: 64 });

  it('every well-formed list parses, each key matches itself only, and problems never quote a key', () => {
    fc.assert(
      fc.property(fc.uniqueArray(keyText, { minLength: 1, maxLength: 5 }), (keys) => {
        const parsed = parseApiKeys(keys.join(', '));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        keys.forEach((k, i) => expect(matchApiKey(parsed.keys, k)?.index).toBe(i + 1));
        expect(matchApiKey(parsed.keys, `${keys[0]}x`)).toBeUndefined();
      }),
    );
  });

  it('never throws on arbitrary text, and a refused list never echoes a key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (raw) => {
        const parsed = parseApiKeyList(raw);
        if (parsed.ok) return;
        for (const problem of parsed.problems) {
          for (const piece of raw.split(/[,@|]/).map((s) => s.trim())) {
            if (piece.length >= 8) expect(problem).not.toContain(piece);
          }
        }
      }),
    );
  });
});
