/**
 * The owner (担当者) of each KPI of a chamber: who keeps its data up to date. Kept by KPI code
 * rather than by the plan's row, so that a re-imported or next plan keeps the owners of the
 * KPIs it carries on; free text (a name or a post), since the owner need not have an account.
 */
import type { Kysely } from 'kysely';
import { dialectOf, idColumn } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('kpi_owners')
    .addColumn('id', 'integer', idColumn(dialectOf(db)))
    .addColumn('chamber_id', 'integer', (c) => c.notNull().references('chambers.id').onDelete('cascade'))
    .addColumn('kpi_code', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('kpi_owners_chamber_code', ['chamber_id', 'kpi_code'])
    .execute();
}
