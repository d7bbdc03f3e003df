/**
 * The uniqueness of (chamber_id, content_key) moves from a table constraint to a unique index
 * of the same name: it means the same, but an index can be dropped and built again, which a
 * bulk load does (BulkInserter.deferIndexes). The content keys of a file ('id:S1', 'id:S2', …)
 * fall all over the index's order, so keeping it up to date row by row cost a million-row
 * import more than building it once after the rows (bench/import-and-kpi.ts); the build also
 * checks the rule, so a bulk load still cannot leave two rows with one key.
 *
 * SQLite cannot drop a constraint: the table is made again without it (its rows, ids and
 * AUTOINCREMENT counter kept), as SQLite's documentation describes for ALTER TABLE.
 * PostgreSQL drops the constraint and makes the index.
 */
import { type Kysely, sql } from 'kysely';
import { dialectOf, idColumn } from '../dialect.js';

const COLUMNS = 'id, chamber_id, content_key, external_id, date, fiscal_year, business_id, kind, sub_kind, quantity, amount, staff, note';

export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  if (dialect === 'postgres') {
    await sql`alter table support_records drop constraint support_records_chamber_key`.execute(db);
  } else {
    await db.schema
      .createTable('support_records_new')
      .addColumn('id', 'integer', idColumn(dialect))
      .addColumn('chamber_id', 'integer', (c) => c.notNull().references('chambers.id').onDelete('cascade'))
      .addColumn('content_key', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text')
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('fiscal_year', 'integer', (c) => c.notNull())
      .addColumn('business_id', 'integer', (c) => c.references('businesses.id').onDelete('restrict'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('sub_kind', 'text')
      .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('amount', 'double precision')
      .addColumn('staff', 'text')
      .addColumn('note', 'text')
      .execute();
    await sql.raw(`insert into support_records_new (${COLUMNS}) select ${COLUMNS} from support_records`).execute(db);
    // Ids are never given twice: the new table's AUTOINCREMENT counter goes on from the old one's.
    await sql`insert into sqlite_sequence (name, seq) select 'support_records_new', seq from sqlite_sequence where name = 'support_records'`.execute(
      db,
    );
    await db.schema.dropTable('support_records').execute();
    await sql`alter table support_records_new rename to support_records`.execute(db);
    await db.schema.createIndex('support_records_business').on('support_records').columns(['business_id']).execute();
    await db.schema
      .createIndex('support_records_kind_year')
      .on('support_records')
      .columns(['chamber_id', 'kind', 'fiscal_year', 'date', 'sub_kind', 'business_id', 'quantity', 'amount'])
      .execute();
  }
  await db.schema
    .createIndex('support_records_chamber_key')
    .on('support_records')
    .columns(['chamber_id', 'content_key'])
    .unique()
    .execute();
}
