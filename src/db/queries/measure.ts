/**
 * Measures the records in SQL: the same numbers as the reference `measureInMemory`
 * (src/domain/kpi/measure-in-memory.ts), on SQLite and PostgreSQL. Identical measurements
 * are run once.
 */
import type { Kysely } from 'kysely';
import { fiscalYearOf } from '../../domain/fiscal-calendar.js';
import { type MeasuredValue, type Measurement, measurementKey } from '../../domain/kpi/evaluate.js';
import type { Database } from '../schema.js';

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/*
 * What each measurement selects, written once: the count here and the drill-down
 * (measurement-rows.ts) start from the same query, so a figure and the rows behind it
 * cannot disagree.
 */
type SupportMeasurement = Extract<Measurement, { type: 'support' }>;

export function supportRecordsOf(db: Kysely<Database>, chamberId: number, m: SupportMeasurement) {
  let q = db
    .selectFrom('support_records as r')
    .where('r.chamberId', '=', chamberId)
    .where('r.kind', 'in', m.kinds)
    .where('r.fiscalYear', '>=', fiscalYearOf(m.from))
    .where('r.fiscalYear', '<=', fiscalYearOf(m.to))
    .where('r.date', '>=', m.from)
    .where('r.date', '<=', m.to);
  if (m.subKinds) q = q.where('r.subKind', 'in', m.subKinds);
  if (m.industries) {
    const industries = m.industries;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('businesses as b')
          .select('b.id')
          .whereRef('b.id', '=', 'r.businessId')
          .where('b.chamberId', '=', chamberId)
          .where('b.industry', 'in', industries),
      ),
    );
  }
  // A distinct count counts businesses: records of the chamber itself are not among them.
  if (m.aggregate === 'distinctBusinesses') q = q.where('r.businessId', 'is not', null);
  return q;
}

export function eventsOf(db: Kysely<Database>, chamberId: number, m: Extract<Measurement, { type: 'visitors' }>) {
  let q = db.selectFrom('events as e').where('e.chamberId', '=', chamberId).where('e.date', '>=', m.from).where('e.date', '<=', m.to);
  if (m.categories) q = q.where('e.category', 'in', m.categories);
  return q;
}

/** Membership periods that hold on a day: 入会日 ≤ day < 退会日. */
export function membershipsOn(db: Kysely<Database>, chamberId: number, day: string) {
  return db
    .selectFrom('memberships as p')
    .where('p.chamberId', '=', chamberId)
    .where('p.joinedOn', '<=', day)
    .where((eb) => eb.or([eb('p.leftOn', 'is', null), eb('p.leftOn', '>', day)]));
}

/** Subscriptions of some types that hold on a day: 加入日 ≤ day < 解約日. */
export function subscriptionsOn(db: Kysely<Database>, chamberId: number, types: readonly string[], day: string) {
  return db
    .selectFrom('mutual_aid as s')
    .where('s.chamberId', '=', chamberId)
    .where('s.type', 'in', [...types])
    .where('s.joinedOn', '<=', day)
    .where((eb) => eb.or([eb('s.leftOn', 'is', null), eb('s.leftOn', '>', day)]));
}

async function measureOne(db: Kysely<Database>, chamberId: number, m: Measurement): Promise<MeasuredValue> {
  switch (m.type) {
    case 'support': {
      const row = await supportRecordsOf(db, chamberId, m)
        .select((eb) =>
          m.aggregate === 'quantity'
            ? eb.fn.sum<number>('r.quantity').as('v')
            : m.aggregate === 'amount'
              ? eb.fn.sum<number>('r.amount').as('v')
              : eb.fn.count<number>('r.businessId').distinct().as('v'),
        )
        .executeTakeFirst();
      return num(row?.v);
    }
    case 'visitors': {
      const row = await eventsOf(db, chamberId, m)
        .select((eb) => eb.fn.sum<number>('e.visitors').as('v'))
        .executeTakeFirst();
      return num(row?.v);
    }
    case 'members': {
      const row = await membershipsOn(db, chamberId, m.on)
        .select((eb) => eb.fn.count<number>('p.businessId').distinct().as('v'))
        .executeTakeFirst();
      return num(row?.v);
    }
    case 'subscribers': {
      const rows = await subscriptionsOn(db, chamberId, m.types, m.on)
        .groupBy('s.type')
        .select((eb) => ['s.type', eb.fn.count<number>('s.businessId').distinct().as('v')])
        .execute();
      return rows.reduce((n, r) => n + num(r.v), 0);
    }
    case 'statistic': {
      const row = await db
        .selectFrom('statistics')
        .select('value')
        .where('chamberId', '=', chamberId)
        .where('fiscalYear', '=', m.fiscalYear)
        .where('item', '=', m.item)
        .executeTakeFirst();
      return row ? row.value : null;
    }
    case 'finance': {
      const row = await db
        .selectFrom('finances')
        .select('amount')
        .where('chamberId', '=', chamberId)
        .where('fiscalYear', '=', m.fiscalYear)
        .where('item', '=', m.item)
        .executeTakeFirst();
      return row ? row.amount : null;
    }
  }
}

type SupportSum = Extract<Measurement, { type: 'support' }> & { aggregate: 'quantity' | 'amount'; industries: null };

