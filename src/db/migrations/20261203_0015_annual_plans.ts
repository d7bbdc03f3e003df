/**
 * 事業計画 (annual plan) of a fiscal year, drafted from the PDCA (issue 7): the 工程表 entries of
 * the year, what the year before left undone (未実施 / 延期), and the 改善策 of its 評価シート.
 * Drafted once, then edited by staff and 確定 for the 総会; a re-draft (再作成) replaces the items
 * on purpose, recorded in the audit trail with what it replaced.
 *
 * - annual_plans: one per (chamber, plan, fiscal year). The plan is the one covering the year,
 *   or for the year after a plan's last (drafted before the next plan is loaded) that last plan.
 *   The 基本方針・前文 text, the state (draft / confirmed, with who and when), who drafted it last.
 * - annual_plan_items: the ordered items of each measure (by the measure's number, as
 *   evaluation_sheets are, so that a re-imported plan keeps them), each with where it came from
 *   (source, a note), 担当 and 実施時期. Written as a whole on every save: a plan has some dozens.
 */
import { type Kysely, sql } from 'kysely';
import { dialectOf, idColumn } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(dialectOf(db));
  await db.schema
    .createTable('annual_plans')
    .addColumn('id', 'integer', id)
    .addColumn('chamber_id', 'integer', (c) => c.notNull().references('chambers.id').onDelete('cascade'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('preface', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft', 'confirmed')`))
    .addColumn('confirmed_by', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('drafted_by', 'text', (c) => c.notNull())
    .addColumn('drafted_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('annual_plans_key', ['chamber_id', 'plan_id', 'fiscal_year'])
    .execute();

  await db.schema
    .createTable('annual_plan_items')
    .addColumn('id', 'integer', id)
    .addColumn('chamber_id', 'integer', (c) => c.notNull().references('chambers.id').onDelete('cascade'))
    .addColumn('annual_plan_id', 'integer', (c) => c.notNull().references('annual_plans.id').onDelete('cascade'))
    .addColumn('measure_number', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('initiative_number', 'integer')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('roadmap', 'carriedOver', 'improvement', 'kpiAction', 'added')`))
    .addColumn('source_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('carried_over', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('owner', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('timing', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('annual_plan_items_place', ['annual_plan_id', 'measure_number', 'position'])
    .execute();
}
