/**
 * The annual evaluation (評価シート 様式2, 総括表 様式1): what staff write per fiscal year and
 * measure, what the 評価委員会 says, and every unlock of a submitted sheet.
 *
 * - evaluation_sheets: one per (chamber, plan, fiscal year, measure number). Keyed by the
 *   measure's number, not its row, so that a re-imported plan keeps its sheets (as kpi_owners
 *   keeps owners by KPI code). The per-KPI cause and corrective action (原因, 何を・誰が・
 *   いつまでに) are JSON by KPI code: always read and written with the sheet as a whole. The
 *   committee's comment sits on the sheet, since it is said of one measure; it stays editable
 *   after submission (the committee reviews submitted sheets).
 * - evaluation_unlocks: who reopened a submitted sheet, when, why, and which submission it
 *   undid; shown on the sheet itself, besides the audit trail.
 * - evaluation_years: the committee's 総評 of a fiscal year.
 */
import { type Kysely, sql } from 'kysely';
import { dialectOf, idColumn } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(dialectOf(db));
  await db.schema
    .createTable('evaluation_sheets')
    .addColumn('id', 'integer', id)
    .addColumn('chamber_id', 'integer', (c) => c.notNull().references('chambers.id').onDelete('cascade'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('measure_number', 'integer', (c) => c.notNull())
    .addColumn('achievements', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('issues', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('improvements', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('necessity', 'text', (c) => c.check(sql`necessity in ('high', 'medium', 'low')`))
    .addColumn('effectiveness', 'text', (c) => c.check(sql`effectiveness in ('high', 'medium', 'low')`))
    .addColumn('efficiency', 'text', (c) => c.check(sql`efficiency in ('high', 'medium', 'low')`))
    .addColumn('overall', 'text', (c) => c.check(sql`overall in ('A', 'B', 'C')`))
    .addColumn('kpi_actions', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('committee_comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('committee_comment_by', 'text')
    .addColumn('committee_comment_at', 'text')
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft', 'submitted')`))
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('evaluation_sheets_key', ['chamber_id', 'plan_id', 'fiscal_year', 'measure_number'])
    .execute();

  await db.schema
    .createTable('evaluation_unlocks')
    .addColumn('id', 'integer', id)
    .addColumn('chamber_id', 'integer', (c) => c.notNull().references('chambers.id').onDelete('cascade'))
    .addColumn('sheet_id', 'integer', (c) => c.notNull().references('evaluation_sheets.id').onDelete('cascade'))
    .addColumn('unlocked_by', 'text', (c) => c.notNull())
    .addColumn('unlocked_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'text')
    .execute();
  await db.schema.createIndex('evaluation_unlocks_sheet').on('evaluation_unlocks').column('sheet_id').execute();

  await db.schema
    .createTable('evaluation_years')
    .addColumn('id', 'integer', id)
    .addColumn('chamber_id', 'integer', (c) => c.notNull().references('chambers.id').onDelete('cascade'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('general_comment', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('evaluation_years_key', ['chamber_id', 'plan_id', 'fiscal_year'])
    .execute();
}
