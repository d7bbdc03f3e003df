import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccount, signInTo } from '../test/accounts.js';
import { type TestDb, testBackends } from '../test/databases.js';
import { importPlan } from '../usecases/import-plan.js';
import { buildServer } from './server.js';

const NIKAHO = readFileSync(new URL('../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
const clock = { today: () => '2024-06-01', now: () => '2024-06-01T00:00:00.000Z' };

describe.each(await testBackends())('HTTP API on $name', (backend) => {
  let db: TestDb;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'plans/nikaho-2022.yaml', now: clock.now() });
    app = await buildServer({ db, clock });
    await createAccount(db.kysely, { login: 'admin', systemAdmin: true });
    ({ headers } = await signInTo(app, 'admin'));
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  test('lists chambers', async () => {
    const res = await app.inject({ url: '/api/v1/chambers', headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ chambers: [{ code: 'nikaho', name: 'にかほ市商工会' }] });
  });

  test('serves the current plan with its 21 KPIs', async () => {
    const res = await app.inject({ url: '/api/v1/chambers/nikaho/plan', headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.plan.period).toEqual({ from: 2022, to: 2026 });
    expect(body.kpis).toHaveLength(21);
    expect(body.kpis.filter((k: { measure: number }) => k.measure === 6).map((k: { name: string }) => k.name)).toEqual([
      '自己財源比率',
      '組織率',
      '自家共済の会員加入率',
    ]);
    const rate = body.kpis.find((k: { code: string }) => k.code === '6-2');
    expect(rate.targets).toEqual({ '2022': 70, '2023': 70, '2024': 70, '2025': 70, '2026': 71 });
    const same = await app.inject({ url: '/api/v1/chambers/nikaho/plans/nikaho-2022', headers });
    expect(same.json()).toEqual(body);
  });

  test('unknown chamber or plan is a 404 with a Japanese message', async () => {
    for (const url of ['/api/v1/chambers/akita/plan', '/api/v1/chambers/nikaho/plans/nope', '/api/v1/chambers/akita/plans']) {
      const res = await app.inject({ url, headers });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
      expect(res.json().error.message).toMatch(/見つかりません/);
    }
  });

  test('unknown API paths answer JSON 404, and bad parameters 400', async () => {
    const missing = await app.inject({ url: '/api/v1/nothing', headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('見つかりません');
    const tooLong = await app.inject(`/api/v1/chambers/${'x'.repeat(65)}/plan`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBe('BAD_REQUEST');
  });

  test('publishes an OpenAPI document and readable docs', async () => {
    const doc = await app.inject({ url: '/api/openapi.json', headers });
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(doc.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/chambers', '/api/v1/chambers/{chamber}/plan', '/api/v1/chambers/{chamber}/plans/{plan}']),
    );
    expect(
      doc.json().paths['/api/v1/chambers/{chamber}/plan'].get.responses['200'].content['application/json'].schema.properties.kpis,
    ).toBeDefined();
    const docs = await app.inject({ url: '/api/docs/', headers });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  test('KPI results for a fiscal year written as people write it', async () => {
    const res = await app.inject({ url: '/api/v1/chambers/nikaho/kpis?fiscalYear=R5', headers });
    expect(res.statusCode).toBe(200);
    const results = res.json().results as { fiscalYear: number; code: string; source: string; target: number | null }[];
    expect(results).toHaveLength(21);
    expect(new Set(results.map((r) => r.fiscalYear))).toEqual(new Set([2023]));
    expect(results.find((r) => r.code === '6-2')).toMatchObject({ source: 'missing', target: 70 });
    const all = await app.inject({ url: '/api/v1/chambers/nikaho/kpis', headers });
    expect(all.json().results).toHaveLength(21 * 5);
    const bad = await app.inject({ url: '/api/v1/chambers/nikaho/kpis?fiscalYear=R99x', headers });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('年度として読めません');
  });

  test('the records behind a KPI figure', async () => {
    const res = await app.inject({ url: '/api/v1/chambers/nikaho/kpis/5-1/records?fiscalYear=2023', headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().result).toMatchObject({ code: '5-1', fiscalYear: 2023, actual: 0 });
    expect(res.json().terms).toMatchObject([{ label: '課題解決・実行支援の件数（2023-04-01〜2024-03-31）', value: 0, total: 0, rows: [] }]);
    expect((await app.inject({ url: '/api/v1/chambers/nikaho/kpis/9-9/records?fiscalYear=2023', headers })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/chambers/nikaho/kpis/5-1/records', headers })).statusCode).toBe(400);
  });

  test('imports a CSV body, all or nothing, with Japanese errors', async () => {
    const csv = '年度,項目,値\nR6,商工業者数,1003\n';
    const post = (body: string, url = '/api/v1/chambers/nikaho/imports/statistics') =>
      app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'text/csv' }, payload: body });
    const dry = await post(csv, '/api/v1/chambers/nikaho/imports/統計値?dryRun=true');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ kind: 'statistics', dryRun: true, added: 1 });
    expect((await post(csv)).json()).toMatchObject({ dryRun: false, added: 1 });
    expect((await post(csv)).json()).toMatchObject({ added: 0, unchanged: 1 });
    const bad = await post('年度,項目,値\nR6,商工業者数,千\n');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details[0].location).toBe('statistics.csv 2行目 値');
    expect((await post(csv, '/api/v1/chambers/nikaho/imports/nothing')).statusCode).toBe(404);
    expect((await post(csv, '/api/v1/chambers/akita/imports/statistics')).statusCode).toBe(404);
  });

  test('a KPI derived from records refuses a typed actual', async () => {
    const res = await app.inject({
      method: 'PUT',
      url: '/api/v1/chambers/nikaho/kpis/6-2/actuals/R6',
      headers,
      payload: { value: 71, evidence: '総会資料', enteredBy: '事務局' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('記録から算出する指標のため');
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/chambers/nikaho/kpis/6-2/actuals/R6',
      headers,
      payload: { value: '七十', evidence: '', enteredBy: '事務局' },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('実績値は数値で入力してください');
  });
});
