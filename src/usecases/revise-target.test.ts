/**
 * Target revisions through the use cases, on both databases: a revision entered on the screen
 * keeps the original and drives 達成率 (computeKpiActuals), the dashboard (kpiProgress) and the
 * history; what the rules refuse is refused by field and writes nothing; the plan import keeps
 * the revisions, writes nothing when the file is unchanged, adds none when the file catches up
 * with a decision, and refuses to change a year that ended before the decision.
 *
 * Today is 2026-10-01 (R8 under way). 5-1 (課題解決実行件数): targets 1,500 … 1,740; 800 so far in
 * R8 and 1,680 in R7 (src/test/fixtures/kpi-table.ts, which also revised R6 by a plan file).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Actor } from '../db/queries/audit.js';
import { DomainError } from '../domain/errors.js';
import { achievementRate } from '../domain/kpi/evaluate.js';
import { snapshotChamberTables, type TestDb, testBackends } from '../test/databases.js';
import { KPI_TABLE_NOW, KPI_TABLE_TODAY, seedKpiTable } from '../test/fixtures/kpi-table.js';
import { computeKpiActuals } from './compute-kpi-actuals.js';
import { importPlan } from './import-plan.js';
import { kpiProgress } from './kpi-progress.js';
import { kpiTargetHistory } from './kpi-target-history.js';
import { reviseTarget } from './revise-target.js';

const NIKAHO = readFileSync(new URL('../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
/** The file as the fixture left it: R6 of 5-1 revised to 1,650. */
const FILE = NIKAHO.replace('targets: { 2022: 1500, 2023: 1560, 2024: 1620,', 'targets: { 2022: 1500, 2023: 1560, 2024: 1650,');
const TODAY = KPI_TABLE_TODAY;
const NOW = KPI_TABLE_NOW;
const ADMIN: Actor = { userId: null, login: 'n-admin' };

const revise = (db: TestDb, kpiCode: string, fiscalYear: number, input: { value: number | null; decidedOn: string; decidedBy?: string }) =>
  reviseTarget({
    db: db.kysely,
    chamberCode: 'nikaho',
    kpiCode,
    fiscalYear,
    input: { reason: '評価委員会の指摘（実態に合わない目標の見直し）', decidedBy: '評価委員会', ...input },
    actor: ADMIN,
    today: TODAY,
    now: NOW,
  });

const problemsOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(DomainError);
  return { code: (e as DomainError).code, details: (e as DomainError).details };
};

