/**
 * The summary is now rebuilt per 種別 and fiscal year through the covering index
 * support_records_kind_year (chamber_id, kind, fiscal_year, …), so the index on
 * (chamber_id, fiscal_year) that migration 0004 added for it has no reader left. Every index
 * of support_records costs each imported row a B-tree insert: one fewer is ~10 % of a
 * million-row import (bench/import-and-kpi.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('support_records_chamber_year').execute();
}
