import { describe, expect, it } from 'vitest';
import { judgeRoles, roleRefusalMessage, roleRefusalNotice } from '../../src/core/super-admin.js';

const carol = { id: '7', name: 'Carol Phones', extensionNumber: '103' };

describe('Super Admin check', () => {
  it('accepts the Super Admin role id, or the configured custom role id', () => {
    expect(judgeRoles(true, [{ id: '1', displayName: 'Super Admin' }], '1')).toEqual({ ok: true });
    expect(judgeRoles(true, [{ id: '1', displayName: 'Super Admin' }], '9000')).toMatchObject({ ok: false });
    expect(judgeRoles(true, [{ id: '9000', displayName: 'Xima Integrator' }], '9000')).toEqual({ ok: true });
  });

  it('tells an administrator without Super Admin from a non-admin, naming who signed in', () => {
    const phone = judgeRoles(true, [{ id: '4', displayName: 'Phone System Admin' }], '1');
    const standard = judgeRoles(false, [{ id: '3', displayName: 'Standard' }], '1');
    if (phone.ok || standard.ok) throw new Error('expected refusals');
    expect(roleRefusalMessage(carol, phone, 'Go back.')).toMatch(
      /^You signed in as Carol Phones \(ext 103\), an Avaya Cloud Office administrator \(Phone System Admin\) but not a Super Admin\. Nothing was stored/,
    );
    expect(roleRefusalMessage(carol, standard, 'Go back.')).toContain(
      'not an Avaya Cloud Office administrator (Standard)',
    );
    expect(roleRefusalNotice(carol, phone)).toContain('an administrator but not a Super Admin');
  });
});
