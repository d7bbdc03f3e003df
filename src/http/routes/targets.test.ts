/**
 * GET …/kpis/:code/targets and POST …/kpis/:code/targets/:fiscalYear through the real server, on
 * both databases: the administrator revises a year's target with its reason, decision day and
 * body; the history, the KPI results, the dashboard and the plan all use the new target and keep
 * the original; problems come back by field; the change is in the audit trail with who made it.
 * Today is 2026-10-01 (R8 under way); the data are src/test/fixtures/kpi-table.ts.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccount, type SignedInClient, signInTo } from '../../test/accounts.js';
import { type TestDb, testBackends } from '../../test/databases.js';
import { KPI_TABLE_NOW, KPI_TABLE_TODAY, seedKpiTable } from '../../test/fixtures/kpi-table.js';
import { buildServer } from '../server.js';

const clock = { today: () => KPI_TABLE_TODAY, now: () => KPI_TABLE_NOW };
const API = '/api/v1/chambers/nikaho';
const REVISION = {
  value: 1600,
  reason: '評価委員会の指摘（実態に合わない目標の見直し）',
  decidedOn: '2026-07-15',
  decidedBy: '評価委員会',
};

describe.each(await testBackends())('target revisions over HTTP on $name', (backend) => {
  let db: TestDb;
  let app: FastifyInstance;
  let admin: SignedInClient;
  let staff: SignedInClient;
  beforeAll(async () => {
    db = await backend.create();
    await seedKpiTable(db);
    app = await buildServer({ db, clock });
    await createAccount(db.kysely, { login: 'n-admin', roles: { nikaho: 'admin' } });
    await createAccount(db.kysely, { login: 'n-staff', roles: { nikaho: 'staff' } });
    admin = await signInTo(app, 'n-admin');
    staff = await signInTo(app, 'n-staff');
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  const get = (url: string, who = admin) => app.inject({ url: `${API}${url}`, headers: who.headers });
  const post = (url: string, payload: unknown, who = admin) =>
    app.inject({ method: 'POST', url: `${API}${url}`, headers: who.headers, payload: payload as object });

  test('the administrator revises R8 of 5-1; the history, results, dashboard and plan use it and keep the original', async () => {
    const before = (await get('/progress')).json().rows.find((r: { code: string }) => r.code === '5-1');
    const res = await post('/kpis/5-1/targets/R8', REVISION);
    expect(res.statusCode).toBe(201);
    expect(res.json().years.find((y: { fiscalYear: number }) => y.fiscalYear === 2026)).toMatchObject({
      original: 1740,
      target: 1600,
      revisions: [{ previous: 1740, value: 1600, decidedOn: '2026-07-15', decidedBy: '評価委員会', enteredBy: 'n-admin', via: 'screen' }],
    });
    const history = await get('/kpis/5-1/targets');
    expect(history.statusCode).toBe(200);
    expect(history.json()).toMatchObject({
      kpi: { code: '5-1', name: '課題解決実行件数', unit: '件', measure: 5 },
      today: KPI_TABLE_TODAY,
    });
    expect(
      history.json().years.map((y: { fiscalYear: number; original: number; target: number }) => [y.fiscalYear, y.original, y.target]),
    ).toEqual([
      [2022, 1500, 1500],
      [2023, 1560, 1560],
      [2024, 1620, 1650],
      [2025, 1680, 1680],
      [2026, 1740, 1600],
    ]);

    const results = (await get('/kpis?fiscalYear=R8')).json().results.find((r: { code: string }) => r.code === '5-1');
    expect(results).toMatchObject({ target: 1600, originalTarget: 1740, actual: 800, achievementRate: 50 });
    const after = (await get('/progress')).json().rows.find((r: { code: string }) => r.code === '5-1');
    expect(after).toMatchObject({ target: 1600, originalTarget: 1740 });
    expect(after.rating.rate).not.toBe(before.rating.rate);

    const plan = (await get('/plan')).json();
    const kpi = plan.kpis.find((k: { code: string }) => k.code === '5-1');
    expect(kpi.targets['2026']).toBe(1600);
    expect(kpi.targetHistory.find((y: { fiscalYear: number }) => y.fiscalYear === 2026)).toMatchObject({ original: 1740, target: 1600 });
    expect(
      plan.plan.strategies
        .flatMap((s: { measures: { goals: { kpis: { code: string; targets: Record<string, number> }[] }[] }[] }) =>
          s.measures.flatMap((m) => m.goals.flatMap((g) => g.kpis)),
        )
        .find((k: { code: string }) => k.code === '5-1')?.targets['2026'],
    ).toBe(1600);

    const audit = (await get('/audit?action=create')).json().entries.find((e: { target: string }) => e.target === 'target_revision');
    expect(audit).toMatchObject({
      login: 'n-admin',
      summary: '目標値を改訂: 課題解決実行件数 R8年度 1,740 → 1,600（評価委員会 令和8年7月15日）',
    });
  });

  test('problems come back beside their fields', async () => {
    const missing = await post('/kpis/5-1/targets/R8', { ...REVISION, reason: ' ', decidedBy: '' });
    expect(missing.statusCode).toBe(400);
    // The form checks the same schema before it sends (src/domain/plan/target-revision.ts); the
    // server names the field as it names plan-file fields (reason reads 設定理由 there).
    expect(missing.json().error.details.map((d: { message: string }) => d.message)).toEqual([
      '理由を入力してください',
      '決定機関を入力してください',
    ]);
    const late = await post('/kpis/5-1/targets/R7', { ...REVISION, value: 1500 });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.details).toEqual([
      { location: 'decidedOn', message: expect.stringContaining('令和7年度は令和8年3月31日に終わっています') },
    ]);
    const same = await post('/kpis/5-1/targets/R8', { ...REVISION, decidedOn: '2026-09-01' });
    expect(same.json().error.details).toEqual([{ location: 'value', message: expect.stringContaining('1,600') }]);
    const badYear = await post('/kpis/5-1/targets/来年', REVISION);
    expect(badYear.statusCode).toBe(400);
  });

  test('職員 may read the history but not revise', async () => {
    expect((await get('/kpis/5-1/targets', staff)).statusCode).toBe(200);
    const res = await post('/kpis/5-1/targets/R8', { ...REVISION, value: 1500 }, staff);
    expect(res.statusCode).toBe(403);
  });
});
