import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestDb, testBackends } from '../test/databases.js';
import { computeKpiActuals } from './compute-kpi-actuals.js';
import { enterManualActual } from './enter-manual-actual.js';
import { importPlan } from './import-plan.js';

const SAMPLE = readFileSync(new URL('../test/fixtures/sample-plan.yaml', import.meta.url), 'utf8');
const TODAY = '2026-06-01';

describe.each(await testBackends())('manual actuals on $name', (backend) => {
  let db: TestDb;
  const base = {
    chamberCode: 'sample-cci',
    today: TODAY,
    now: '2026-06-01T00:00:00Z',
    evidence: '窓口日誌の集計',
    enteredBy: '事務局 佐藤',
  };
  beforeAll(async () => {
    db = await backend.create();
    // The sample plan's KPIs have no `actual:` definitions: they are entered by hand.
    await importPlan({ db: db.kysely, source: SAMPLE, fileName: 'sample-plan.yaml', now: '2026-01-01T00:00:00Z' });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test('a KPI no record can produce takes a value with its evidence, and it can be corrected', async () => {
    const result = async () =>
      (await computeKpiActuals({ db: db.kysely, chamberCode: 'sample-cci', fiscalYear: 2025, today: TODAY }))?.results.find(
        (r) => r.code === '1-1',
      );
    expect(await result()).toMatchObject({ source: 'missing', actual: null });
    await enterManualActual({ db: db.kysely, ...base, kpiCode: '1-1', fiscalYear: 2025, value: 104 });
    expect(await result()).toMatchObject({
      source: 'manual',
      actual: 104,
      achievementRate: 94.5,
      evidence: '窓口日誌の集計（事務局 佐藤）',
    });
    await enterManualActual({ db: db.kysely, ...base, kpiCode: '1-1', fiscalYear: 2025, value: 111 });
    expect(await result()).toMatchObject({ actual: 111 });
  });

  test.each([
    [{ kpiCode: 'nope', fiscalYear: 2025, value: 1 }, 'KPIが見つかりません'],
    [{ kpiCode: '1-1', fiscalYear: 2030, value: 1 }, '計画期間'],
    [{ kpiCode: '1-1', fiscalYear: 2025, value: 1, evidence: ' ' }, '根拠'],
  ])('refuses %j', async (over, message) => {
    await expect(enterManualActual({ db: db.kysely, ...base, ...over })).rejects.toThrow(message);
  });
});
