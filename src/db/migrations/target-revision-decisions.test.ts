/**
 * Migration 0013 on both databases: the revisions that plan imports stored before it get the
 * day of the import in Japan, 計画ファイルの取り込み, the importer from the audit trail (or
 * system) and `import`; the new columns refuse to be left empty. The database starts as every
 * database stood before it: 0001–0011 applied (0011 is named with a later date than 0013).
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestDb, testBackends } from '../../test/databases.js';
import { MIGRATION_NAMES, MIGRATION_NUMBERS, migrateToLatest } from '../migrate.js';

test('no two migrations share a number', () => {
  expect(MIGRATION_NUMBERS.every(Number.isInteger)).toBe(true);
  expect(new Set(MIGRATION_NUMBERS).size).toBe(MIGRATION_NUMBERS.length);
});

// Kysely applies migrations in name order and refuses a database whose last applied migration
// sorts after a new one: a later number must never carry an earlier date.
test('migrations sort by name in the order of their numbers', () => {
  const byName = [...MIGRATION_NAMES].sort();
  expect(byName.map((n) => Number(n.slice(9, 13)))).toEqual([...MIGRATION_NUMBERS].sort((a, b) => a - b));
});

describe.each(await testBackends())('migration 0013 (target revision decisions) on $name', (backend) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await backend.create({ upTo: '20261203_0012_roadmap_status' });
    // biome-ignore lint/suspicious/noExplicitAny: the tables as they were before 0013, not as schema.ts has them now
    const k = db.kysely as unknown as Kysely<any>;
    const id = async (table: string, values: Record<string, unknown>) =>
      (await k.insertInto(table).values(values).returning('id').executeTakeFirstOrThrow()).id as number;
    const chamber = await id('chambers', { code: 'nikaho', name: 'にかほ市商工会', created_at: '2022-04-01T00:00:00Z' });
    const plan = await id('plans', {
      chamber_id: chamber,
      code: 'nikaho-2022',
      title: '計画',
      first_year: 2022,
      last_year: 2026,
      baseline_year: 2021,
      imported_at: '2024-06-10T00:00:00Z',
    });
    const scope = { chamber_id: chamber, plan_id: plan };
    const strategy = await id('strategies', { ...scope, kind: 'common', number: 1, title: '戦略', sort: 0 });
    const measure = await id('measures', { ...scope, strategy_id: strategy, number: 5, title: '施策' });
    const goal = await id('goals', { ...scope, measure_id: measure, number: 1, title: '目標' });
    const kpi = await id('kpis', {
      ...scope,
      goal_id: goal,
      code: '5-1',
      sort: 0,
      name: '課題解決実行件数',
      unit: '件',
      baseline_year: 2021,
    });
    await k
      .insertInto('target_revisions')
      .values([
        // 2024-06-10 00:00 UTC is 09:00 in Japan: the same day.
        {
          ...scope,
          kpi_id: kpi,
          fiscal_year: 2024,
          old_target: 1620,
          new_target: 1650,
          revised_at: '2024-06-10T00:00:00.000Z',
          reason: '中間見直し',
          source: 'a.yaml',
        },
        // 2024-06-30 16:00 UTC is 07-01 01:00 in Japan: the next day.
        {
          ...scope,
          kpi_id: kpi,
          fiscal_year: 2025,
          old_target: 1680,
          new_target: null,
          revised_at: '2024-06-30T16:00:00.000Z',
          reason: null,
          source: 'b.yaml',
        },
      ])
      .execute();
    await k
      .insertInto('audit_log')
      .values({
        at: '2024-06-10T00:00:00.000Z',
        user_login: 'cli:taro',
        chamber_id: chamber,
        action: 'plan.import',
        target: 'plan',
        summary: '計画を読み込み',
      })
      .execute();
    expect((await migrateToLatest(db)).applied[0]).toBe('20261203_0013_target_revision_decisions');
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test('the rows of plan imports are dated the day of the import in Japan, decided by the plan file', async () => {
    const rows = await db.kysely
      .selectFrom('target_revisions')
      .select(['id', 'fiscalYear', 'oldTarget', 'newTarget', 'reason', 'source', 'decidedOn', 'decidedBy', 'enteredBy', 'enteredVia'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      {
        id: 1,
        fiscalYear: 2024,
        oldTarget: 1620,
        newTarget: 1650,
        reason: '中間見直し',
        source: 'a.yaml',
        decidedOn: '2024-06-10',
        decidedBy: '計画ファイルの取り込み',
        enteredBy: 'cli:taro',
        enteredVia: 'import',
      },
      {
        id: 2,
        fiscalYear: 2025,
        oldTarget: 1680,
        newTarget: null,
        reason: null,
        source: 'b.yaml',
        decidedOn: '2024-07-01',
        decidedBy: '計画ファイルの取り込み',
        enteredBy: 'system',
        enteredVia: 'import',
      },
    ]);
  });

  test('a revision without its decision, or entered some other way, is refused by the database', async () => {
    const row = await db.kysely.selectFrom('target_revisions').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    const { id: _id, ...values } = row;
    await expect(
      sql`insert into target_revisions (chamber_id, plan_id, kpi_id, fiscal_year, revised_at, source, decided_by, entered_by, entered_via)
      values (${values.chamberId}, ${values.planId}, ${values.kpiId}, 2024, ${values.revisedAt}, 'x', 'x', 'x', 'import')`.execute(
        db.kysely,
      ),
    ).rejects.toThrow();
    await expect(
      db.kysely
        .insertInto('target_revisions')
        .values({ ...values, enteredVia: 'fax' as 'import' })
        .execute(),
    ).rejects.toThrow();
    // New rows continue after the kept ids (PostgreSQL's sequence also counted the refused ones).
    const { id } = await db.kysely.insertInto('target_revisions').values(values).returning('id').executeTakeFirstOrThrow();
    expect(id).toBeGreaterThan(2);
  });
});
