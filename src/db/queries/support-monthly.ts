/**
 * The monthly summary of support records (support_monthly): rebuilt for the fiscal years a
 * write touched, inside the same transaction. Every write to support_records must end with
 * refreshSupportMonthly for the years it touched (old and new years of a moved record);
 * the import writer and the demo loader do, and the SQL-vs-reference test checks the result.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

export async function refreshSupportMonthly(
  trx: Transaction<Database> | Kysely<Database>,
  chamberId: number,
  fiscalYears: Iterable<number> | 'all',
): Promise<void> {
  const years = fiscalYears === 'all' ? null : [...new Set(fiscalYears)];
  if (years !== null && years.length === 0) return;
  let remove = trx.deleteFrom('support_monthly').where('chamberId', '=', chamberId);
  if (years) remove = remove.where('fiscalYear', 'in', years);
  await remove.execute();
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
  if (years) source = source.where('fiscalYear', 'in', years);
  await trx
    .insertInto('support_monthly')
    .columns(['chamberId', 'kind', 'subKind', 'month', 'fiscalYear', 'quantity', 'amount'])
    .expression(source)
    .execute();
}
