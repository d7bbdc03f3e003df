import { describe, expect, test } from 'vitest';
import { expectedShare, type FlowPaceInput, flowPace, MIN_PROJECTION_SHARE, type MonthlyHistory, stockPace } from './pace.js';

const flat = (fiscalYear: number, perMonth = 10): MonthlyHistory => ({ fiscalYear, months: Array(12).fill(perMonth) });
/** 1 a month April–February, 89 in March: total 100, 10 % reached by the end of January. */
const marchHeavy = (fiscalYear: number): MonthlyHistory => ({ fiscalYear, months: [...Array(11).fill(1), 89] });
const zero = (fiscalYear: number): MonthlyHistory => ({ fiscalYear, months: Array(12).fill(0) });

describe('expectedShare', () => {
  test.each<[string, number, string, MonthlyHistory[], number, string]>([
    // even spread: FY2024 has 365 days, FY2023 366 (2024-02-29)
    ['4月1日, no history', 2024, '2024-04-01', [], 1 / 365, 'even'],
    ['9月30日, no history', 2024, '2024-09-30', [], 183 / 365, 'even'],
    ['3月31日, no history', 2024, '2025-03-31', [], 1, 'even'],
    ['2024-02-28 in the leap FY2023', 2023, '2024-02-28', [], 334 / 366, 'even'],
    ['2024-02-29 in the leap FY2023', 2023, '2024-02-29', [], 335 / 366, 'even'],
    ['2024-03-01 in the leap FY2023', 2023, '2024-03-01', [], 336 / 366, 'even'],
    ['zero history falls back to even', 2024, '2024-09-30', [zero(2022), zero(2023)], 183 / 365, 'even'],
    ['history of this year or later is ignored', 2024, '2024-09-30', [flat(2024), marchHeavy(2025)], 183 / 365, 'even'],
    // history: interpolated inside the month by days
    ['4月1日, flat history', 2024, '2024-04-01', [flat(2023)], 1 / 30 / 12, 'history 2023'],
    ['4月15日, flat history', 2024, '2024-04-15', [flat(2023)], 0.5 / 12, 'history 2023'],
    ['9月30日, flat history', 2024, '2024-09-30', [flat(2023)], 0.5, 'history 2023'],
    ['3月31日, flat history', 2024, '2025-03-31', [flat(2023)], 1, 'history 2023'],
    ['2024-02-15 in the leap FY2023 (15 of 29 days)', 2023, '2024-02-15', [flat(2022)], (10 + 15 / 29) / 12, 'history 2022'],
    ['most in March: end of December', 2024, '2024-12-31', [marchHeavy(2023)], 0.09, 'history 2023'],
    ['most in March: end of January', 2024, '2025-01-31', [marchHeavy(2023)], 0.1, 'history 2023'],
    ['most in March: 3月15日', 2024, '2025-03-15', [marchHeavy(2023)], (11 + (89 * 15) / 31) / 100, 'history 2023'],
    // pooled, not averaged: FY2021 is all 0 and not used; FY2022 flat 120, FY2023 360 all in March
    // → [10 ×11, 370] / 480, so 60 / 480 by 9月30日 (an average of the years' shares would be 0.25)
    [
      'pooled years, a zero year left out',
      2024,
      '2024-09-30',
      [zero(2021), flat(2022), { fiscalYear: 2023, months: [...Array(11).fill(0), 360] }],
      0.125,
      'history 2022,2023',
    ],
    [
      'a negative correction month keeps the share ≥ 0',
      2024,
      '2024-04-30',
      [{ fiscalYear: 2023, months: [-5, ...Array(11).fill(5)] }],
      0,
      'history 2023',
    ],
    // outside the year
    ['before the year', 2024, '2024-03-31', [flat(2023)], 0, 'history 2023'],
    ['after the year', 2024, '2025-04-01', [], 1, 'even'],
  ])('%s', (_name, fiscalYear, today, history, share, basis) => {
    const result = expectedShare(fiscalYear, today, history);
    expect(result.share).toBeCloseTo(share, 10);
    expect(result.basis.method === 'history' ? `history ${result.basis.years.join(',')}` : 'even').toBe(basis);
  });

  test.each<[string, number, string, MonthlyHistory[], string]>([
    ['3 years', 2024, '2024-09-30', [flat(2023), flat(2021), flat(2022)], '過去3年（R3年度・R4年度・R5年度）の月別実績の進み方'],
    ['none', 2024, '2024-09-30', [], '過去の月別実績がないため、年度の経過日数（365日中183日）による均等配分'],
    ['all zero', 2023, '2024-02-29', [zero(2022)], '過去の月別実績が0のため、年度の経過日数（366日中335日）による均等配分'],
  ])('explanation: %s', (_name, fiscalYear, today, history, explanation) => {
    expect(expectedShare(fiscalYear, today, history).explanation).toBe(explanation);
  });

  test.each<[string, MonthlyHistory[], string]>([
    ['11 months', [{ fiscalYear: 2023, months: Array(11).fill(1) }], '月別実績は4月〜3月の12か月分が必要です: R5年度（11か月）'],
    ['NaN', [{ fiscalYear: 2023, months: [Number.NaN, ...Array(11).fill(1)] }], '月別実績に数値でない値があります: R5年度'],
    ['a year twice', [flat(2023), flat(2023)], '月別実績の年度が重複しています: R5年度'],
  ])('refuses history with %s', (_name, history, message) => {
    expect(() => expectedShare(2024, '2024-09-30', history)).toThrow(message);
  });
});

