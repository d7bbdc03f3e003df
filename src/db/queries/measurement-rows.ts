/**
 * The rows behind a measurement: what was counted, for the drill-down from a KPI figure to
 * the records. Same filters as src/db/queries/measure.ts; newest first, at most `limit`.
 */
import type { Kysely } from 'kysely';
import type { Measurement } from '../../domain/kpi/evaluate.js';
import type { MeasurementRow } from '../../domain/kpi/measurement-row.js';
import type { Database } from '../schema.js';

export type { MeasurementRow };

export interface MeasurementRows {
  total: number;
  rows: MeasurementRow[];
}

export async function listMeasurementRows(
  db: Kysely<Database>,
  chamberId: number,
  m: Measurement,
  limit: number,
): Promise<MeasurementRows> {
  switch (m.type) {
    case 'support': {
      let q = db
        .selectFrom('support_records as r')
        .leftJoin('businesses as b', 'b.id', 'r.businessId')
        .where('r.chamberId', '=', chamberId)
        .where('r.kind', 'in', m.kinds)
        .where('r.date', '>=', m.from)
        .where('r.date', '<=', m.to);
      if (m.subKinds) q = q.where('r.subKind', 'in', m.subKinds);
      if (m.industries) q = q.where('b.industry', 'in', m.industries);
      if (m.aggregate === 'distinctBusinesses') q = q.where('r.businessId', 'is not', null);
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      const rows = await q
        .select([
          'r.id',
          'r.date',
          'b.code as businessCode',
          'b.name as businessName',
          'r.kind',
          'r.subKind',
          'r.quantity',
          'r.amount',
          'r.staff',
          'r.note',
        ])
        .orderBy('r.date', 'desc')
        .orderBy('r.id', 'desc')
        .limit(limit)
        .execute();
      return { total: Number(total?.n ?? 0), rows: rows.map((r) => ({ type: 'support' as const, ...r })) };
    }
    case 'visitors': {
      let q = db.selectFrom('events').where('chamberId', '=', chamberId).where('date', '>=', m.from).where('date', '<=', m.to);
      if (m.categories) q = q.where('category', 'in', m.categories);
      const rows = await q.select(['id', 'date', 'name', 'category', 'visitors']).orderBy('date', 'desc').limit(limit).execute();
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      return { total: Number(total?.n ?? 0), rows: rows.map((r) => ({ type: 'event' as const, ...r })) };
    }
    case 'members': {
      const q = db
        .selectFrom('memberships as p')
        .innerJoin('businesses as b', 'b.id', 'p.businessId')
        .where('p.chamberId', '=', chamberId)
        .where('p.joinedOn', '<=', m.on)
        .where((eb) => eb.or([eb('p.leftOn', 'is', null), eb('p.leftOn', '>', m.on)]));
      const rows = await q
        .select(['b.code as businessCode', 'b.name as businessName', 'p.joinedOn', 'p.leftOn'])
        .orderBy('b.code')
        .limit(limit)
        .execute();
      const total = await q.select((eb) => eb.fn.count<number>('p.businessId').distinct().as('n')).executeTakeFirst();
      return { total: Number(total?.n ?? 0), rows: rows.map((r) => ({ type: 'member' as const, ...r })) };
    }
    case 'subscribers': {
      const q = db
        .selectFrom('mutual_aid as s')
        .innerJoin('businesses as b', 'b.id', 's.businessId')
        .where('s.chamberId', '=', chamberId)
        .where('s.type', 'in', m.types)
        .where('s.joinedOn', '<=', m.on)
        .where((eb) => eb.or([eb('s.leftOn', 'is', null), eb('s.leftOn', '>', m.on)]));
      const rows = await q
        .select(['s.id', 'b.code as businessCode', 'b.name as businessName', 's.type as subscriptionType', 's.joinedOn', 's.leftOn'])
        .orderBy('s.type')
        .orderBy('b.code')
        .limit(limit)
        .execute();
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      return { total: Number(total?.n ?? 0), rows: rows.map((r) => ({ type: 'subscription' as const, ...r })) };
    }
    case 'statistic': {
      const row = await db
        .selectFrom('statistics')
        .select(['fiscalYear', 'item', 'value'])
        .where('chamberId', '=', chamberId)
        .where('fiscalYear', '=', m.fiscalYear)
        .where('item', '=', m.item)
        .executeTakeFirst();
      return { total: row ? 1 : 0, rows: row ? [{ type: 'figure', ...row }] : [] };
    }
    case 'finance': {
      const row = await db
        .selectFrom('finances')
        .select(['fiscalYear', 'item', 'amount'])
        .where('chamberId', '=', chamberId)
        .where('fiscalYear', '=', m.fiscalYear)
        .where('item', '=', m.item)
        .executeTakeFirst();
      return { total: row ? 1 : 0, rows: row ? [{ type: 'figure', fiscalYear: row.fiscalYear, item: row.item, value: row.amount }] : [] };
    }
  }
}
