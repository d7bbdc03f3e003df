/**
 * The CSV export reads a chamber's 支援記録 in batches by id (`chamber_id = ? and id > ?
 * order by id limit 5000`, src/db/queries/export-records.ts). Without an index in that order
 * SQLite, which keeps no statistics, takes an index on chamber_id alone and sorts all the
 * chamber's records for every batch: a million records took minutes, growing with the square
 * of the count. With (chamber_id, id) each batch is a range of the index, on both databases
 * (bench/export.ts). Within one chamber ids only grow, so an import appends to it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('support_records_chamber_id').on('support_records').columns(['chamber_id', 'id']).execute();
}
