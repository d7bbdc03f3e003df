/**
 * The monthly summary of support records (support_monthly): rebuilt for the 種別 and fiscal
 * years a write touched, inside the same transaction. Every write to support_records must
 * end with refreshSupportMonthly for what it touched (the old and the new 種別 and year of a
 * changed record); the import writer and the demo loader do, and the SQL-vs-reference test
 * checks the result.
 *
 * Each 種別 is rebuilt from the covering index support_records_kind_year, whose leading
 * columns (chamber_id, kind, fiscal_year) select exactly the touched rows.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** What a write touched: fiscal years by 種別. */
export class TouchedKinds {
  readonly years = new Map<string, Set<number>>();

  add(kind: string, fiscalYear: number): this {
    const years = this.years.get(kind) ?? new Set<number>();
    years.add(fiscalYear);
    this.years.set(kind, years);
    return this;
  }
}

export async function refreshSupportMonthly(
  trx: Transaction<Database> | Kysely<Database>,
  chamberId: number,
  touched: TouchedKinds | 'all',
): Promise<void> {
  if (touched === 'all') {
    await trx.deleteFrom('support_monthly').where('chamberId', '=', chamberId).execute();
    await rebuild(trx, chamberId);
    return;
  }
  for (const [kind, years] of touched.years) {
    await trx
      .deleteFrom('support_monthly')
      .where('chamberId', '=', chamberId)
      .where('kind', '=', kind)
      .where('fiscalYear', 'in', [...years])
      .execute();
    await rebuild(trx, chamberId, kind, [...years]);
  }
}

async function rebuild(trx: Transaction<Database> | Kysely<Database>, chamberId: number, kind?: string, years?: number[]): Promise<void> {
  let source = trx
    .selectFrom('support_records')
    .where('chamberId', '=', chamberId)
    .select((eb) => [
      'chamberId',
      'kind',
      eb.fn.coalesce('subKind', sql.lit('')).as('subKind'),
      sql<string>`substr(date, 1, 7)`.as('month'),
      'fiscalYear',
      eb.fn.sum<number>('quantity').as('quantity'),
      eb.fn.coalesce(eb.fn.sum<number>('amount'), sql.lit(0)).as('amount'),
    ])
    .groupBy(['chamberId', 'kind', sql`coalesce(sub_kind, '')`, sql`substr(date, 1, 7)`, 'fiscalYear']);
  if (kind !== undefined) source = source.where('kind', '=', kind);
  if (years) source = source.where('fiscalYear', 'in', years);
  await trx
    .insertInto('support_monthly')
    .columns(['chamberId', 'kind', 'subKind', 'month', 'fiscalYear', 'quantity', 'amount'])
    .expression(source)
    .execute();
}
