/**
 * The rows behind a measurement: what was counted, for the drill-down from a KPI figure to
 * the records. The queries start from measure.ts's own builders; newest first, at most `limit`.
 */
import type { Kysely } from 'kysely';
import type { Measurement } from '../../domain/kpi/evaluate.js';
import type { MeasurementRow } from '../../domain/kpi/measurement-row.js';
import type { Database } from '../schema.js';
import { eventsOf, membershipsOn, subscriptionsOn, supportRecordsOf } from './measure.js';

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
      const q = supportRecordsOf(db, chamberId, m);
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      const rows = await q
        .leftJoin('businesses as b', 'b.id', 'r.businessId')
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
      const q = eventsOf(db, chamberId, m);
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      const rows = await q
        .select(['e.id', 'e.date', 'e.name', 'e.category', 'e.visitors'])
        .orderBy('e.date', 'desc')
        .limit(limit)
        .execute();
      return { total: Number(total?.n ?? 0), rows: rows.map((r) => ({ type: 'event' as const, ...r })) };
    }
    case 'members': {
      const q = membershipsOn(db, chamberId, m.on);
      const total = await q.select((eb) => eb.fn.count<number>('p.businessId').distinct().as('n')).executeTakeFirst();
      const rows = await q
        .innerJoin('businesses as b', 'b.id', 'p.businessId')
        .select(['b.code as businessCode', 'b.name as businessName', 'p.joinedOn', 'p.leftOn'])
        .orderBy('b.code')
        .limit(limit)
        .execute();
      return { total: Number(total?.n ?? 0), rows: rows.map((r) => ({ type: 'member' as const, ...r })) };
    }
    case 'subscribers': {
      const q = subscriptionsOn(db, chamberId, m.types, m.on);
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      const rows = await q
        .innerJoin('businesses as b', 'b.id', 's.businessId')
        .select(['s.id', 'b.code as businessCode', 'b.name as businessName', 's.type as subscriptionType', 's.joinedOn', 's.leftOn'])
        .orderBy('s.type')
        .orderBy('b.code')
        .limit(limit)
        .execute();
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
