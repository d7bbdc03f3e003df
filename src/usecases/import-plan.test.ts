import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHAMBER_TABLES } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { type TestDb, testBackends } from '../test/databases.js';
import { findPlan } from './find-plan.js';
import { importPlan } from './import-plan.js';
import { presentPlanExport } from './present-plan-export.js';

const SAMPLE = readFileSync(new URL('../test/fixtures/sample-plan.yaml', import.meta.url), 'utf8');
const NOW = '2026-04-10T01:00:00.000Z';
const TODAY = '2026-04-10';

async function snapshot(db: TestDb) {
  const out: Record<string, unknown[]> = {};
  for (const t of CHAMBER_TABLES) out[t] = await db.kysely.selectFrom(t).selectAll().orderBy('id').execute();
  return out;
}

async function exported(db: TestDb, chamberCode = 'sample-cci', today = TODAY) {
  const loaded = await findPlan({ db: db.kysely, chamberCode, today });
  if (!loaded) throw new Error('plan not found');
  return presentPlanExport({ ...loaded, today });
}

describe.each(await testBackends())('plan import on $name', (backend) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await backend.create();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test('loads a plan with sub-KPIs, decimals, 設定なし and a 3-year period', async () => {
    const result = await importPlan({ db: db.kysely, source: SAMPLE, fileName: 'sample-plan.yaml', now: NOW });
    expect(result.created).toBe(true);
    const out = await exported(db);
    expect(out.plan.period).toEqual({ from: 2025, to: 2027 });
    expect(out.kpis.map((k) => [k.code, k.parentCode, k.unit])).toEqual([
      ['1-1', null, '回'],
      ['1-1-1', '1-1', '回'],
      ['1-1-2', '1-1', '回'],
      ['startups', null, '者'],
      ['2-1', null, '%'],
    ]);
    const counts = out.kpis.find((k) => k.code === '1-1');
    expect(JSON.parse(JSON.stringify(counts?.targets))).toEqual({ '2025': 110, '2026': 120.5, '2027': null });
    expect(counts?.counting).toBe('total');
    expect(out.kpis.find((k) => k.code === '2-1')?.targets).toEqual({ 2025: 13.25, 2026: 14, 2027: 15 });
    expect(out.kpis.find((k) => k.code === 'startups')).toMatchObject({
      cumulative: true,
      counting: 'distinct',
      baseline: 2,
      baselineYear: 2024,
    });
    const measure1 = out.plan.strategies[0]?.measures[0];
    expect(measure1?.initiatives[0]?.roadmap).toEqual([
      {
        items: [
          { firstYear: 2025, lastYear: 2026, text: '体制の検討' },
          { firstYear: 2027, lastYear: 2027, text: '体制の運用' },
        ],
      },
      {
        items: [
          { firstYear: 2025, lastYear: 2025, text: '巡回計画' },
          { firstYear: 2027, lastYear: 2027, text: '・巡回\n・報告' },
        ],
      },
    ]);
    expect(out.plan.strategies[1]).toMatchObject({ kind: 'own', number: 1, reason: '観光客の消費を地域に回すため。' });
    expect(out.plan.vision?.text).toBe('一つ目の段落。\n二つ目の段落。');
  });

  test('importing the same file again changes nothing', async () => {
    const before = await snapshot(db);
    const result = await importPlan({ db: db.kysely, source: SAMPLE, fileName: 'sample-plan.yaml', now: '2026-05-01T00:00:00.000Z' });
    expect(result.changed).toBe(false);
    expect(result.revisions).toEqual([]);
    expect(await snapshot(db)).toEqual(before);
  });

  test('a changed target is recorded as a revision, not overwritten silently', async () => {
    const changed = SAMPLE.replace('targets: { 2025: 3, 2026: 5, 2027: 8 }', 'targets: { 2025: 3, 2026: 4, 2027: 8 }');
    const result = await importPlan({
      db: db.kysely,
      source: changed,
      fileName: 'sample-plan.yaml',
      now: '2026-06-01T00:00:00.000Z',
      reason: '評価委員会の指摘',
    });
    expect(result.revisions).toEqual([{ kpiCode: 'startups', kpiName: '創業者数', fiscalYear: 2026, oldTarget: 5, newTarget: 4 }]);
    // Before the day of the decision the original was in force.
    expect((await exported(db, 'sample-cci', '2026-05-31')).kpis.find((k) => k.code === 'startups')?.targets[2026]).toBe(5);
    const out = await exported(db, 'sample-cci', '2026-06-01');
    const kpi = out.kpis.find((k) => k.code === 'startups');
    expect(kpi?.targets[2026]).toBe(4);
    expect(kpi?.revisions).toEqual([
      {
        fiscalYear: 2026,
        oldTarget: 5,
        newTarget: 4,
        revisedAt: '2026-06-01T00:00:00.000Z',
        reason: '評価委員会の指摘',
        source: 'sample-plan.yaml',
        // Decided on the day of the import in Japan, by the plan file.
        decidedOn: '2026-06-01',
        decidedBy: '計画ファイルの取り込み',
        enteredBy: 'system',
        enteredVia: 'import',
      },
    ]);
    expect(kpi?.targetHistory.find((y) => y.fiscalYear === 2026)).toMatchObject({
      original: 5,
      target: 4,
      revisions: [{ previous: 5, value: 4, decidedOn: '2026-06-01', decidedBy: '計画ファイルの取り込み', afterYearEnd: false }],
    });
  });

  test('a dry run reports changes and writes nothing', async () => {
    const before = await snapshot(db);
    const changed = SAMPLE.replace('title: 観光消費の拡大', 'title: 観光消費の拡大と定着');
    const result = await importPlan({ db: db.kysely, source: changed, fileName: 'x.yaml', now: NOW, dryRun: true });
    expect(result.counts.measures).toEqual({ inserted: 0, updated: 1, deleted: 0 });
    expect(await snapshot(db)).toEqual(before);
  });

  test('an invalid file names file, line and field, and changes nothing', async () => {
    const before = await snapshot(db);
    const bad = SAMPLE.replace('targets: { 2025: 70, 2026: 80.5, 2027: 90 }', 'targets: { 2025: 70, 2026: 八十, 2027: 90 }');
    const error = await importPlan({ db: db.kysely, source: bad, fileName: 'bad.yaml', now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    const detail = (error as DomainError).details[0];
    const line = bad.split('\n').findIndex((l) => l.includes('八十')) + 1;
    expect(detail?.location).toContain(`bad.yaml ${line}行目`);
    expect(detail?.location).toContain('目標値');
    expect(await snapshot(db)).toEqual(before);
  });

  test('dropping a goal removes its KPIs and a second import is then a no-op', async () => {
    const moved = SAMPLE.replace(/\n {10}- number: 2\n {12}title: 創業者の輩出[\s\S]*?targets: \{ 2025: 3, 2026: 5, 2027: 8 \}\n/, '\n');
    expect(moved).not.toContain('創業者の輩出');
    await importPlan({ db: db.kysely, source: moved, fileName: 'moved.yaml', now: NOW });
    const out = await exported(db);
    expect(out.kpis.map((k) => k.code)).toEqual(['1-1', '1-1-1', '1-1-2', '2-1']);
    const again = await importPlan({ db: db.kysely, source: moved, fileName: 'moved.yaml', now: NOW });
    expect(again.changed).toBe(false);
  });

  test('chambers do not see each other’s plans', async () => {
    const other = SAMPLE.replace('code: sample-cci', 'code: other-cci').replace('name: 見本市商工会議所', 'name: 別市商工会議所');
    await importPlan({ db: db.kysely, source: other, fileName: 'other.yaml', now: NOW });
    const a = await exported(db, 'sample-cci');
    const b = await exported(db, 'other-cci');
    expect(a.chamber.name).toBe('見本市商工会議所');
    expect(b.chamber.name).toBe('別市商工会議所');
    expect(b.kpis.find((k) => k.code === 'startups')?.revisions).toEqual([]);
    expect(await findPlan({ db: db.kysely, chamberCode: 'nobody', today: TODAY })).toBeUndefined();
  });
});
