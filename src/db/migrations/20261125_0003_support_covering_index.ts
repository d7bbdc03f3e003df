/**
 * KPI actuals sum and count support records by kind over fiscal years. An index that holds
 * every column those aggregates read lets both databases answer from the index alone,
 * without visiting a million table rows (measured in bench/import-and-kpi.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('support_records_kind_date').execute();
  await db.schema
    .createIndex('support_records_kind_year')
    .on('support_records')
    .columns(['chamber_id', 'kind', 'fiscal_year', 'date', 'sub_kind', 'business_id', 'quantity', 'amount'])
    .execute();
}