const flow = (over: Partial<FlowPaceInput>): FlowPaceInput => ({
  fiscalYear: 2024,
  today: '2024-09-30',
  target: 120,
  actualToDate: 50,
  history: [flat(2023)],
  ...over,
});

describe('flowPace: expected by today and the year-end projection', () => {
  test.each<[string, Partial<FlowPaceInput>, number | null, number | null, string]>([
    ['half-way on flat history', {}, 60, 100, 'pace'],
    ['4月1日', { today: '2024-04-01', target: 360, actualToDate: 0 }, 1, 120, 'lastYear'],
    ['3月31日', { today: '2025-03-31', actualToDate: 118 }, 120, 118, 'pace'],
    [
      'leap year, no history: 2024-02-29',
      { fiscalYear: 2023, today: '2024-02-29', target: 366, actualToDate: 300, history: [] },
      335,
      300 * (366 / 335),
      'pace',
    ],
    ['no history: even spread', { target: 365, actualToDate: 150, history: [] }, 183, 150 * (365 / 183), 'pace'],
    ['zero history: even spread', { target: 365, actualToDate: 150, history: [zero(2023)] }, 183, 150 * (365 / 183), 'pace'],
    ['most in March: end of January', { today: '2025-01-31', target: 200, actualToDate: 15, history: [marchHeavy(2023)] }, 20, 150, 'pace'],
    [
      'most in March: end of December is too early',
      { today: '2024-12-31', target: 200, actualToDate: 9, history: [marchHeavy(2023)] },
      18,
      100,
      'lastYear',
    ],
    ['actual above target is not capped', { target: 100, actualToDate: 80 }, 50, 160, 'pace'],
    ['too early and already above last year', { today: '2024-04-20', actualToDate: 130 }, 120 * (20 / 30 / 12), 130, 'lastYear'],
    ['too early, no previous year', { today: '2024-04-20', history: [flat(2021)] }, 120 * (20 / 30 / 12), null, 'none'],
    ['even spread: 5月6日 is under 10 %', { today: '2024-05-06', target: 365, actualToDate: 40, history: [] }, 36, null, 'none'],
    ['even spread: 5月7日 is over 10 %', { today: '2024-05-07', target: 365, actualToDate: 37, history: [] }, 37, 365, 'pace'],
    ['no target: no expected value, still a projection', { target: null }, null, 100, 'pace'],
    ['no actual', { actualToDate: null }, 60, null, 'none'],
    ['before the year', { today: '2024-03-31', actualToDate: 0 }, 0, null, 'none'],
    ['after the year: the target and the actual', { today: '2025-04-01', actualToDate: 93 }, 120, 93, 'final'],
  ])('%s', (_name, over, expected, projected, method) => {
    const pace = flowPace(flow(over));
    if (expected === null) expect(pace.expected.value).toBeNull();
    else expect(pace.expected.value).toBeCloseTo(expected, 9);
    if (projected === null) expect(pace.projection.value).toBeNull();
    else expect(pace.projection.value).toBeCloseTo(projected, 9);
    expect(pace.projection.method).toBe(method);
  });

  test('the threshold is 10 % of the year', () => {
    expect(MIN_PROJECTION_SHARE).toBe(0.1);
  });

  test.each<[string, Partial<FlowPaceInput>, string, string]>([
    [
      'pace',
      { history: [flat(2021), flat(2022), flat(2023)] },
      '過去3年（R3年度・R4年度・R5年度）の月別実績の進み方から、目標値の50.0%が今日までに進む想定',
      '過去3年（R3年度・R4年度・R5年度）の月別実績の進み方から推計（今日までに年間の50.0%が進む想定）',
    ],
    [
      'last year',
      { today: '2024-04-20' },
      '過去1年（R5年度）の月別実績の進み方から、目標値の5.6%が今日までに進む想定',
      '年度の初めで進み方から推計するには早いため（想定進捗 5.6%）、前年度（R5年度）の実績 120 を見込みとします',
    ],
    ['no target', { target: null, today: '2025-04-01' }, '目標値の設定なし', '年度が終了したため、実績値をそのまま年度末の値とします'],
    ['before', { today: '2024-01-10' }, '年度開始前', '年度が始まっていないため推計できません'],
  ])('explanations: %s', (_name, over, expected, projected) => {
    const pace = flowPace(flow(over));
    expect([pace.expected.explanation, pace.projection.explanation]).toEqual([expected, projected]);
  });
});

