import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parsePlanFile } from './parse-plan-file.js';
import {
  decisionOrder,
  formatTargetValue,
  planWithTargetsInForce,
  ratingDate,
  revisionProblems,
  revisionSteps,
  type TargetHistory,
  type TargetRevision,
  targetForRating,
  targetInForce,
} from './targets-in-force.js';

const SAMPLE = readFileSync(new URL('../../test/fixtures/sample-plan.yaml', import.meta.url), 'utf8');

/** A revision decided on a day, entered at an instant (the same day by default). */
const rev = (
  value: number | null,
  decidedOn: string,
  enteredAt = `${decidedOn}T03:00:00.000Z`,
  decidedBy = '評価委員会',
): TargetRevision => ({
  value,
  decidedOn,
  decidedBy,
  reason: '見直し',
  enteredBy: 'admin',
  enteredAt,
  via: 'screen',
  source: null,
});

/** R6 (FY2024, 2024-04-01 … 2025-03-31) of 課題解決実行件数: originally 1,680. */
const history = (revisions: TargetRevision[], original: number | null = 1680): TargetHistory => ({ fiscalYear: 2024, original, revisions });

describe('targetInForce: the latest revision decided on or before the day, else the original', () => {
  const one = history([rev(1620, '2024-07-15')]);
  test.each<[string, TargetHistory, string, number | null]>([
    ['no revision', history([]), '2024-10-01', 1680],
    ['the day before the decision', one, '2024-07-14', 1680],
    ['decided on the day', one, '2024-07-15', 1620],
    ['after the decision', one, '2025-03-31', 1620],
    ['after the year', one, '2026-01-01', 1620],
    [
      'two on one day: the later entered wins',
      history([rev(1620, '2024-07-15', '2024-07-15T05:00:00.000Z'), rev(1600, '2024-07-15', '2024-07-15T01:00:00.000Z')]),
      '2024-07-15',
      1620,
    ],
    [
      'two on one day entered at the same instant: the later stored wins',
      history([rev(1620, '2024-07-15', '2024-07-15T05:00:00.000Z'), rev(1600, '2024-07-15', '2024-07-15T05:00:00.000Z')]),
      '2024-07-15',
      1600,
    ],
    [
      'entered late with an earlier decision date: in force from its own date',
      history([rev(1620, '2024-09-01', '2024-09-01T00:00:00.000Z'), rev(1650, '2024-06-01', '2024-10-01T00:00:00.000Z')]),
      '2024-08-01',
      1650,
    ],
    [
      '…and the later decision still wins after its date',
      history([rev(1620, '2024-09-01', '2024-09-01T00:00:00.000Z'), rev(1650, '2024-06-01', '2024-10-01T00:00:00.000Z')]),
      '2024-12-01',
      1620,
    ],
    ['設定なし → a number', history([rev(1600, '2024-07-15')], null), '2024-08-01', 1600],
    ['設定なし → a number, before', history([rev(1600, '2024-07-15')], null), '2024-07-01', null],
    ['a number → 設定なし', history([rev(null, '2024-07-15')]), '2024-08-01', null],
    ['設定なし → a number → 設定なし again', history([rev(1600, '2024-07-15'), rev(null, '2024-11-20')], null), '2024-12-01', null],
    ['設定なし → a number → 設定なし, between', history([rev(1600, '2024-07-15'), rev(null, '2024-11-20')], null), '2024-11-19', 1600],
    ['target 0 is a target', history([rev(0, '2024-07-15')]), '2024-08-01', 0],
  ])('%s', (_name, h, onDate, expected) => {
    expect(targetInForce(h, onDate)).toBe(expected);
  });
});

describe('the target a year is rated against: in force on its last day, or today while it runs', () => {
  test.each<[string, string]>([
    ['2024-06-01', '2024-06-01'], // under way
    ['2025-03-31', '2025-03-31'], // its last day
    ['2025-04-01', '2025-03-31'], // over
    ['2027-01-01', '2025-03-31'],
    ['2023-12-01', '2023-12-01'], // not begun: the target as decided today
  ])('today %s → as of %s', (today, expected) => {
    expect(ratingDate(2024, today)).toBe(expected);
  });

  test('a revision decided after the year ended (a plan file of old) is kept but does not change the year’s rating', () => {
    const h = history([rev(1620, '2024-07-15'), rev(1500, '2025-06-01')]);
    expect(targetForRating(h, '2026-01-01')).toBe(1620);
    expect(targetForRating(h, '2025-03-31')).toBe(1620);
    expect(targetInForce(h, '2026-01-01')).toBe(1500);
  });
});

