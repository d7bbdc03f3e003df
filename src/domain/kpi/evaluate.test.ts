import { describe, expect, test } from 'vitest';
import { exprSchema, isFlow } from './definition.js';
import { type Actual, achievementRate, type EvaluationContext, evaluateActual, measurementKey, measurementsFor } from './evaluate.js';
import { type Facts, measureInMemory } from './measure-in-memory.js';

const none: Facts = { businesses: [], memberships: [], support: [], events: [], subscriptions: [], statistics: [], finances: [] };
const ctx = (over: Partial<EvaluationContext> = {}): EvaluationContext => ({
  fiscalYear: 2024,
  planFirstYear: 2022,
  cumulative: false,
  baseline: null,
  today: '2026-11-25',
  ...over,
});

function run(definition: unknown, context: EvaluationContext, facts: Partial<Facts>): Actual {
  const expr = exprSchema.parse(definition);
  const all = { ...none, ...facts };
  const results = new Map(measurementsFor(expr, context).map((m) => [measurementKey(m), measureInMemory(m, all)]));
  return evaluateActual(expr, context, results);
}

const valueOrReason = (a: Actual) => (a.status === 'missing' ? a.reason : a.value);
let nextId = 1;
const rec = (date: string, kind: string, over: Partial<Facts['support'][number]> = {}): Facts['support'][number] => ({
  id: nextId++,
  date,
  businessId: null,
  kind,
  subKind: null,
  quantity: 1,
  amount: null,
  ...over,
});

describe('flows over the fiscal year', () => {
  test.each([
    ['2024-03-31', 0],
    ['2024-04-01', 1],
    ['2025-03-31', 1],
    ['2025-04-01', 0],
  ])('a record on %s counts %i towards FY2024', (date, expected) => {
    expect(valueOrReason(run({ count: { kind: '課題解決' } }, ctx(), { support: [rec(date, '課題解決')] }))).toBe(expected);
  });

  test('a year with no records is a real zero', () => {
    expect(run({ count: { kind: '課題解決' } }, ctx(), {})).toMatchObject({ status: 'derived', value: 0 });
  });

  test('件数 sums quantities over several kinds; other kinds and 区分 filters apply', () => {
    const support = [
      rec('2024-05-01', '課題解決', { quantity: 3 }),
      rec('2024-06-01', '実行支援'),
      rec('2024-06-02', '創業'),
      rec('2024-07-01', '事業計画策定', { subKind: '事業継続計画' }),
      rec('2024-07-02', '事業計画策定', { subKind: '経営計画' }),
    ];
    expect(valueOrReason(run({ count: { kind: ['課題解決', '実行支援'] } }, ctx(), { support }))).toBe(4);
    expect(
      valueOrReason(run({ count: { kind: '事業計画策定', subKinds: ['事業継続計画', '事業継続力強化計画'] } }, ctx(), { support })),
    ).toBe(1);
    expect(valueOrReason(run({ count: { kind: '事業計画策定' } }, ctx(), { support }))).toBe(2);
  });

  test('`until` ends the window on the as-of day (1月末 of FY2024 is 2025-01-31)', () => {
    const businesses = [
      { id: 1, industry: '小売業' },
      { id: 2, industry: '小売業' },
      { id: 3, industry: '製造業' },
    ];
    const support = [
      rec('2025-01-31', '消費喚起事業参画', { businessId: 1 }),
      rec('2025-02-01', '消費喚起事業参画', { businessId: 2 }),
      rec('2024-12-01', '消費喚起事業参画', { businessId: 3 }),
      rec('2024-12-02', '消費喚起事業参画', { businessId: 1 }),
    ];
    const def = { count: { kind: '消費喚起事業参画', distinct: true, industries: ['小売業', '飲食業'], until: '01-末' } };
    expect(valueOrReason(run(def, ctx(), { businesses, support }))).toBe(1);
  });

  test('amounts and visitors', () => {
    const support = [rec('2024-05-01', 'デジタル導入', { amount: 1200.5 }), rec('2024-05-02', 'デジタル導入')];
    expect(valueOrReason(run({ sum: { kind: 'デジタル導入' } }, ctx(), { support }))).toBe(1200.5);
    const events = [
      { id: 1, date: '2024-08-01', category: 'コミュニティビジネス', visitors: 300 },
      { id: 2, date: '2024-09-01', category: 'セミナー', visitors: 40 },
      { id: 3, date: '2024-10-01', category: 'コミュニティビジネス', visitors: 280 },
    ];
    expect(valueOrReason(run({ visitors: { categories: ['コミュニティビジネス'] } }, ctx(), { events }))).toBe(580);
  });
});

