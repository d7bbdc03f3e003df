import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NO_OWNER } from '../domain/kpi/data-gaps.js';
import { type TestDb, testBackends } from '../test/databases.js';
import { importPlan } from './import-plan.js';
import { importRecords } from './import-records.js';
import { assignKpiOwner, kpiOwnersView } from './kpi-owners.js';

const NIKAHO = readFileSync(new URL('../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
const TODAY = '2026-06-01';
const actor = { userId: null, login: 'jimukyoku' };

describe.each(await testBackends())('KPI owners on $name', (backend) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'nikaho.yaml', now: '2026-01-01T00:00:00Z' });
    // R7年度's 商工業者数 is in, R8年度's is not; no finances at all.
    const csv = '年度,項目,値\nR7,商工業者数,1000\n';
    await importRecords({ db, chamberCode: 'nikaho', kind: 'statistics', bytes: new TextEncoder().encode(csv), fileName: 's.csv' });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test('each owner sees the KPIs whose data for the current period is missing', async () => {
    const base = { db: db.kysely, chamberCode: 'nikaho', today: TODAY, now: '2026-06-01T01:00:00Z', actor };
    await assignKpiOwner({ ...base, kpiCode: '6-2', owner: ' 経営指導員 佐藤 ' });
    await assignKpiOwner({ ...base, kpiCode: '6-3', owner: '経営指導員 佐藤' });
    const view = await kpiOwnersView({ db: db.kysely, chamberCode: 'nikaho', today: TODAY });
    const sato = view?.groups.find((g) => g.owner === '経営指導員 佐藤');
    expect(sato?.kpis.map((k) => k.kpi.code)).toEqual(['6-2', '6-3']);
    // 組織率 needs R8年度's 商工業者数 (4月1日 has passed); R7年度's is there.
    expect(sato?.kpis[0]?.gaps.map((g) => g.fiscalYear)).toEqual([2026]);
    expect(sato?.kpis[0]?.gaps[0]?.message).toMatch(/^R8年度: .*商工業者数/);
    // 自己財源比率 has no owner: R7年度's finances are due, R8年度's are not yet.
    const unowned = view?.groups.at(-1);
    expect(unowned?.owner).toBe(NO_OWNER);
    const ratio = unowned?.kpis.find((k) => k.kpi.code === '6-1');
    expect(ratio?.gaps.map((g) => g.fiscalYear)).toEqual([2025]);

    // Changing and clearing an owner is in the audit trail; the same owner again writes nothing.
    await assignKpiOwner({ ...base, kpiCode: '6-2', owner: '経営指導員 佐藤' });
    await assignKpiOwner({ ...base, kpiCode: '6-2', owner: '' });
    const audit = await db.kysely
      .selectFrom('audit_log')
      .select(['action', 'targetId'])
      .where('target', '=', 'kpi_owner')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'create', targetId: '6-2' },
      { action: 'create', targetId: '6-3' },
      { action: 'delete', targetId: '6-2' },
    ]);
    await expect(assignKpiOwner({ ...base, kpiCode: 'nope', owner: 'x' })).rejects.toThrow(/KPIが見つかりません/);
  });
});
