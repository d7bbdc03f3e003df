import { describe, expect, test } from 'vitest';
import { DomainError } from '../errors.js';
import { describeField, parsePlanFile } from './parse-plan-file.js';

const MINIMAL = `chamber: { code: x, name: 見本商工会 }
code: x-2025
title: 見本計画
period: { from: 2025, to: 2027 }
baselineYear: 2024
strategies:
  - kind: common
    number: 1
    title: 戦略
    measures:
      - number: 4
        title: 施策
        goals:
          - number: 2
            title: 目標
            kpis:
              - name: 件数
                unit: 件
                baseline: 1
                targets: { 2025: 1, 2026: 2, 2027: 3 }
        initiatives:
          - number: 1
            title: 取組
            roadmap:
              - [a, →, b]
`;

function errorsOf(source: string): { location?: string | undefined; message: string }[] {
  try {
    parsePlanFile(source, 'p.yaml');
  } catch (e) {
    if (e instanceof DomainError) return [...e.details];
    throw e;
  }
  return [];
}

describe('parsePlanFile', () => {
  test('a minimal plan reads', () => {
    const plan = parsePlanFile(MINIMAL, 'p.yaml');
    expect(plan.strategies[0]?.measures[0]?.goals[0]?.kpis[0]?.code).toBe('4-2');
    expect(plan.strategies[0]?.measures[0]?.initiatives[0]?.roadmap[0]?.items).toEqual([
      { firstYear: 2025, lastYear: 2026, text: 'a' },
      { firstYear: 2027, lastYear: 2027, text: 'b' },
    ]);
  });

  test.each([
    [
      'a target that is not a number',
      MINIMAL.replace('2026: 2,', '2026: 二,'),
      '20行目 共通戦略1 > 施策4 > 施策目標（2） > KPI「件数」 > 目標値 > 2026年度',
      '目標値は数値か null',
    ],
    [
      'a target outside the period',
      MINIMAL.replace('2027: 3 }', '2027: 3, 2028: 4 }'),
      '共通戦略1 > 施策4 > 施策目標（2） > KPI「件数」 > 目標値 > 2028年度',
      '計画期間（2025〜2027）の外',
    ],
    [
      'a roadmap row of the wrong length',
      MINIMAL.replace('[a, →, b]', '[a, →]'),
      '25行目 共通戦略1 > 施策4 > 取組内容（1） > 工程表 1行目',
      '3年度分のセル',
    ],
    ['a roadmap starting with →', MINIMAL.replace('[a, →, b]', '[→, a, b]'), '工程表 1行目 > 1セル目', '最初の年度を「→」'],
    ['a period of two years', MINIMAL.replace('to: 2027', 'to: 2026'), '計画期間', '3〜10年度'],
    ['an unknown key', MINIMAL.replace('baselineYear: 2024', 'baselineYear: 2024\nslogen: x'), 'p.yaml', 'slogen'],
    [
      'a duplicate measure number',
      MINIMAL.replace('    measures:\n', '    measures:\n      - { number: 4, title: 重複 }\n'),
      '施策4',
      '施策の番号 4 が重複',
    ],
    ['broken YAML', MINIMAL.replace('title: 見本計画', 'title: [見本計画'), 'p.yaml', 'YAMLの書き方に誤り'],
    ['a fiscal year that is no year', MINIMAL.replace('from: 2025', 'from: 令和0年度'), '計画期間 > 開始年度', '年度として読めません'],
  ])('%s is reported with its place', (_what, source, location, message) => {
    const errors = errorsOf(source);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => e.location?.includes(location) && e.message.includes(message))).toBe(true);
  });

  test('sub-KPIs must add up to their parent', () => {
    const withBreakdown = MINIMAL.replace(
      '                targets: { 2025: 1, 2026: 2, 2027: 3 }\n',
      '                targets: { 2025: 1, 2026: 2, 2027: 3 }\n                breakdown:\n                  - { name: うちA, baseline: 1, targets: { 2025: 1, 2026: 1, 2027: 1 } }\n                  - { name: うちB, baseline: 0, targets: { 2025: 0, 2026: 0, 2027: 2 } }\n',
    );
    const errors = errorsOf(withBreakdown);
    expect(errors.map((e) => e.message)).toEqual(['2026年度: 内訳（うち）の目標値の合計 1 が目標値 2 と一致しません']);
  });
});

test('describeField without the file falls back to positions', () => {
  expect(describeField(['strategies', 0, 'measures', 1, 'title'])).toBe('戦略[1] > 施策[2] > 名称');
});