test('revisionSteps: decision order, each with the target it replaced', () => {
  const h = history([rev(1620, '2024-09-01', '2024-09-01T00:00:00.000Z'), rev(null, '2024-06-01', '2024-10-01T00:00:00.000Z')]);
  expect(revisionSteps(h).map((s) => [s.decidedOn, s.previous, s.value])).toEqual([
    ['2024-06-01', 1680, null],
    ['2024-09-01', null, 1620],
  ]);
  expect(decisionOrder(h.revisions).map((r) => r.value)).toEqual([null, 1620]);
});

describe('revisionProblems', () => {
  const period = { from: 2022, to: 2026 };
  const ctx = (today: string, h = history([rev(1620, '2024-07-15')])) => ({ today, period, history: h });
  test.each<[string, { fiscalYear?: number; value?: number | null; decidedOn: string }, string, string | null]>([
    ['decided today, within the year', { decidedOn: '2024-10-01' }, '2024-10-01', null],
    ['decided on the year’s last day, entered later', { decidedOn: '2025-03-31' }, '2025-06-01', null],
    ['decided after the year ended', { decidedOn: '2025-04-01' }, '2025-06-01', 'decidedOn: 令和6年度は令和7年3月31日に終わっています'],
    ['decided tomorrow', { decidedOn: '2024-10-02' }, '2024-10-01', 'decidedOn: 今日より後の日付は入力できません'],
    ['decided on the plan’s first day', { decidedOn: '2022-04-01' }, '2024-10-01', null],
    ['decided before the plan began', { decidedOn: '2022-03-31' }, '2024-10-01', 'decidedOn: 計画期間の始まり（令和4年4月1日）より前'],
    ['a future year, decided today', { fiscalYear: 2026, decidedOn: '2024-10-01' }, '2024-10-01', null],
    ['a year outside the plan', { fiscalYear: 2027, decidedOn: '2024-10-01' }, '2024-10-01', 'fiscalYear: 令和9年度は計画期間'],
    ['not a date', { decidedOn: '2024-02-30' }, '2024-10-01', 'decidedOn: 決定日を入力してください'],
    [
      'the value in force on that day',
      { value: 1620, decidedOn: '2024-08-01' },
      '2024-10-01',
      'value: 令和6年8月1日時点の目標値（1,620）と同じ',
    ],
    ['the original, before the revision: no change', { value: 1680, decidedOn: '2024-07-14' }, '2024-10-01', 'value: 令和6年7月14日時点'],
    ['the original again, after the revision: a change', { value: 1680, decidedOn: '2024-08-01' }, '2024-10-01', null],
    ['the same day as a revision: a change against it', { value: 1600, decidedOn: '2024-07-15' }, '2024-10-01', null],
    ['設定なし', { value: null, decidedOn: '2024-08-01' }, '2024-10-01', null],
  ])('%s', (_name, input, today, expected) => {
    const problems = revisionProblems({ fiscalYear: 2024, value: 1650, ...input }, ctx(today));
    const first = problems[0];
    if (expected === null) expect(problems).toEqual([]);
    else expect(first && `${first.field}: ${first.message}`).toContain(expected);
  });

  test('設定なし to 設定なし is no change', () => {
    expect(revisionProblems({ fiscalYear: 2024, value: null, decidedOn: '2024-08-01' }, ctx('2024-10-01', history([], null)))).toEqual([
      { field: 'value', message: '令和6年8月1日時点の目標値（設定なし）と同じです。変わる値を入力してください' },
    ]);
  });
});

test('formatTargetValue', () => {
  expect([formatTargetValue(1620), formatTargetValue(70.5), formatTargetValue(null), formatTargetValue(0)]).toEqual([
    '1,620',
    '70.5',
    '設定なし',
    '0',
  ]);
});

test('planWithTargetsInForce replaces each year’s target by the one it is rated against, sub-KPIs too', () => {
  // 経営相談件数 (1-1): 110, 120.5, 設定なし; うち窓口相談 (1-1-1): 70, 80.5, 90.
  const plan = parsePlanFile(SAMPLE, 'sample-plan.yaml');
  const histories = new Map([
    ['1-1', new Map([[2026, { fiscalYear: 2026, original: 120.5, revisions: [rev(115, '2026-07-15')] }]])],
    ['1-1-1', new Map([[2027, { fiscalYear: 2027, original: 90, revisions: [rev(null, '2026-07-15')] }]])],
  ]);
  const kpiOf = (p: typeof plan) => p.strategies[0]?.measures[0]?.goals[0]?.kpis[0];
  const revised = kpiOf(planWithTargetsInForce(plan, histories, '2026-08-01'));
  expect(revised?.targets).toEqual({ 2025: 110, 2026: 115, 2027: null });
  expect(revised?.breakdown[0]?.targets).toEqual({ 2025: 70, 2026: 80.5, 2027: null });
  // Before the decision, the original.
  expect(kpiOf(planWithTargetsInForce(plan, histories, '2026-07-14'))?.targets[2026]).toBe(120.5);
  // The plan passed in is left as it was.
  expect(kpiOf(plan)?.targets[2026]).toBe(120.5);
});
