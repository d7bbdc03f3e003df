/**
 * A monthly summary of support records (件数 and 金額 by 種別, 区分 and month), so that KPI
 * sums over fiscal years read a few thousand summary rows instead of scanning a million
 * records (bench/import-and-kpi.ts: scanning took ~150 ms on SQLite at 1M records).
 * It is derived data: src/db/queries/support-monthly.ts rebuilds the touched fiscal years
 * after every write to support_records.
 */
import { type Kysely, sql } from 'kysely';
import { dialectOf, idColumn } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('support_monthly')
    .addColumn('id', 'integer', idColumn(dialectOf(db)))
    .addColumn('chamber_id', 'integer', (c) => c.notNull().references('chambers.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sub_kind', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('amount', 'double precision', (c) => c.notNull())
    .addUniqueConstraint('support_monthly_key', ['chamber_id', 'kind', 'sub_kind', 'month'])
    .execute();
  await db.schema.createIndex('support_records_chamber_year').on('support_records').columns(['chamber_id', 'fiscal_year']).execute();
  // A database that already holds records gets its summary now (plain SQL both dialects share).
  await sql`
    insert into support_monthly (chamber_id, kind, sub_kind, month, fiscal_year, quantity, amount)
    select chamber_id, kind, coalesce(sub_kind, ''), substr(date, 1, 7), fiscal_year, sum(quantity), coalesce(sum(amount), 0)
    from support_records
    group by chamber_id, kind, coalesce(sub_kind, ''), substr(date, 1, 7), fiscal_year`.execute(db);
}
