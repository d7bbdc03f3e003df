/**
 * The plan as data: chambers, their plans, and the plan's tree (policies, strategies,
 * measures, goals, KPIs with yearly targets and their revisions, initiatives, actions,
 * roadmap items). Every row carries chamber_id, the tenant, from the first migration on.
 * plan_id is carried by every plan table so that a plan loads and syncs table by table
 * without walking its tree one parent at a time.
 */
import { type Kysely, sql } from 'kysely';
import { dialectOf, idColumn } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(dialectOf(db));
  const fk = (table: string) => (col: Parameters<typeof id>[0]) => col.notNull().references(`${table}.id`).onDelete('cascade');

  await db.schema
    .createTable('chambers')
    .addColumn('id', 'integer', id)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('plans')
    .addColumn('id', 'integer', id)
    .addColumn('chamber_id', 'integer', fk('chambers'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('first_year', 'integer', (c) => c.notNull())
    .addColumn('last_year', 'integer', (c) => c.notNull())
    .addColumn('baseline_year', 'integer', (c) => c.notNull())
    .addColumn('slogan_title', 'text')
    .addColumn('slogan_text', 'text')
    .addColumn('vision_title', 'text')
    .addColumn('vision_text', 'text')
    .addColumn('source_name', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('plans_chamber_code', ['chamber_id', 'code'])
    .execute();

  const planChild = (table: string) =>
    db.schema
      .createTable(table)
      .addColumn('id', 'integer', id)
      .addColumn('chamber_id', 'integer', fk('chambers'))
      .addColumn('plan_id', 'integer', fk('plans'));

  await planChild('policies')
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addUniqueConstraint('policies_plan_number', ['plan_id', 'number'])
    .execute();

  await planChild('strategies')
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['common', 'own'])))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addUniqueConstraint('strategies_plan_kind_number', ['plan_id', 'kind', 'number'])
    .execute();

  await planChild('measures')
    .addColumn('strategy_id', 'integer', fk('strategies'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('page', 'integer')
    .addColumn('direction', 'text')
    .addUniqueConstraint('measures_plan_number', ['plan_id', 'number'])
    .execute();

  await planChild('goals')
    .addColumn('measure_id', 'integer', fk('measures'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addUniqueConstraint('goals_measure_number', ['measure_id', 'number'])
    .execute();

  await planChild('kpis')
    .addColumn('goal_id', 'integer', fk('goals'))
    .addColumn('parent_id', 'integer', (c) => c.references('kpis.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('baseline', 'double precision')
    .addColumn('baseline_year', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text')
    .addColumn('definition_note', 'text')
    .addColumn('cumulative', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('counting', 'text')
    .addUniqueConstraint('kpis_plan_code', ['plan_id', 'code'])
    .execute();

  await planChild('kpi_targets')
    .addColumn('kpi_id', 'integer', fk('kpis'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('target', 'double precision')
    .addUniqueConstraint('kpi_targets_kpi_year', ['kpi_id', 'fiscal_year'])
    .execute();

  await planChild('target_revisions')
    .addColumn('kpi_id', 'integer', fk('kpis'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('old_target', 'double precision')
    .addColumn('new_target', 'double precision')
    .addColumn('revised_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('target_revisions_kpi').on('target_revisions').columns(['kpi_id', 'fiscal_year']).execute();

  await planChild('initiatives')
    .addColumn('measure_id', 'integer', fk('measures'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addUniqueConstraint('initiatives_measure_number', ['measure_id', 'number'])
    .execute();

  await planChild('actions')
    .addColumn('initiative_id', 'integer', fk('initiatives'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addUniqueConstraint('actions_initiative_number', ['initiative_id', 'number'])
    .execute();

  await planChild('roadmap_items')
    .addColumn('initiative_id', 'integer', fk('initiatives'))
    .addColumn('row_index', 'integer', (c) => c.notNull())
    .addColumn('first_year', 'integer', (c) => c.notNull())
    .addColumn('last_year', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addUniqueConstraint('roadmap_items_position', ['initiative_id', 'row_index', 'first_year'])
    .execute();

  // Written out, not imported: a migration stays as it shipped when the schema grows.
  for (const table of [
    'plans',
    'policies',
    'strategies',
    'measures',
    'goals',
    'kpis',
    'kpi_targets',
    'target_revisions',
    'initiatives',
    'actions',
    'roadmap_items',
  ]) {
    await db.schema.createIndex(`${table}_chamber`).on(table).column('chamber_id').execute();
  }
}

function sqlIn(column: string, values: string[]) {
  // A constant list written here, never user input.
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}
