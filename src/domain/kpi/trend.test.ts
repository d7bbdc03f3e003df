import { describe, expect, test } from 'vitest';
import { kpiTrend, type TrendInput } from './trend.js';

// The seed's shape: baseline R3 (2021), plan R4–R8 (2022–2026).
const input = (over: Partial<TrendInput> = {}): TrendInput => ({
  baselineYear: 2021,
  baseline: 120,
  period: { from: 2022, to: 2026 },
  targets: { 2022: 130, 2023: 140, 2024: null, 2025: 160, 2026: 170 },
  actuals: { 2022: 128, 2023: 151, 2024: 77 },
  today: '2024-11-25',
  ...over,
});

type Row = [number, string, string, number | null, number | null];
const rows = (t: TrendInput): Row[] => kpiTrend(t).map((p) => [p.fiscalYear, p.label, p.status, p.target, p.actual]);

describe('kpiTrend', () => {
  test.each<[string, Partial<TrendInput>, Row[]]>([
    [
      'in the middle of the plan: the current year provisional, a 設定なし target stays null',
      {},
      [
        [2021, 'R3年度', 'baseline', null, 120],
        [2022, 'R4年度', 'final', 130, 128],
        [2023, 'R5年度', 'final', 140, 151],
        [2024, 'R6年度', 'provisional', null, 77],
        [2025, 'R7年度', 'future', 160, null],
        [2026, 'R8年度', 'future', 170, null],
      ],
    ],
    [
      '3月31日 is still the old year; a missing past actual is null',
      { today: '2024-03-31', actuals: { 2022: 128 } },
      [
        [2021, 'R3年度', 'baseline', null, 120],
        [2022, 'R4年度', 'final', 130, 128],
        [2023, 'R5年度', 'provisional', 140, null],
        [2024, 'R6年度', 'future', null, null],
        [2025, 'R7年度', 'future', 160, null],
        [2026, 'R8年度', 'future', 170, null],
      ],
    ],
    [
      '4月1日 starts the new year; an actual passed for a future year is dropped',
      { today: '2024-04-01', actuals: { 2022: 128, 2023: 151, 2024: 0, 2025: 999 } },
      [
        [2021, 'R3年度', 'baseline', null, 120],
        [2022, 'R4年度', 'final', 130, 128],
        [2023, 'R5年度', 'final', 140, 151],
        [2024, 'R6年度', 'provisional', null, 0],
        [2025, 'R7年度', 'future', 160, null],
        [2026, 'R8年度', 'future', 170, null],
      ],
    ],
    [
      'after the plan: every year final; no baseline value; absent targets are null',
      { today: '2027-06-01', baseline: null, targets: { 2022: 130 }, actuals: { 2022: 128, 2026: 175 } },
      [
        [2021, 'R3年度', 'baseline', null, null],
        [2022, 'R4年度', 'final', 130, 128],
        [2023, 'R5年度', 'final', null, null],
        [2024, 'R6年度', 'final', null, null],
        [2025, 'R7年度', 'final', null, null],
        [2026, 'R8年度', 'final', null, 175],
      ],
    ],
    [
      'before the plan: all future',
      { today: '2021-12-01', period: { from: 2022, to: 2023 }, actuals: { 2022: 5 } },
      [
        [2021, 'R3年度', 'baseline', null, 120],
        [2022, 'R4年度', 'future', 130, null],
        [2023, 'R5年度', 'future', 140, null],
      ],
    ],
  ])('%s', (_name, over, expected) => {
    expect(rows(input(over))).toEqual(expected);
  });

  test.each([2022, 2023])('a baseline year of %i (inside the period) is refused', (baselineYear) => {
    expect(() => kpiTrend(input({ baselineYear }))).toThrow('は計画期間より前の年度です');
  });
});
