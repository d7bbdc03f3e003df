import { describe, expect, test } from 'vitest';
import type { MembershipPeriod } from '../records/business.js';
import {
  isClosedFiscalYear,
  type KpiOfPlan,
  kpisCountingIndustryChange,
  kpisCountingMembership,
  kpisCountingRecord,
  kpisUsingFigures,
  memberAsOfDays,
} from './counted-by.js';

const period = { from: 2022, to: 2026 };
const kpis: KpiOfPlan[] = [
  { code: '5-1', name: '課題解決実行件数', cumulative: false, actual: { count: { kind: ['課題解決', '実行支援'], distinct: false } } },
  {
    code: '2-1',
    name: '事業承継',
    cumulative: true,
    actual: { count: { kind: ['事業承継'], subKinds: ['親族内承継', '第三者承継'], distinct: false } },
  },
  { code: '7-2', name: '製造業', cumulative: false, actual: { count: { kind: ['課題解決'], industries: ['製造業'], distinct: true } } },
  {
    code: '8-1',
    name: '利益',
    cumulative: false,
    actual: { ratio: { numerator: { sum: { kind: ['デジタル導入'] } }, denominator: { statistic: '商工業者数' }, percent: false } },
  },
  { code: '6-2', name: '組織率', cumulative: false, actual: { members: { asOf: '04-01' } } },
  { code: '9-9', name: '手入力', cumulative: false, actual: null },
];

describe('kpisCountingRecord', () => {
  test.each([
    ['a flow KPI counts the record in its year', { kind: '課題解決', subKind: null, industry: null, fiscalYear: 2024 }, [['5-1', [2024]]]],
    [
      'the 業種 filter lets a 製造業 record through',
      { kind: '課題解決', subKind: null, industry: '製造業', fiscalYear: 2024 },
      [
        ['5-1', [2024]],
        ['7-2', [2024]],
      ],
    ],
    [
      '累計: its year and every later one',
      { kind: '事業承継', subKind: '第三者承継', industry: null, fiscalYear: 2024 },
      [['2-1', [2024, 2025, 2026]]],
    ],
    ['累計: a record before the plan counts in none', { kind: '事業承継', subKind: '親族内承継', industry: null, fiscalYear: 2021 }, []],
    ['a 区分 the KPI does not list', { kind: '事業承継', subKind: null, industry: null, fiscalYear: 2024 }, []],
    ['inside a ratio', { kind: 'デジタル導入', subKind: null, industry: null, fiscalYear: 2023 }, [['8-1', [2023]]]],
    ['a kind no KPI counts', { kind: '創業', subKind: null, industry: null, fiscalYear: 2023 }, []],
  ])('%s', (_name, record, expected) => {
    expect(kpisCountingRecord(kpis, record, period).map((k) => [k.code, k.fiscalYears])).toEqual(expected);
  });
});

describe('isClosedFiscalYear', () => {
  test.each([
    [2024, '2025-03-31', false],
    [2024, '2025-04-01', true],
    [2025, '2025-04-01', false],
    [2026, '2025-04-01', false],
  ])('FY%i on %s: %s', (year, today, closed) => {
    expect(isClosedFiscalYear(year, today)).toBe(closed);
  });
});

describe('memberAsOfDays', () => {
  test.each<[string, KpiOfPlan['actual'], string[]]>([
    [
      '組織率',
      { ratio: { numerator: { members: { asOf: '04-01' } }, denominator: { statistic: '商工業者数' }, percent: true } },
      ['04-01'],
    ],
    [
      '共済加入率: members in the denominator',
      {
        ratio: {
          numerator: { subscribers: { types: ['貯蓄共済'], asOf: '01-末' } },
          denominator: { members: { asOf: '04-01' } },
          percent: true,
        },
      },
      ['04-01'],
    ],
    ['the same day twice is one day', { add: [{ members: { asOf: '04-01' } }, { members: { asOf: '04-01' } }] }, ['04-01']],
    ['subscribers alone count no members', { subscribers: { types: ['福祉共済'], asOf: '01-末' } }, []],
    ['a count', { count: { kind: ['課題解決'], distinct: false } }, []],
  ])('%s', (_name, actual, days) => {
    expect(actual && memberAsOfDays(actual)).toEqual(days);
  });
});

