/**
 * A target revision records a decision (issue 7): the day it was decided (decided_on), the body
 * that decided it (decided_by: 評価委員会, 理事会, 総会 …), who entered it (entered_by) and how
 * (entered_via: import or screen). Which target is in force on a day follows from decided_on
 * (src/domain/plan/targets-in-force.ts), so every row must have one.
 *
 * The rows already there all came from plan imports (`shirube plan import` of a changed file):
 * decided_on is the day of the import in Japan (revised_at + 9 h; JST has no daylight saving),
 * decided_by is 計画ファイルの取り込み, entered_by is the login the plan.import audit row of that
 * instant names, or `system` when there is none (the import of that time recorded no actor),
 * entered_via is import.
 *
 * NOT NULL for the new columns: PostgreSQL adds them, fills them and sets NOT NULL; SQLite cannot
 * add a NOT NULL column without a default, so the table is rebuilt (the documented way: new table,
 * copy, drop, rename; ids kept, so the stored order stays).
 */
import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/** Written out, not imported: a migration stays as it shipped. */
const PLAN_FILE_DECIDED_BY = '計画ファイルの取り込み';

/** Results come through the connection's CamelCasePlugin (src/db/connection.ts), keys in camelCase. */
interface OldRow {
  id: number;
  chamberId: number;
  revisedAt: string;
}

const japanDate = (instant: string) => new Date(Date.parse(instant) + 9 * 3_600_000).toISOString().slice(0, 10);

export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  const rows = (await sql<OldRow>`select id, chamber_id, revised_at from target_revisions order by id`.execute(db)).rows;
  const importers = (
    await sql<{ chamberId: number; at: string; userLogin: string | null }>`
      select chamber_id, at, user_login from audit_log where action = 'plan.import'`.execute(db)
  ).rows;
  const enteredBy = (row: OldRow) => importers.find((a) => a.chamberId === row.chamberId && a.at === row.revisedAt)?.userLogin ?? 'system';

  if (dialect === 'postgres') {
    for (const column of ['decided_on', 'decided_by', 'entered_by', 'entered_via'])
      await db.schema.alterTable('target_revisions').addColumn(column, 'text').execute();
    for (const row of rows)
      await sql`update target_revisions set decided_on = ${japanDate(row.revisedAt)}, decided_by = ${PLAN_FILE_DECIDED_BY},
        entered_by = ${enteredBy(row)}, entered_via = 'import' where id = ${row.id}`.execute(db);
    for (const column of ['decided_on', 'decided_by', 'entered_by', 'entered_via'])
      await db.schema
        .alterTable('target_revisions')
        .alterColumn(column, (c) => c.setNotNull())
        .execute();
    await sql`alter table target_revisions add constraint target_revisions_entered_via check (entered_via in ('import', 'screen'))`.execute(
      db,
    );
    return;
  }

  const fk = (table: string) => (c: ColumnDefinitionBuilder) => c.notNull().references(`${table}.id`).onDelete('cascade');
  await db.schema
    .createTable('target_revisions_new')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('chamber_id', 'integer', fk('chambers'))
    .addColumn('plan_id', 'integer', fk('plans'))
    .addColumn('kpi_id', 'integer', fk('kpis'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('old_target', 'double precision')
    .addColumn('new_target', 'double precision')
    .addColumn('revised_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('entered_via', 'text', (c) => c.notNull().check(sql`entered_via in ('import', 'screen')`))
    .execute();
  for (const row of rows)
    await sql`insert into target_revisions_new
        (id, chamber_id, plan_id, kpi_id, fiscal_year, old_target, new_target, revised_at, reason, source,
         decided_on, decided_by, entered_by, entered_via)
      select id, chamber_id, plan_id, kpi_id, fiscal_year, old_target, new_target, revised_at, reason, source,
        ${japanDate(row.revisedAt)}, ${PLAN_FILE_DECIDED_BY}, ${enteredBy(row)}, 'import'
      from target_revisions where id = ${row.id}`.execute(db);
  await db.schema.dropTable('target_revisions').execute();
  await sql`alter table target_revisions_new rename to target_revisions`.execute(db);
  await db.schema.createIndex('target_revisions_kpi').on('target_revisions').columns(['kpi_id', 'fiscal_year']).execute();
  await db.schema.createIndex('target_revisions_chamber').on('target_revisions').column('chamber_id').execute();
}
