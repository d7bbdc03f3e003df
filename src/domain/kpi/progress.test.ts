import { describe, expect, test } from 'vitest';
import type { Expr } from './definition.js';
import {
  assessProgress,
  finalMonthDay,
  flowUntil,
  monthEndOf,
  monthlyFromRunningTotals,
  type ProgressInput,
  paceKindOf,
} from './progress.js';
import { DEFAULT_RATING_BANDS } from './rating.js';

const count = (until?: string): Expr => ({ count: { kind: ['創業'], distinct: false, ...(until ? { until } : {}) } });
const members: Expr = { members: { asOf: '04-01' } };
const ratio = (numerator: Expr, denominator: Expr): Expr => ({ ratio: { numerator, denominator, percent: true } });

describe('the pace a definition has', () => {
  test.each([
    [count(), 'flow'],
    [{ add: [count(), { visitors: {} }] } as Expr, 'flow'],
    [members, 'stock'],
    [ratio(count('01-末'), { statistic: '商業・サービス業者数' }), 'stock'],
    [null, 'manual'],
  ] as const)('%j → %s', (expr, kind) => {
    expect(paceKindOf(expr)).toBe(kind);
  });

  test.each([
    [ratio(members, { statistic: '商工業者数' }), '04-01'],
    [ratio({ subscribers: { types: ['福祉共済'], asOf: '01-末' } }, members), '01-末'],
    [ratio(count('01-末'), { statistic: '商業・サービス業者数' }), '01-末'],
    [ratio({ add: [{ finance: '会費' }, { finance: '手数料' }] }, { finance: '経常収入' }), '03-末'],
    [ratio(count('06-30'), members), '06-30'],
  ] as const)('%j is final on %s', (expr, day) => {
    expect(finalMonthDay(expr, 2024)).toBe(day);
  });
});

describe('months of a flow', () => {
  test('month ends of the fiscal year, April first', () => {
    expect(Array.from({ length: 12 }, (_, i) => monthEndOf(i))).toEqual([
      '04-末',
      '05-末',
      '06-末',
      '07-末',
      '08-末',
      '09-末',
      '10-末',
      '11-末',
      '12-末',
      '01-末',
      '02-末',
      '03-末',
    ]);
    expect(() => monthEndOf(12)).toThrow(RangeError);
  });

  test('flowUntil keeps the earlier of the two days, inside additions too', () => {
    expect(flowUntil(count(), '09-末', 2024)).toEqual(count('09-末'));
    // 01-末 is in the next calendar year but the same fiscal year: later than 09-末.
    expect(flowUntil(count('01-末'), '09-末', 2024)).toEqual(count('09-末'));
    expect(flowUntil(count('06-30'), '09-末', 2024)).toEqual(count('06-30'));
    expect(flowUntil({ add: [count(), { visitors: { categories: ['セミナー'] } }] }, '02-末', 2024)).toEqual({
      add: [count('02-末'), { visitors: { categories: ['セミナー'], until: '02-末' } }],
    });
    expect(() => flowUntil(members, '09-末', 2024)).toThrow(RangeError);
  });

  test('running totals become each month’s increase', () => {
    expect(monthlyFromRunningTotals(2024, [1, 1, 3, 3, 3, 4, 4, 4, 4, 9, 9, 10]).months).toEqual([1, 0, 2, 0, 0, 1, 0, 0, 0, 5, 0, 1]);
    expect(() => monthlyFromRunningTotals(2024, [1, 2])).toThrow(RangeError);
  });
});

describe('assessProgress', () => {
  const base: ProgressInput = {
    definition: count(),
    cumulative: false,
    fiscalYear: 2024,
    today: '2024-10-01',
    target: 10,
    actual: 4,
    source: 'derived',
    reason: null,
    previousYearEnd: null,
    history: [],
    bands: DEFAULT_RATING_BANDS,
  };

  test.each([
    // today, actual → rated on, rating
    ['2024-10-01', 4, 'projection', 'C'], // even spread: 184/365 of the year; 4 → 7.9 by March, 79 %
    ['2024-10-01', 5, 'projection', 'B'], // 9.9 → 99 %
    ['2024-04-10', 1, 'actualSoFar', 'D'], // too early to project, no last year: 1 of 10
    ['2025-04-01', 10, 'actual', 'A'], // over: the actual itself
  ] as const)('a flow on %s with %d: rated on the %s, %s', (today, actual, ratedOn, band) => {
    const p = assessProgress({ ...base, today, actual });
    expect(p.ratedOn).toBe(ratedOn);
    expect(p.rating.kind === 'rated' && p.rating.band.code).toBe(band);
  });

  test('no target is 設定なし; no actual is 未集計 with the reason; a manual KPI has no pace', () => {
    expect(assessProgress({ ...base, target: null }).rating).toEqual({ kind: 'noTarget', label: '設定なし' });
    const missing = assessProgress({ ...base, actual: null, source: 'missing', reason: '記録がありません' });
    expect(missing.rating).toMatchObject({ kind: 'noActual', reason: expect.stringContaining('記録') });
    const manual = assessProgress({ ...base, definition: null, source: 'manual', actual: 12 });
    expect(manual).toMatchObject({ kind: 'manual', pace: null, expected: null, projectionNote: '手入力の実績値', ratedOn: 'actual' });
    expect(manual.rating).toMatchObject({ band: { code: 'A' }, rate: 120 });
  });

  test('a stock before its as-of day is the value so far, rated provisionally', () => {
    const p = assessProgress({
      ...base,
      definition: ratio({ subscribers: { types: ['福祉共済'], asOf: '01-末' } }, members),
      actual: 25,
      target: 30,
    });
    expect(p).toMatchObject({ kind: 'stock', expected: null, projected: null, ratedOn: 'actualSoFar' });
    expect(p.pace).toMatchObject({ measuredOn: '2025-01-31', final: false, valueOn: '2024-10-01' });
    expect(p.rating).toMatchObject({ band: { code: 'B' }, rate: 83.3 });
  });
});