describe('累計', () => {
  const support = [
    rec('2021-12-01', '創業'),
    rec('2022-05-01', '創業'),
    rec('2022-06-01', '創業'),
    rec('2023-05-01', '創業', { quantity: 3 }),
  ];
  test.each([
    [2022, 12],
    [2023, 15],
    [2024, 15],
  ])('FY%i: baseline 10 plus everything from FY2022 (the FY2021 record is in the baseline)', (fiscalYear, expected) => {
    const actual = run({ count: { kind: '創業' } }, ctx({ fiscalYear, cumulative: true, baseline: 10 }), { support });
    expect(actual).toMatchObject({ status: 'derived', value: expected });
  });

  test('a distinct count counts each business once over the whole window', () => {
    const trades = [
      rec('2022-05-01', '地域内取引成立', { businessId: 1 }),
      rec('2023-05-01', '地域内取引成立', { businessId: 1 }),
      rec('2023-06-01', '地域内取引成立', { businessId: 2 }),
    ];
    const def = { count: { kind: '地域内取引成立', distinct: true } };
    expect(valueOrReason(run(def, ctx({ fiscalYear: 2023, cumulative: true, baseline: 0 }), { support: trades }))).toBe(2);
    expect(valueOrReason(run(def, ctx({ fiscalYear: 2023 }), { support: trades }))).toBe(2);
    expect(valueOrReason(run(def, ctx({ fiscalYear: 2022, cumulative: true, baseline: 0 }), { support: trades }))).toBe(1);
  });

  test('only flows can be 累計', () => {
    expect(isFlow(exprSchema.parse({ add: [{ count: { kind: 'a' } }, { sum: { kind: 'b' } }] }))).toBe(true);
    expect(isFlow(exprSchema.parse({ members: { asOf: '04-01' } }))).toBe(false);
  });
});

describe('stocks on an as-of day', () => {
  const organisationRate = {
    ratio: { numerator: { members: { asOf: '04-01' } }, denominator: { statistic: '商工業者数' }, percent: true },
  };
  const statistics = [{ fiscalYear: 2024, item: '商工業者数', value: 4 }];

  test.each([
    ['2024-04-01', 2, 50], // leaving on the as-of day: no longer a member that day
    ['2024-04-02', 3, 75],
    ['2024-03-31', 2, 50],
    [null, 3, 75],
  ])('a member whose 退会日 is %s: %i members, 組織率 %d %%', (leftOn, _members, rate) => {
    const memberships = [
      { businessId: 1, joinedOn: '2010-04-01', leftOn: null },
      { businessId: 2, joinedOn: '2024-04-01', leftOn: null }, // joins on the day: counted
      { businessId: 3, joinedOn: '2020-04-01', leftOn },
      { businessId: 4, joinedOn: '2024-04-02', leftOn: null }, // joins the day after: not yet
    ];
    expect(valueOrReason(run(organisationRate, ctx(), { memberships, statistics }))).toBe(rate);
  });

  test('a business that left and rejoined is one member', () => {
    const memberships = [
      { businessId: 1, joinedOn: '2010-04-01', leftOn: '2015-03-31' },
      { businessId: 1, joinedOn: '2018-04-01', leftOn: null },
    ];
    expect(valueOrReason(run({ members: { asOf: '04-01' } }, ctx(), { memberships }))).toBe(1);
    expect(valueOrReason(run({ members: { asOf: '04-01' } }, ctx({ fiscalYear: 2016 }), { memberships }))).toBe(0);
  });

  test('a statistic not entered gives no value, with the reason', () => {
    expect(run(organisationRate, ctx(), { memberships: [] })).toMatchObject({
      status: 'missing',
      reason: '商工業者数（令和6年度）が未入力です',
    });
  });

  test('division by zero gives no value, with the reason', () => {
    const actual = run(organisationRate, ctx(), { statistics: [{ fiscalYear: 2024, item: '商工業者数', value: 0 }] });
    expect(actual.status).toBe('missing');
    expect(actual.status === 'missing' && actual.reason).toContain('0のため計算できません');
  });

  test('共済: subscribers of each type on 1月末, over members on 4月1日; a business with two contracts of a type counts once', () => {
    const memberships = [1, 2, 3, 4].map((businessId) => ({ businessId, joinedOn: '2000-04-01', leftOn: null }));
    const subscriptions = [
      { businessId: 1, type: '貯蓄共済', joinedOn: '2020-01-01', leftOn: null },
      { businessId: 1, type: '貯蓄共済', joinedOn: '2021-01-01', leftOn: null },
      { businessId: 1, type: '福祉共済', joinedOn: '2020-01-01', leftOn: null },
      { businessId: 2, type: '福祉共済', joinedOn: '2025-01-31', leftOn: null },
      { businessId: 3, type: '福祉共済', joinedOn: '2020-01-01', leftOn: '2025-01-31' },
    ];
    const def = {
      ratio: {
        numerator: { subscribers: { types: ['貯蓄共済', '福祉共済'], asOf: '01-末' } },
        denominator: { members: { asOf: '04-01' } },
        percent: true,
      },
    };
    expect(valueOrReason(run(def, ctx(), { memberships, subscriptions }))).toBe(75);
  });

  test('an as-of day still to come is measured today and marked provisional', () => {
    const subscriptions = [{ businessId: 1, type: '福祉共済', joinedOn: '2026-12-01', leftOn: null }];
    const actual = run({ subscribers: { types: ['福祉共済'], asOf: '01-末' } }, ctx({ fiscalYear: 2026, today: '2026-11-25' }), {
      subscriptions,
    });
    expect(actual).toMatchObject({ status: 'derived', value: 0, provisional: true, finalOn: '2027-01-31' });
  });
});