/** A window of whole months: it can be answered from support_monthly. */
function wholeMonths(m: { from: string; to: string }): boolean {
  const [y, mo] = m.to.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return m.from.endsWith('-01') && m.to.endsWith(`-${String(lastDay).padStart(2, '0')}`);
}

function fromSummary(m: Measurement): m is SupportSum {
  return m.type === 'support' && m.aggregate !== 'distinctBusinesses' && m.industries === null && wholeMonths(m);
}

/** Sums over whole months, from the monthly summary: one small query for all of them. */
async function measureFromSummary(
  db: Kysely<Database>,
  chamberId: number,
  sums: readonly SupportSum[],
  results: Map<string, MeasuredValue>,
): Promise<void> {
  if (sums.length === 0) return;
  const kinds = [...new Set(sums.flatMap((m) => m.kinds))];
  const rows = await db
    .selectFrom('support_monthly')
    .select(['kind', 'subKind', 'month', 'quantity', 'amount'])
    .where('chamberId', '=', chamberId)
    .where('kind', 'in', kinds)
    .execute();
  // The rows of each 種別, sorted by month: a measurement sums a run of them, found by bisection,
  // instead of reading every row (the dashboard asks for some 600 windows at a time).
  const byKind = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byKind.get(r.kind);
    if (list) list.push(r);
    else byKind.set(r.kind, [r]);
  }
  for (const list of byKind.values()) list.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const firstAtOrAfter = (list: typeof rows, month: string) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid]?.month ?? '') < month) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const m of sums) {
    const first = m.from.slice(0, 7);
    const last = m.to.slice(0, 7);
    let total = 0;
    for (const kind of new Set(m.kinds)) {
      const list = byKind.get(kind) ?? [];
      for (let i = firstAtOrAfter(list, first); i < list.length; i++) {
        const r = list[i];
        if (!r || r.month > last) break;
        if (m.subKinds !== null && !m.subKinds.includes(r.subKind)) continue;
        total += m.aggregate === 'quantity' ? num(r.quantity) : num(r.amount);
      }
    }
    results.set(measurementKey(m), total);
  }
}

type DistinctCount = SupportMeasurement & { aggregate: 'distinctBusinesses' };

/**
 * Distinct counts that filter the same records (種別, 区分, 業種) but over different windows
 * (each fiscal year, or 累計 windows growing year by year), in one scan of the records over
 * all the windows together: one count(distinct …) per window, each over the records in its
 * own window. On PostgreSQL at a million records this took the KPIs from five scans (and five
 * hash builds of the 業種 filter) per KPI to one (bench/import-and-kpi.ts).
 */
function distinctCountTasks(
  db: Kysely<Database>,
  chamberId: number,
  counts: readonly DistinctCount[],
  results: Map<string, MeasuredValue>,
): (() => Promise<void>)[] {
  const groups = new Map<string, DistinctCount[]>();
  for (const m of counts) {
    const key = JSON.stringify([m.kinds, m.subKinds, m.industries]);
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()].map((group) => async () => {
    const first = group[0] as DistinctCount;
    // ISO dates sort as text: the earliest start and the latest end.
    const from = group.map((m) => m.from).sort()[0] ?? first.from;
    const to =
      group
        .map((m) => m.to)
        .sort()
        .at(-1) ?? first.to;
    const row = await supportRecordsOf(db, chamberId, { ...first, from, to })
      .select((eb) =>
        group.map((m, i) =>
          eb.fn
            .count<number>(
              eb
                .case()
                .when(eb.and([eb('r.date', '>=', m.from), eb('r.date', '<=', m.to)]))
                .then(eb.ref('r.businessId'))
                .end(),
            )
            .distinct()
            .as(`v${i}`),
        ),
      )
      .executeTakeFirst();
    const values = (row ?? {}) as Record<string, unknown>;
    group.forEach((m, i) => {
      results.set(measurementKey(m), num(values[`v${i}`]));
    });
  });
}

/** Measurements in flight at once on PostgreSQL (the pool has 10 connections); SQLite's one connection takes them in turn. */
const CONCURRENT = 4;

async function runConcurrently(tasks: readonly (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < tasks.length; i = next++) await (tasks[i] as () => Promise<void>)();
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT, tasks.length) }, lane));
}

export async function measure(
  db: Kysely<Database>,
  chamberId: number,
  measurements: readonly Measurement[],
): Promise<Map<string, MeasuredValue>> {
  const unique = new Map(measurements.map((m) => [measurementKey(m), m]));
  const results = new Map<string, MeasuredValue>();
  const sums: SupportSum[] = [];
  const distinct: DistinctCount[] = [];
  const tasks: (() => Promise<void>)[] = [];
  for (const [key, m] of unique) {
    if (fromSummary(m)) sums.push(m);
    else if (m.type === 'support' && m.aggregate === 'distinctBusinesses') distinct.push(m as DistinctCount);
    else
      tasks.push(async () => {
        results.set(key, await measureOne(db, chamberId, m));
      });
  }
  // The slow ones (distinct counts over many records) first, so that the small ones fill in.
  await runConcurrently([
    ...distinctCountTasks(db, chamberId, distinct, results),
    () => measureFromSummary(db, chamberId, sums, results),
    ...tasks,
  ]);
  return results;
}