describe.each(await testBackends())('target revisions on $name', (backend) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await backend.create();
    await seedKpiTable(db);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const result = async (code: string, fiscalYear: number) =>
    (await computeKpiActuals({ db: db.kysely, chamberCode: 'nikaho', kpiCode: code, fiscalYear, today: TODAY }))?.results[0];
  const progressRow = async (code: string, fiscalYear?: number) =>
    (await kpiProgress({ db: db.kysely, chamberCode: 'nikaho', fiscalYear, today: TODAY }))?.rows.find((r) => r.code === code);

  test('a revision of the year under way: the original is kept, the new target drives 達成率 and the dashboard', async () => {
    const before = await progressRow('5-1');
    expect(before).toMatchObject({ target: 1740, originalTarget: 1740, actual: 800 });

    const history = await revise(db, '5-1', 2026, { value: 1600, decidedOn: '2026-07-15' });
    const r8 = history.years.find((y) => y.fiscalYear === 2026);
    expect(r8).toEqual({
      fiscalYear: 2026,
      original: 1740,
      target: 1600,
      asOf: TODAY,
      revisions: [
        {
          value: 1600,
          previous: 1740,
          decidedOn: '2026-07-15',
          decidedBy: '評価委員会',
          reason: '評価委員会の指摘（実態に合わない目標の見直し）',
          enteredBy: 'n-admin',
          enteredAt: NOW,
          via: 'screen',
          source: null,
          afterYearEnd: false,
        },
      ],
    });
    // R6's revision by the plan file is in the history too.
    expect(history.years.find((y) => y.fiscalYear === 2024)).toMatchObject({
      original: 1620,
      target: 1650,
      revisions: [{ decidedOn: '2024-06-10', decidedBy: '計画ファイルの取り込み', reason: '中間見直し', via: 'import' }],
    });

    expect(await result('5-1', 2026)).toMatchObject({ target: 1600, originalTarget: 1740, actual: 800, achievementRate: 50 });
    const after = await progressRow('5-1');
    expect(after).toMatchObject({ target: 1600, originalTarget: 1740, actual: 800, achievementRate: 50 });
    // The rating compares the same projection with the new target.
    expect(after?.projected).toBe(before?.projected);
    const expectedRate = achievementRate(after?.ratedOn === 'projection' ? (after.projected ?? null) : 800, 1600).rate;
    expect(after?.rating).toMatchObject({ kind: 'rated', rate: expectedRate });
    expect(after?.rating.kind === 'rated' && after.rating.rate).not.toBe(before?.rating.kind === 'rated' && before.rating.rate);
    expect(after?.trend.find((p) => p.fiscalYear === 2026)?.target).toBe(1600);

    const audit = await db.kysely.selectFrom('audit_log').selectAll().where('target', '=', 'target_revision').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      userLogin: 'n-admin',
      action: 'create',
      targetId: '5-1/2026',
      summary: '目標値を改訂: 課題解決実行件数 R8年度 1,740 → 1,600（評価委員会 令和8年7月15日）',
    });
    expect(JSON.parse(audit[0]?.beforeJson ?? '{}')).toEqual({ kpi: '5-1', fiscalYear: 2026, target: 1740 });
    expect(JSON.parse(audit[0]?.afterJson ?? '{}')).toMatchObject({ newTarget: 1600, oldTarget: 1740, decidedOn: '2026-07-15' });
  });

  test('設定なし: a year revised to no target is rated 設定なし; and back to a number', async () => {
    await revise(db, '5-2', 2026, { value: null, decidedOn: '2026-08-01', decidedBy: '理事会' });
    expect((await progressRow('5-2'))?.rating.kind).toBe('noTarget');
    expect(await result('5-2', 2026)).toMatchObject({ target: null, achievementRate: null });
    const history = await revise(db, '5-2', 2026, { value: 40, decidedOn: '2026-09-01', decidedBy: '理事会' });
    expect(history.years.find((y) => y.fiscalYear === 2026)?.revisions.map((r) => [r.previous, r.value])).toEqual([
      [expect.any(Number), null],
      [null, 40],
    ]);
    expect((await progressRow('5-2'))?.target).toBe(40);
  });

  test('a year that has ended: a decision taken within it and entered late counts; one taken after it is refused', async () => {
    const r7 = await result('5-1', 2025);
    expect(r7).toMatchObject({ target: 1680, actual: 1680, achievementRate: 100 });
    await revise(db, '5-1', 2025, { value: 1750, decidedOn: '2026-03-20', decidedBy: '総会' });
    expect(await result('5-1', 2025)).toMatchObject({ target: 1750, originalTarget: 1680, achievementRate: 96 });
    expect((await progressRow('5-1', 2025))?.rating).toMatchObject({ kind: 'rated', rate: 96 });

    const before = await snapshotChamberTables(db);
    expect(await problemsOf(revise(db, '5-1', 2025, { value: 1600, decidedOn: '2026-07-15' }))).toEqual({
      code: 'BAD_REQUEST',
      details: [
        {
          location: 'decidedOn',
          message:
            '令和7年度は令和8年3月31日に終わっています。年度が終わった後の決定で、その年度の目標値は変えられません（次の年度からの目標値を改訂してください）',
        },
      ],
    });
    expect(await snapshotChamberTables(db)).toEqual(before);
  });

  test.each<[string, string, number, { value: number | null; decidedOn: string }, string]>([
    ['a decision dated after today', '5-1', 2026, { value: 1500, decidedOn: '2026-10-02' }, 'decidedOn'],
    ['the target already in force on that day', '5-1', 2026, { value: 1600, decidedOn: '2026-09-01' }, 'value'],
    ['a year outside the plan', '5-1', 2027, { value: 1500, decidedOn: '2026-09-01' }, 'fiscalYear'],
    ['before the plan began', '5-1', 2026, { value: 1500, decidedOn: '2022-03-31' }, 'decidedOn'],
  ])('refused, with the field, and nothing written: %s', async (_name, code, fiscalYear, input, field) => {
    const before = await snapshotChamberTables(db);
    const { code: errorCode, details } = await problemsOf(revise(db, code, fiscalYear, input));
    expect(errorCode).toBe('BAD_REQUEST');
    expect(details.map((d) => d.location)).toEqual([field]);
    expect(await snapshotChamberTables(db)).toEqual(before);
  });

  test('a KPI not in the plan is not found', async () => {
    expect((await problemsOf(revise(db, 'startups', 2026, { value: 1, decidedOn: '2026-09-01' }))).code).toBe('NOT_FOUND');
    expect(await kpiTargetHistory({ db: db.kysely, chamberCode: 'nikaho', kpiCode: 'startups', today: TODAY })).toBeUndefined();
  });

  test('the plan import: the same file writes nothing and keeps every revision', async () => {
    const before = await snapshotChamberTables(db);
    const again = await importPlan({ db: db.kysely, source: FILE, fileName: 'nikaho-2022.yaml', now: '2026-10-01T05:00:00.000Z' });
    expect(again).toMatchObject({ changed: false, revisions: [] });
    expect(await snapshotChamberTables(db)).toEqual(before);
    expect((await result('5-1', 2026))?.target).toBe(1600);
  });

  test('the plan import: a file that now says what was decided on the screen adds no revision', async () => {
    const caughtUp = FILE.replace('2024: 1650, 2025: 1680, 2026: 1740 }', '2024: 1650, 2025: 1750, 2026: 1600 }');
    expect(caughtUp).not.toBe(FILE);
    const revisionsBefore = await db.kysely.selectFrom('target_revisions').select('id').execute();
    const imported = await importPlan({ db: db.kysely, source: caughtUp, fileName: 'nikaho-2022.yaml', now: '2026-10-01T05:00:00.000Z' });
    expect(imported.revisions).toEqual([]);
    expect(imported.counts.kpi_targets).toEqual({ inserted: 0, updated: 2, deleted: 0 });
    expect(await db.kysely.selectFrom('target_revisions').select('id').execute()).toEqual(revisionsBefore);
    const history = await kpiTargetHistory({ db: db.kysely, chamberCode: 'nikaho', kpiCode: '5-1', today: TODAY });
    expect(history?.years.find((y) => y.fiscalYear === 2026)).toMatchObject({ original: 1740, target: 1600 });
    expect(history?.years.find((y) => y.fiscalYear === 2025)).toMatchObject({ original: 1680, target: 1750 });
    // …and importing it once more writes nothing.
    const before = await snapshotChamberTables(db);
    expect((await importPlan({ db: db.kysely, source: caughtUp, fileName: 'nikaho-2022.yaml', now: NOW })).changed).toBe(false);
    expect(await snapshotChamberTables(db)).toEqual(before);
  });

  test('the plan import: a year that ended before the decision is refused, the whole file; dated within the year it is recorded', async () => {
    const file = FILE.replace('2024: 1650, 2025: 1680, 2026: 1740 }', '2024: 1650, 2025: 1750, 2026: 1600 }').replace(
      'targets: { 2022: 1500, 2023: 1560,',
      'targets: { 2022: 1500, 2023: 1500,',
    );
    const before = await snapshotChamberTables(db);
    const refused = await problemsOf(importPlan({ db: db.kysely, source: file, fileName: 'r5.yaml', now: NOW, reason: '誤記の訂正' }));
    expect(refused.code).toBe('PLAN_FILE_INVALID');
    expect(refused.details).toEqual([
      {
        location: 'KPI「課題解決実行件数」（5-1） R5年度',
        message:
          '令和5年度は令和6年3月31日に終わっています。年度が終わった後の決定で、その年度の目標値は変えられません（次の年度からの目標値を改訂してください）',
      },
    ]);
    expect(await snapshotChamberTables(db)).toEqual(before);

    const recorded = await importPlan({
      db: db.kysely,
      source: file,
      fileName: 'r5.yaml',
      now: NOW,
      reason: '総会資料の誤記の訂正',
      decidedOn: '2024-03-15',
      decidedBy: '総会',
    });
    expect(recorded.revisions).toEqual([
      { kpiCode: '5-1', kpiName: '課題解決実行件数', fiscalYear: 2023, oldTarget: 1560, newTarget: 1500 },
    ]);
    const r5 = (await kpiTargetHistory({ db: db.kysely, chamberCode: 'nikaho', kpiCode: '5-1', today: TODAY }))?.years.find(
      (y) => y.fiscalYear === 2023,
    );
    expect(r5).toMatchObject({
      original: 1560,
      target: 1500,
      revisions: [{ decidedOn: '2024-03-15', decidedBy: '総会', via: 'import', source: 'r5.yaml', enteredBy: 'system' }],
    });
  });
});
