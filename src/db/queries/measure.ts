/**
 * Measures the records in SQL: the same numbers as the reference `measureInMemory`
 * (src/domain/kpi/measure-in-memory.ts), on SQLite and PostgreSQL. Identical measurements
 * are run once.
 */
import type { Kysely } from 'kysely';
import { fiscalYearBounds, fiscalYearOf } from '../../domain/fiscal-calendar.js';
import { type MeasuredValue, type Measurement, measurementKey } from '../../domain/kpi/evaluate.js';
import type { Database } from '../schema.js';

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

async function measureOne(db: Kysely<Database>, chamberId: number, m: Measurement): Promise<MeasuredValue> {
  switch (m.type) {
    case 'support': {
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
            eb.selectFrom('businesses as b').select('b.id').whereRef('b.id', '=', 'r.businessId').where('b.industry', 'in', industries),
          ),
        );
      }
      const row = await q
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
      let q = db.selectFrom('events').where('chamberId', '=', chamberId).where('date', '>=', m.from).where('date', '<=', m.to);
      if (m.categories) q = q.where('category', 'in', m.categories);
      const row = await q.select((eb) => eb.fn.sum<number>('visitors').as('v')).executeTakeFirst();
      return num(row?.v);
    }
    case 'members': {
      const row = await db
        .selectFrom('memberships')
        .where('chamberId', '=', chamberId)
        .where('joinedOn', '<=', m.on)
        .where((eb) => eb.or([eb('leftOn', 'is', null), eb('leftOn', '>', m.on)]))
        .select((eb) => eb.fn.count<number>('businessId').distinct().as('v'))
        .executeTakeFirst();
      return num(row?.v);
    }
    case 'subscribers': {
      const rows = await db
        .selectFrom('mutual_aid')
        .where('chamberId', '=', chamberId)
        .where('type', 'in', m.types)
        .where('joinedOn', '<=', m.on)
        .where((eb) => eb.or([eb('leftOn', 'is', null), eb('leftOn', '>', m.on)]))
        .groupBy('type')
        .select((eb) => ['type', eb.fn.count<number>('businessId').distinct().as('v')])
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

type SupportSum = Extract<Measurement, { type: 'support' }> & { aggregate: 'quantity' | 'amount' };

/** The fiscal years a window covers exactly, or undefined when it starts or ends inside one. */
function wholeYears(m: { from: string; to: string }): { first: number; last: number } | undefined {
  const first = fiscalYearOf(m.from);
  const last = fiscalYearOf(m.to);
  return fiscalYearBounds(first).start === m.from && fiscalYearBounds(last).end === m.to ? { first, last } : undefined;
}

/**
 * Sums over whole fiscal years with the same filter (a KPI over the plan's years, 累計 or
 * not) are answered by one query grouped by fiscal year instead of one query each.
 */
async function measureGroupedSums(
  db: Kysely<Database>,
  chamberId: number,
  sums: readonly SupportSum[],
  results: Map<string, MeasuredValue>,
): Promise<void> {
  const groups = new Map<string, SupportSum[]>();
  for (const m of sums) {
    const key = JSON.stringify([m.aggregate, m.kinds, m.subKinds, m.industries]);
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  for (const members of groups.values()) {
    const [m] = members;
    if (!m) continue;
    const spans = members.map((x) => wholeYears(x) ?? { first: 0, last: 0 });
    let q = db
      .selectFrom('support_records as r')
      .where('r.chamberId', '=', chamberId)
      .where('r.kind', 'in', m.kinds)
      .where('r.fiscalYear', '>=', Math.min(...spans.map((s) => s.first)))
      .where('r.fiscalYear', '<=', Math.max(...spans.map((s) => s.last)));
    if (m.subKinds) q = q.where('r.subKind', 'in', m.subKinds);
    if (m.industries) {
      const industries = m.industries;
      q = q.where((eb) =>
        eb.exists(
          eb.selectFrom('businesses as b').select('b.id').whereRef('b.id', '=', 'r.businessId').where('b.industry', 'in', industries),
        ),
      );
    }
    const rows = await q
      .select((eb) => [
        'r.fiscalYear',
        (m.aggregate === 'quantity' ? eb.fn.sum<number>('r.quantity') : eb.fn.sum<number>('r.amount')).as('v'),
      ])
      .groupBy('r.fiscalYear')
      .execute();
    const byYear = new Map(rows.map((r) => [r.fiscalYear, num(r.v)]));
    members.forEach((x, i) => {
      const span = spans[i] ?? { first: 0, last: -1 };
      let total = 0;
      for (let fy = span.first; fy <= span.last; fy++) total += byYear.get(fy) ?? 0;
      results.set(measurementKey(x), total);
    });
  }
}

export async function measure(
  db: Kysely<Database>,
  chamberId: number,
  measurements: readonly Measurement[],
): Promise<Map<string, MeasuredValue>> {
  const unique = new Map(measurements.map((m) => [measurementKey(m), m]));
  const results = new Map<string, MeasuredValue>();
  const grouped: SupportSum[] = [];
  for (const [key, m] of unique) {
    if (m.type === 'support' && m.aggregate !== 'distinctBusinesses' && wholeYears(m)) grouped.push(m as SupportSum);
    else results.set(key, await measureOne(db, chamberId, m));
  }
  await measureGroupedSums(db, chamberId, grouped, results);
  return results;
}
