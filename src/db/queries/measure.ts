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
  for (const m of sums) {
    const first = m.from.slice(0, 7);
    const last = m.to.slice(0, 7);
    let total = 0;
    for (const r of rows) {
      if (r.month < first || r.month > last || !m.kinds.includes(r.kind)) continue;
      if (m.subKinds !== null && !m.subKinds.includes(r.subKind)) continue;
      total += m.aggregate === 'quantity' ? num(r.quantity) : num(r.amount);
    }
    results.set(measurementKey(m), total);
  }
}

export async function measure(
  db: Kysely<Database>,
  chamberId: number,
  measurements: readonly Measurement[],
): Promise<Map<string, MeasuredValue>> {
  const unique = new Map(measurements.map((m) => [measurementKey(m), m]));
  const results = new Map<string, MeasuredValue>();
  const sums: SupportSum[] = [];
  for (const [key, m] of unique) {
    if (fromSummary(m)) sums.push(m);
    else results.set(key, await measureOne(db, chamberId, m));
  }
  await measureFromSummary(db, chamberId, sums, results);
  return results;
}
