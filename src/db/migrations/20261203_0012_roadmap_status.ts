/**
 * 工程表の進み具合: the status staff record for each year of each 取組実施工程表 entry (予定,
 * 実施中, 実施済, 未実施, 延期), with a note, who and when, and the support records and events
 * that show it was done (issue 7).
 *
 * A status is keyed by the roadmap cell — (initiative, row of its 工程表, fiscal year) — not by
 * roadmap_items.id. Re-importing the plan syncs roadmap_items by (initiative, row, first year)
 * (src/db/queries/save-plan.ts): the same file keeps their ids, but a revised plan that starts a
 * bar in another year, or splits one (`[A, →, →]` → `[A, →, B]`), replaces the item and its id.
 * The cell is what the 工程表 and the people reading it go by, and initiatives keep their ids
 * across re-imports (synced by measure and number), so a status survives any re-import that
 * keeps its initiative; it goes (cascade) only with the initiative itself. A status whose cell
 * a revised plan empties is kept but not shown, and is shown again if the cell comes back.
 *
 * Evidence is a join table with a foreign key to each kind (exactly one set per row): deleting
 * a support record or an event removes its links and nothing else; the status stays.
 */
import { type Kysely, sql } from 'kysely';
import { dialectOf, idColumn } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(dialectOf(db));

  await db.schema
    .createTable('roadmap_statuses')
    .addColumn('id', 'integer', id)
    .addColumn('chamber_id', 'integer', (c) => c.notNull().references('chambers.id').onDelete('cascade'))
    .addColumn('initiative_id', 'integer', (c) => c.notNull().references('initiatives.id').onDelete('cascade'))
    .addColumn('row_index', 'integer', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('planned', 'inProgress', 'done', 'notDone', 'postponed')`))
    .addColumn('note', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('roadmap_statuses_cell', ['initiative_id', 'row_index', 'fiscal_year'])
    .execute();
  await db.schema.createIndex('roadmap_statuses_chamber_year').on('roadmap_statuses').columns(['chamber_id', 'fiscal_year']).execute();

  await db.schema
    .createTable('roadmap_evidence')
    .addColumn('id', 'integer', id)
    .addColumn('chamber_id', 'integer', (c) => c.notNull().references('chambers.id').onDelete('cascade'))
    .addColumn('status_id', 'integer', (c) => c.notNull().references('roadmap_statuses.id').onDelete('cascade'))
    .addColumn('support_record_id', 'integer', (c) => c.references('support_records.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (c) => c.references('events.id').onDelete('cascade'))
    .addCheckConstraint('roadmap_evidence_one_kind', sql`(support_record_id is null) <> (event_id is null)`)
    .addUniqueConstraint('roadmap_evidence_status_record', ['status_id', 'support_record_id'])
    .addUniqueConstraint('roadmap_evidence_status_event', ['status_id', 'event_id'])
    .execute();
  // A deleted support record or event finds its links by index, not by reading the table.
  await db.schema.createIndex('roadmap_evidence_support_record').on('roadmap_evidence').column('support_record_id').execute();
  await db.schema.createIndex('roadmap_evidence_event').on('roadmap_evidence').column('event_id').execute();
}