describe('years, definitions and manual values', () => {
  test('a year that has not begun has no value', () => {
    expect(run({ count: { kind: 'a' } }, ctx({ fiscalYear: 2027, today: '2026-11-25' }), {})).toMatchObject({
      status: 'missing',
      reason: '令和9年度はまだ始まっていません',
    });
  });

  test('a closed year is final; the current one is provisional until its end', () => {
    expect(run({ count: { kind: 'a' } }, ctx({ fiscalYear: 2025 }), {})).toMatchObject({ provisional: false, finalOn: null });
    expect(run({ count: { kind: 'a' } }, ctx({ fiscalYear: 2026 }), {})).toMatchObject({ provisional: true, finalOn: '2027-03-31' });
  });

  test('自己財源比率 from finance items; a missing item says which', () => {
    const def = {
      ratio: { numerator: { add: [{ finance: '会費' }, { finance: '手数料' }] }, denominator: { finance: '経常収入' }, percent: true },
    };
    const finances = [
      { fiscalYear: 2024, item: '会費', amount: 20000 },
      { fiscalYear: 2024, item: '手数料', amount: 11000 },
      { fiscalYear: 2024, item: '経常収入', amount: 100000 },
    ];
    expect(valueOrReason(run(def, ctx(), { finances }))).toBe(31);
    expect(valueOrReason(run(def, ctx(), { finances: finances.slice(1) }))).toBe('会費（令和6年度）が未入力です');
  });

  test('no definition: the manual value, or a reason', () => {
    const c = ctx();
    expect(evaluateActual(null, c, new Map())).toMatchObject({ status: 'missing' });
    const manual = { value: 12, evidence: '評価委員会資料', enteredBy: '事務局', enteredAt: '2025-04-10T00:00:00Z' };
    expect(evaluateActual(null, c, new Map(), manual)).toEqual({ status: 'manual', ...manual });
  });

  test.each([
    [{ count: {} }, 'kind'],
    [{ members: { asOf: '4/1' } }, 'MM-DD'],
    [{ add: [{ finance: '会費' }] }, '2つ以上'],
    [{ median: 1 }, 'count, sum'],
  ])('a bad definition %j is refused', (def, message) => {
    const parsed = exprSchema.safeParse(def);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(message);
  });
});

test.each([
  [50, 100, 50, null],
  [71, 70, 101.4, null],
  [0, 0, null, '目標値が0（達成）'],
  [5, null, null, '目標値の設定なし'],
  [null, 10, null, '実績値なし'],
])('達成率 of %s against %s is %s', (actual, target, rate, reason) => {
  expect(achievementRate(actual, target)).toEqual({ rate, reason });
});
