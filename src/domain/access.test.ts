import { describe, expect, test } from 'vitest';
import { can, type Grants, normalizeLogin, PERMISSIONS, type Permission, passwordProblem, type Role, roleIn } from './access.js';

describe('what each role may do', () => {
  const Y = true;
  const N = false;
  // plan.read, kpi.read, records.read, records.write, actuals.write, users.manage, audit.read, settings.manage,
  // evaluation.write, evaluation.unlock
  test.each<[Role | null, boolean[]]>([
    ['admin', [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y]],
    ['staff', [Y, Y, Y, Y, Y, N, N, N, Y, N]],
    ['viewer', [Y, Y, Y, N, N, N, N, N, N, N]],
    ['federation', [Y, Y, N, N, N, N, N, N, N, N]],
    [null, [N, N, N, N, N, N, N, N, N, N]],
  ])('%s', (role, expected) => {
    expect(PERMISSIONS.map((p: Permission) => can(role, p))).toEqual(expected);
  });
});

describe('the role an account has in a chamber', () => {
  const grants = (over: Partial<Grants>): Grants => ({
    systemAdmin: false,
    chambers: new Map(),
    federationChambers: new Set(),
    ...over,
  });
  test.each<[string, Grants, number, Role | null]>([
    ['no grant: none (the chamber is not there for it)', grants({}), 1, null],
    ['staff of chamber 1, in chamber 1', grants({ chambers: new Map([[1, 'staff']]) }), 1, 'staff'],
    ['staff of chamber 1, in chamber 2', grants({ chambers: new Map([[1, 'staff']]) }), 2, null],
    ['a federation reads its chambers', grants({ federationChambers: new Set([1, 2]) }), 2, 'federation'],
    [
      'a chamber role outranks the federation',
      grants({ chambers: new Map([[2, 'viewer']]), federationChambers: new Set([2]) }),
      2,
      'viewer',
    ],
    ['a system administrator is admin everywhere', grants({ systemAdmin: true }), 99, 'admin'],
  ])('%s', (_, g, chamberId, expected) => {
    expect(roleIn(g, chamberId)).toBe(expected);
  });
});

describe('logins and passwords', () => {
  test.each([
    ['Sato', 'sato'],
    ['  ｓａｔｏ＿０１ ', 'sato_01'],
    ['Ｓ．Ｔａｎａｋａ＠ｎｉｋａｈｏ', 's.tanaka@nikaho'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeLogin(input)).toBe(expected);
  });

  test.each<[string, string, string | null]>([
    ['short', 'sato', 'パスワードは10文字以上にしてください'],
    ['あいうえおかきくけ', 'sato', 'パスワードは10文字以上にしてください'],
    ['あいうえおかきくけこ', 'sato', null],
    ['sato-nikaho', 'SATO-NIKAHO', 'パスワードにログインIDと同じ文字列は使えません'],
    ['correct horse battery', 'sato', null],
  ])('%s for %s', (password, login, expected) => {
    expect(passwordProblem(password, login)).toBe(expected);
  });
});
