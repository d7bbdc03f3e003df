import { describe, expect, test } from 'vitest';
import { dataGaps, groupByOwner, type KpiYearResult, NO_OWNER } from './data-gaps.js';

const PERIOD = { from: 2022, to: 2026 };
const statistic = (value: number | null) => ({ value, measurement: { type: 'statistic' } });
const finance = (value: number | null) => ({ value, measurement: { type: 'finance' } });
const members = { value: 700, measurement: { type: 'members' } };
const missing = (code: string, fiscalYear: number, reason: string, terms: KpiYearResult['terms'] = []): KpiYearResult => ({
  code,
  fiscalYear,
  source: 'missing',
  reason,
  terms,
});

describe('what an owner must still enter', () => {
  const today = '2026-06-01'; // R8年度
  test.each([
    [
      'this year: a statistic of 4月1日 not entered',
      missing('6-2', 2026, '商工業者数（R8年度）が未入力です', [members, statistic(null)]),
      true,
    ],
    [
      'this year: a finance figure (the year has not closed)',
      missing('6-1', 2026, '経常収入（R8年度）が未入力です', [finance(null)]),
      false,
    ],
    [
      'this year: a manual actual (due at the year end)',
      missing('x', 2026, '記録から算出する方法が定義されていません。実績値と根拠を入力してください'),
      false,
    ],
    ['last year: a finance figure of the closed year', missing('6-1', 2025, '経常収入（R7年度）が未入力です', [finance(null)]), true],
    ['last year: a manual actual', missing('x', 2025, '記録から算出する方法が定義されていません。実績値と根拠を入力してください'), true],
    ['two years ago: no longer the current period', missing('6-1', 2024, '経常収入（R6年度）が未入力です', [finance(null)]), false],
    ['a year not begun', missing('6-2', 2027, 'R9年度はまだ始まっていません'), false],
    ['a value', { code: '5-1', fiscalYear: 2025, source: 'derived', reason: null, terms: [] } as KpiYearResult, false],
  ] as const)('%s → gap: %s', (_, result, gap) => {
    expect(dataGaps([result], today, PERIOD).length > 0).toBe(gap);
  });

  test('the message names the year and what is missing; outside the plan nothing is due', () => {
    const [gap] = dataGaps([missing('6-1', 2025, '経常収入（R7年度）が未入力です', [finance(null)])], today, PERIOD);
    expect(gap).toEqual({ code: '6-1', fiscalYear: 2025, message: 'R7年度: 経常収入（R7年度）が未入力です' });
    // In the plan's first year the year before is the baseline year: not part of the plan.
    expect(dataGaps([missing('6-1', 2021, '経常収入（R3年度）が未入力です', [finance(null)])], '2022-06-01', PERIOD)).toEqual([]);
  });
});

describe('groupByOwner', () => {
  const kpis = [{ code: 'a' }, { code: 'b' }, { code: 'c' }, { code: 'd' }];
  test('owners in the order of their first KPI, those without one last; gaps beside their KPI', () => {
    const owners = new Map([
      ['b', '佐藤'],
      ['c', '高橋'],
      ['d', '佐藤'],
      ['a', '  '],
    ]);
    const gaps = [{ code: 'd', fiscalYear: 2025, message: 'R7年度: …' }];
    const groups = groupByOwner(kpis, owners, gaps);
    expect(groups.map((g) => [g.owner, g.kpis.map((k) => k.kpi.code)])).toEqual([
      ['佐藤', ['b', 'd']],
      ['高橋', ['c']],
      [NO_OWNER, ['a']],
    ]);
    expect(groups[0]?.kpis[1]?.gaps).toEqual(gaps);
  });
});
