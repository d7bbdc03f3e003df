import { describe, expect, test } from 'vitest';
import { isClosedFiscalYear, type KpiOfPlan, kpisCountingRecord, kpisUsingFigures } from './counted-by.js';

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