describe('flowPace for 累計: the pace applies to this year’s increase', () => {
  // Baseline 100 at the end of R3; the plan starts in R4 (FY2022).
  test.each<[string, Partial<FlowPaceInput>, number | null, number | null, string]>([
    [
      'first year: from the baseline',
      {
        fiscalYear: 2022,
        today: '2022-09-30',
        target: 130,
        actualToDate: 112,
        cumulative: { previousYearEnd: 100 },
        history: [flat(2021)],
      },
      115,
      124,
      'pace',
    ],
    ['third year: from the previous year-end', { target: 190, actualToDate: 170, cumulative: { previousYearEnd: 160 } }, 175, 180, 'pace'],
    [
      'too early: previous year-end + last year’s increase',
      { today: '2024-04-20', target: 190, actualToDate: 162, cumulative: { previousYearEnd: 160 } },
      160 + 30 * (20 / 360),
      280,
      'lastYear',
    ],
    [
      'target already passed at the previous year-end',
      { target: 150, actualToDate: 170, cumulative: { previousYearEnd: 160 } },
      155,
      180,
      'pace',
    ],
    [
      'before the year: the previous year-end',
      { today: '2024-03-31', target: 190, actualToDate: 160, cumulative: { previousYearEnd: 160 } },
      160,
      null,
      'none',
    ],
    [
      'after the year: the target and the cumulative actual',
      { today: '2025-04-02', target: 190, actualToDate: 185, cumulative: { previousYearEnd: 160 } },
      190,
      185,
      'final',
    ],
    ['previous year-end unknown', { target: 190, actualToDate: 170, cumulative: { previousYearEnd: null } }, null, null, 'none'],
  ])('%s', (_name, over, expected, projected, method) => {
    const pace = flowPace(flow(over));
    if (expected === null) expect(pace.expected.value).toBeNull();
    else expect(pace.expected.value).toBeCloseTo(expected, 9);
    if (projected === null) expect(pace.projection.value).toBeNull();
    else expect(pace.projection.value).toBeCloseTo(projected, 9);
    expect(pace.projection.method).toBe(method);
  });

  test('the explanations say it is the increase', () => {
    const pace = flowPace(flow({ target: 190, actualToDate: 170, cumulative: { previousYearEnd: 160 } }));
    expect(pace.expected.explanation).toBe(
      '過去1年（R5年度）の月別実績の進み方から、前年度末の累計 160 に、目標までの増加分 30 の50.0%が今日までに進む想定',
    );
    expect(pace.projection.explanation).toBe(
      '過去1年（R5年度）の月別実績の進み方から推計（今日までに年間の50.0%が進む想定）（累計: 前年度末 160 に今年度の増加分の見込みを加算）',
    );
  });
});

describe('stockPace: no pace, the latest value and its as-of day', () => {
  test.each<[string, number, string, string, { value: number; on: string } | null, string, boolean, string]>([
    [
      '組織率 on 4月1日, seen in November',
      2024,
      '2024-11-25',
      '04-01',
      { value: 62.5, on: '2024-04-01' },
      '2024-04-01',
      true,
      '4月1日（令和6年4月1日）時点の値（確定）',
    ],
    [
      '共済加入率 on 1月末, seen in November',
      2024,
      '2024-11-25',
      '01-末',
      { value: 31.2, on: '2024-11-25' },
      '2025-01-31',
      false,
      '1月末（令和7年1月31日）に確定します。現在の値は令和6年11月25日時点',
    ],
    [
      '参画事業者率 on the as-of day itself',
      2024,
      '2025-01-31',
      '01-末',
      { value: 40, on: '2025-01-31' },
      '2025-01-31',
      true,
      '1月末（令和7年1月31日）時点の値（確定）',
    ],
    ['2月末 in the leap FY2023', 2023, '2024-01-10', '02-末', null, '2024-02-29', false, '2月末（令和6年2月29日）に測定します'],
    [
      'past the as-of day with no value',
      2024,
      '2024-05-01',
      '04-01',
      null,
      '2024-04-01',
      true,
      '4月1日（令和6年4月1日）時点の値がありません',
    ],
  ])('%s', (_name, fiscalYear, today, asOfDay, latest, measuredOn, final, explanation) => {
    const pace = stockPace({ fiscalYear, today, asOf: asOfDay, target: 65, latest });
    expect(pace).toEqual({
      kind: 'stock',
      measuredOn,
      final,
      value: latest?.value ?? null,
      valueOn: latest?.on ?? null,
      target: 65,
      explanation,
    });
  });

  test.each(['13-01', '4-1', '02-30'])('refuses the as-of day %s', (asOfDay) => {
    expect(() => stockPace({ fiscalYear: 2024, today: '2024-11-25', asOf: asOfDay, target: null, latest: null })).toThrow(RangeError);
  });
});
