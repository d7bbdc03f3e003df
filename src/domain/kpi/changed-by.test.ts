import { describe, expect, test } from 'vitest';
import { type EventFact, eventFacts, kpisChangedBy, type SubscriptionFact, subscriptionFacts } from './changed-by.js';
import type { KpiOfPlan } from './counted-by.js';

const period = { from: 2022, to: 2026 };
// FY2025 is under way (its 1月末 is still to come: measured today); FY2026 has not begun.
const today = '2025-06-01';
const kpis: KpiOfPlan[] = [
  { code: '10-1', name: '来場者数', cumulative: false, actual: { visitors: { categories: ['コミュニティビジネス'] } } },
  { code: 'all', name: '全イベント来場者数（累計）', cumulative: true, actual: { visitors: {} } },
  {
    code: 'fair',
    name: '商談会来場者数（1月末まで）',
    cumulative: false,
    actual: { visitors: { categories: ['商談会'], until: '01-末' } },
  },
  {
    code: '6-3',
    name: '共済加入率',
    cumulative: false,
    actual: {
      ratio: {
        numerator: { subscribers: { types: ['貯蓄共済', '福祉共済'], asOf: '01-末' } },
        denominator: { members: { asOf: '04-01' } },
        percent: true,
      },
    },
  },
  { code: 'savings', name: '貯蓄共済（4月1日）', cumulative: false, actual: { subscribers: { types: ['貯蓄共済'], asOf: '04-01' } } },
  { code: '5-1', name: '課題解決', cumulative: false, actual: { count: { kind: ['課題解決'], distinct: false } } },
  { code: '9-9', name: '手入力', cumulative: false, actual: null },
];

const changed = (before: ReturnType<typeof eventFacts>, after: ReturnType<typeof eventFacts>) =>
  kpisChangedBy(kpis, { before, after }, { period, today }).map((k) => [k.code, k.fiscalYears]);

describe('kpisChangedBy: events', () => {
  const community: EventFact = { date: '2023-07-01', category: 'コミュニティビジネス', visitors: 100 };
  test.each<[string, EventFact | null, EventFact | null, [string, number[]][]]>([
    [
      'an event added counts in its year, and in a 累計 KPI up to the year under way',
      null,
      community,
      [
        ['10-1', [2023]],
        ['all', [2023, 2024, 2025]],
      ],
    ],
    [
      'deleting it is the same years',
      community,
      null,
      [
        ['10-1', [2023]],
        ['all', [2023, 2024, 2025]],
      ],
    ],
    ['nothing but its name or participants changed: no KPI', community, { ...community }, []],
    ['an event of 0 visitors adds nothing', null, { ...community, visitors: 0 }, []],
    ['its 区分 changed: only the KPIs of either 区分', { ...community, category: 'セミナー' }, community, [['10-1', [2023]]]],
    [
      'a 区分 no KPI names (null) counts only where every 区分 counts',
      null,
      { ...community, category: null },
      [['all', [2023, 2024, 2025]]],
    ],
    [
      'moved to the next year: both years, and the 累計 year between',
      community,
      { ...community, date: '2024-07-01' },
      [
        ['10-1', [2023, 2024]],
        ['all', [2023]],
      ],
    ],
    [
      'a 商談会 on 1月31日 counts up to 1月末',
      null,
      { date: '2024-01-31', category: '商談会', visitors: 30 },
      [
        ['all', [2023, 2024, 2025]],
        ['fair', [2023]],
      ],
    ],
    ['a 商談会 on 2月1日 is after 1月末', null, { date: '2024-02-01', category: '商談会', visitors: 30 }, [['all', [2023, 2024, 2025]]]],
    ['before the plan: in no year of it', null, { ...community, date: '2022-03-31' }, []],
    [
      '3月31日 is the last day of its fiscal year',
      null,
      { ...community, date: '2023-03-31' },
      [
        ['10-1', [2022]],
        ['all', [2022, 2023, 2024, 2025]],
      ],
    ],
    ['in a year not yet begun: nothing measured', null, { ...community, date: '2026-04-01' }, []],
  ])('%s', (_name, before, after, expected) => {
    expect(changed(eventFacts(before), eventFacts(after))).toEqual(expected);
  });
});

describe('kpisChangedBy: 共済 subscriptions', () => {
  const savings: SubscriptionFact = { businessId: 1, type: '貯蓄共済', joinedOn: '2023-05-01', leftOn: null };
  const old: SubscriptionFact = { businessId: 1, type: '貯蓄共済', joinedOn: '2020-04-01', leftOn: null };
  test.each<[string, SubscriptionFact[], SubscriptionFact[], [string, number[]][]]>([
    [
      'added: every as-of day it holds on (1月末 from FY2023, 4月1日 from FY2024; FY2025 measured today)',
      [],
      [savings],
      [
        ['6-3', [2023, 2024, 2025]],
        ['savings', [2024, 2025]],
      ],
    ],
    [
      'ended on the as-of day: not counted on that day',
      [old],
      [{ ...old, leftOn: '2024-01-31' }],
      [
        ['6-3', [2023, 2024, 2025]],
        ['savings', [2024, 2025]],
      ],
    ],
    [
      'ended the day after 1月末: that year still counts it',
      [old],
      [{ ...old, leftOn: '2024-02-01' }],
      [
        ['6-3', [2024, 2025]],
        ['savings', [2024, 2025]],
      ],
    ],
    [
      '貯蓄共済 to 福祉共済: the sum of both types is the same',
      [old],
      [{ ...old, type: '福祉共済' }],
      [['savings', [2022, 2023, 2024, 2025]]],
    ],
    ['another business without one: the count is the same', [old], [{ ...old, businessId: 2 }], []],
    ['a second 貯蓄共済 of a business that holds one: counted once, nothing changes', [old], [old, savings], []],
    ['its 証券番号 only: nothing', [old], [{ ...old }], []],
    [
      'deleted',
      [savings],
      [],
      [
        ['6-3', [2023, 2024, 2025]],
        ['savings', [2024, 2025]],
      ],
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(changed(subscriptionFacts(before), subscriptionFacts(after))).toEqual(expected);
  });
});