describe('kpisCountingMembership', () => {
  const membershipKpis: KpiOfPlan[] = [
    {
      code: '6-2',
      name: '組織率',
      cumulative: false,
      actual: { ratio: { numerator: { members: { asOf: '04-01' } }, denominator: { statistic: '商工業者数' }, percent: true } },
    },
    {
      code: '6-3',
      name: '自家共済の会員加入率',
      cumulative: false,
      actual: {
        ratio: {
          numerator: { subscribers: { types: ['貯蓄共済', '福祉共済'], asOf: '01-末' } },
          denominator: { members: { asOf: '04-01' } },
          percent: true,
        },
      },
    },
    { code: '5-1', name: '課題解決実行件数', cumulative: false, actual: { count: { kind: ['課題解決'], distinct: false } } },
    { code: '9-9', name: '手入力', cumulative: false, actual: null },
  ];
  const closed = [2022, 2023, 2024];
  const p = (joinedOn: string, leftOn: string | null = null): MembershipPeriod => ({ joinedOn, leftOn });
  test.each<[string, MembershipPeriod[], MembershipPeriod[], number[]]>([
    ['nothing changes', [p('2010-04-01')], [p('2010-04-01')], []],
    ['a member since before the plan, added', [], [p('2010-04-01')], [2022, 2023, 2024]],
    ['deleted with its history', [p('2010-04-01', '2023-06-30')], [], [2022, 2023]],
    ['joined on 4月1日: counted that day', [], [p('2023-04-01')], [2023, 2024]],
    ['joined on 4月2日: not counted until the next 4月1日', [], [p('2023-04-02')], [2024]],
    ['left on 4月1日: not counted that day', [p('2010-04-01')], [p('2010-04-01', '2023-04-01')], [2023, 2024]],
    ['left on 3月31日 instead of 4月1日: the same as-of days', [p('2010-04-01', '2023-04-01')], [p('2010-04-01', '2023-03-31')], []],
    [
      'left on 4月2日 instead of 4月1日: counted on 2023-04-01 now',
      [p('2010-04-01', '2023-04-01')],
      [p('2010-04-01', '2023-04-02')],
      [2023],
    ],
    ['a gap closed between two periods', [p('2010-04-01', '2022-04-01'), p('2023-05-01')], [p('2010-04-01')], [2022, 2023]],
    ['a period within one fiscal year, between as-of days', [], [p('2022-05-01', '2023-03-01')], []],
    ['a change in a year not asked about', [p('2010-04-01')], [p('2010-04-01', '2025-04-01')], []],
  ])('%s', (_name, before, after, years) => {
    const found = kpisCountingMembership(membershipKpis, { before, after }, closed);
    expect(found.map((k) => [k.code, k.fiscalYears])).toEqual(
      years.length === 0
        ? []
        : [
            ['6-2', years],
            ['6-3', years],
          ],
    );
  });
});

describe('kpisCountingIndustryChange', () => {
  const records = [
    { kind: '課題解決', subKind: null, fiscalYear: 2023 },
    { kind: '事業承継', subKind: '親族内承継', fiscalYear: 2023 },
  ];
  test.each<[string, string | null, string | null, [string, number[]][]]>([
    ['into 製造業: 7-2 counts its 課題解決 (5-1 counts it either way)', '小売業', '製造業', [['7-2', [2023]]]],
    ['out of 製造業', '製造業', null, [['7-2', [2023]]]],
    ['between two 業種 no filter names', '小売業', '飲食業', []],
    ['unchanged', '製造業', '製造業', []],
  ])('%s', (_name, before, after, expected) => {
    expect(kpisCountingIndustryChange(kpis, records, { before, after }, period).map((k) => [k.code, k.fiscalYears])).toEqual(expected);
  });
  test('a ratio whose numerator alone filters by 業種 changes although both terms count the record', () => {
    const share: KpiOfPlan = {
      code: '7-3',
      name: '製造業の割合',
      cumulative: false,
      actual: {
        ratio: {
          numerator: { count: { kind: ['課題解決'], industries: ['製造業'], distinct: false } },
          denominator: { count: { kind: ['課題解決'], distinct: false } },
          percent: true,
        },
      },
    };
    expect(kpisCountingIndustryChange([share], records, { before: null, after: '製造業' }, period)).toEqual([
      { code: '7-3', name: '製造業の割合', fiscalYears: [2023] },
    ]);
  });
});

describe('kpisUsingFigures', () => {
  const withFigures: KpiOfPlan[] = [
    ...kpis,
    {
      code: '6-1',
      name: '自己財源比率',
      cumulative: false,
      actual: {
        ratio: { numerator: { add: [{ finance: '会費' }, { finance: '手数料' }] }, denominator: { finance: '経常収入' }, percent: true },
      },
    },
    {
      code: '6-2b',
      name: '組織率',
      cumulative: false,
      actual: { ratio: { numerator: { members: { asOf: '04-01' } }, denominator: { statistic: '商工業者数' }, percent: true } },
    },
  ];
  test.each([
    ['a finance item of a ratio', [{ finance: '手数料' }], ['6-1']],
    ['a statistic', [{ statistic: '商工業者数' }], ['8-1', '6-2b']],
    ['a finance item of the same name as a statistic is another figure', [{ finance: '商工業者数' }], []],
    ['several', [{ finance: '経常収入' }, { statistic: '商工業者数' }], ['8-1', '6-1', '6-2b']],
  ])('%s', (_name, figures, codes) => {
    expect(kpisUsingFigures(withFigures, figures, 2024).map((k) => k.code)).toEqual(codes);
  });
});
