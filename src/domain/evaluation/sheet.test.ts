import { describe, expect, test } from 'vitest';
import {
  EMPTY_SHEET,
  type EvaluatedKpi,
  missesTarget,
  type SheetInput,
  sheetInputSchema,
  submissionProblems,
  suggestedOverall,
} from './sheet.js';

const kpi = (over: Partial<EvaluatedKpi> = {}): EvaluatedKpi => ({
  code: '5-1',
  name: '課題解決実行件数',
  unit: '件',
  target: 100,
  actual: 100,
  reason: null,
  ...over,
});

const COMPLETE: SheetInput = {
  achievements: '巡回を強化した',
  issues: '担当者の不足',
  improvements: '専門家派遣を増やす',
  necessity: 'high',
  effectiveness: 'medium',
  efficiency: 'low',
  overall: 'B',
  kpiActions: {},
};
const CLOSED = { fiscalYear: 2024, today: '2025-05-01' };
const fields = (sheet: SheetInput, kpis: EvaluatedKpi[], ctx = CLOSED) => submissionProblems(sheet, kpis, ctx).map((p) => p.field);

describe('missesTarget', () => {
  test.each([
    // target, actual, misses
    [100, 99, true],
    [100, 99.9, true],
    [100, 100, false],
    [100, 150, false],
    [null, 0, false], // 設定なし
    [100, null, false], // 未集計 is its own problem
    [0, 0, false], // target 0: met by ≥ 0
    [0, 3, false],
    [0, -1, true],
    [70, 69.99, true], // a ratio just below
  ] as const)('target %s, actual %s → %s', (target, actual, misses) => {
    expect(missesTarget({ target, actual })).toBe(misses);
  });
});

describe('submissionProblems', () => {
  test('a complete sheet of a closed year whose KPIs are met has none', () => {
    expect(submissionProblems(COMPLETE, [kpi(), kpi({ code: '5-2', target: null, actual: 3 })], CLOSED)).toEqual([]);
  });

  test('an empty sheet names every text and rating, in Japanese', () => {
    const problems = submissionProblems(EMPTY_SHEET, [kpi()], CLOSED);
    expect(problems).toEqual([
      { field: 'achievements', message: '成果を入力してください' },
      { field: 'issues', message: '課題を入力してください' },
      { field: 'improvements', message: '改善策（次年度の方向性）を入力してください' },
      { field: 'necessity', message: '必要性を選んでください' },
      { field: 'effectiveness', message: '有効性を選んでください' },
      { field: 'efficiency', message: '効率性を選んでください' },
      { field: 'overall', message: '総合評価を選んでください' },
    ]);
  });

  test('blank-only text counts as empty', () => {
    expect(fields({ ...COMPLETE, issues: ' \n　' }, [])).toEqual(['issues']);
  });

  test.each([
    // today, blocked: the year FY2024 ends 2025-03-31
    ['2025-03-31', true],
    ['2025-04-01', false],
    ['2024-06-01', true],
  ] as const)('FY2024 on %s: blocked by the year %s', (today, blocked) => {
    expect(fields(COMPLETE, [], { fiscalYear: 2024, today }).includes('fiscalYear')).toBe(blocked);
  });

  test.each<[string, Partial<EvaluatedKpi>, Record<string, Partial<Record<string, string>>>, string[]]>([
    ['met: nothing asked', { actual: 120 }, {}, []],
    ['missed, nothing written', { actual: 90 }, {}, ['kpis.5-1.cause', 'kpis.5-1.action', 'kpis.5-1.who', 'kpis.5-1.byWhen']],
    ['missed, cause only', { actual: 90 }, { '5-1': { cause: '人手不足' } }, ['kpis.5-1.action', 'kpis.5-1.who', 'kpis.5-1.byWhen']],
    [
      'missed, all four written',
      { actual: 90 },
      { '5-1': { cause: '人手不足', action: '巡回の計画化', who: '経営指導員', byWhen: 'R7年9月末' } },
      [],
    ],
    [
      'missed, written for another KPI',
      { actual: 90 },
      { '5-2': { cause: 'x', action: 'x', who: 'x', byWhen: 'x' } },
      ['kpis.5-1.cause', 'kpis.5-1.action', 'kpis.5-1.who', 'kpis.5-1.byWhen'],
    ],
    ['no target (設定なし): never a miss', { target: null, actual: 0 }, {}, []],
    ['no actual (未集計): the actual is asked for', { actual: null, reason: '会費（令和6年度）が未入力です' }, {}, ['kpis.5-1']],
    ['no target and no actual: nothing to judge', { target: null, actual: null }, {}, []],
    ['target 0, actual 0: met', { target: 0, actual: 0 }, {}, []],
  ])('%s', (_, over, actions, expected) => {
    const sheet = sheetInputSchema.parse({ ...COMPLETE, kpiActions: actions });
    expect(fields(sheet, [kpi(over)])).toEqual(expected);
  });

  test('the messages name the KPI and the field', () => {
    const [first] = submissionProblems(COMPLETE, [kpi({ actual: 90 })], CLOSED);
    expect(first).toEqual({
      field: 'kpis.5-1.cause',
      message: '「課題解決実行件数」は目標に届いていません。未達成の原因を入力してください',
    });
    const [missing] = submissionProblems(COMPLETE, [kpi({ actual: null, reason: '会費（令和6年度）が未入力です' })], CLOSED);
    expect(missing?.message).toBe(
      '「課題解決実行件数」の実績値がありません（会費（令和6年度）が未入力です）。実績値がそろってから提出してください',
    );
  });
});

describe('suggestedOverall', () => {
  test.each([
    [[[100, 100]], 'A'],
    [
      [
        [100, 100],
        [100, 80],
      ],
      'B',
    ],
    [
      [
        [100, 100],
        [100, 79.96],
      ],
      'B',
    ], // 80.0 % once rounded, as on the badge
    [[[100, 79.9]], 'C'],
    [[[0, 0]], 'A'],
    [[[0, -1]], 'C'],
    [[[null, 5]], null],
    [[[10, null]], null],
    [[], null],
  ] as const)('%j → %s', (pairs, expected) => {
    expect(suggestedOverall(pairs.map(([target, actual]) => ({ target, actual })))).toBe(expected);
  });
});

describe('sheetInputSchema', () => {
  test('trims, and fills a KPI row’s missing fields with empty text', () => {
    const parsed = sheetInputSchema.parse({ ...COMPLETE, achievements: '  成果  ', kpiActions: { '5-1': { cause: '原因' } } });
    expect(parsed.achievements).toBe('成果');
    expect(parsed.kpiActions['5-1']).toEqual({ cause: '原因', action: '', who: '', byWhen: '' });
  });
  test('refuses a rating off the scale and over-long text', () => {
    expect(sheetInputSchema.safeParse({ ...COMPLETE, necessity: 'A' }).success).toBe(false);
    expect(sheetInputSchema.safeParse({ ...COMPLETE, overall: 'D' }).success).toBe(false);
    expect(sheetInputSchema.safeParse({ ...COMPLETE, issues: 'あ'.repeat(4001) }).success).toBe(false);
  });
});
