import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccount, signInTo } from '../../test/accounts.js';
import { type TestDb, testBackends } from '../../test/databases.js';
import { computeKpiActuals } from '../../usecases/compute-kpi-actuals.js';
import { importPlan } from '../../usecases/import-plan.js';
import { buildServer } from '../server.js';

const NIKAHO = readFileSync(new URL('../../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
// FY2024 is under way; FY2023 closed on 2024-03-31.
const clock = { today: () => '2024-06-01', now: () => '2024-06-01T09:00:00.000Z' };
const BUSINESSES = [
  '事業者コード,事業者名,フリガナ,業種,入会日',
  'A001,㈱髙橋製作所,タカハシ セイサクショ,製造業,2010/4/1',
  'A002,さとう食堂,サトウショクドウ,飲食業,',
  'A003,ABC商店,エービーシーショウテン,小売業,2015/4/1',
].join('\n');

describe.each(await testBackends())('record entry API on $name', (backend) => {
  let db: TestDb;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  let viewer: Record<string, string>;
  const url = '/api/v1/chambers/nikaho/support-records';
  const record = (change: Record<string, unknown> = {}) => ({
    date: '2024-05-10',
    businessId: null,
    kind: '課題解決',
    subKind: null,
    quantity: 1,
    amount: null,
    staff: '佐藤',
    note: null,
    ...change,
  });
  const idOf = async (code: string) =>
    (await db.kysely.selectFrom('businesses').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const actual = async (code: string, fiscalYear: number) =>
    (await computeKpiActuals({ db: db.kysely, chamberCode: 'nikaho', fiscalYear, today: clock.today() }))?.results.find(
      (r) => r.code === code,
    )?.actual;

  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'plans/nikaho-2022.yaml', now: clock.now() });
    app = await buildServer({ db, clock });
    await createAccount(db.kysely, { login: 'staff', roles: { nikaho: 'staff' } });
    await createAccount(db.kysely, { login: 'viewer', roles: { nikaho: 'viewer' } });
    ({ headers } = await signInTo(app, 'staff'));
    ({ headers: viewer } = await signInTo(app, 'viewer'));
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/chambers/nikaho/imports/businesses',
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: BUSINESSES,
    });
    expect(res.statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  test.each([
    ['ﾀｶﾊｼ', ['A001']],
    ['たかはし　せいさく', ['A001']],
    ['髙橋', ['A001']],
    ['さとう', ['A002']],
    ['ｻﾄｳ ｼｮｸ', ['A002']],
    ['abc', ['A003']],
    ['a00', ['A003', 'A002', 'A001']],
    ['ｼｮｳﾃﾝ', ['A003']],
    ['%', []],
  ])('finds businesses by %s', async (q, codes) => {
    const res = await app.inject({ url: `/api/v1/chambers/nikaho/businesses?q=${encodeURIComponent(q)}`, headers });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .businesses.map((b: { code: string }) => b.code)
        .sort(),
    ).toEqual([...codes].sort());
  });

  test('names that begin with what was typed come first', async () => {
    const res = await app.inject({ url: `/api/v1/chambers/nikaho/businesses?q=${encodeURIComponent('サ')}`, headers });
    expect(res.json().businesses.map((b: { code: string }) => b.code)).toEqual(['A002', 'A001']);
  });

  test('says who is a member today', async () => {
    const res = await app.inject({ url: '/api/v1/chambers/nikaho/businesses?q=', headers });
    expect(Object.fromEntries(res.json().businesses.map((b: { code: string; member: boolean }) => [b.code, b.member]))).toEqual({
      A001: true,
      A002: false,
      A003: true,
    });
  });

  test('adds a record, counts it, lists it, changes and deletes it', async () => {
    const before = await actual('5-1', 2024);
    const added = await app.inject({ method: 'POST', url, headers, payload: record({ businessId: await idOf('A001') }) });
    expect(added.statusCode).toBe(201);
    const saved = added.json();
    expect(saved).toMatchObject({ businessCode: 'A001', businessName: '㈱髙橋製作所', fiscalYear: 2024, staff: '佐藤' });
    expect(saved.externalId).toMatch(/^W-[0-9A-F]{10}$/);
    expect(await actual('5-1', 2024)).toBe((before ?? 0) + 1);

    const listed = await app.inject({ url: `${url}?fiscalYear=R6&order=entered&limit=5`, headers });
    expect(listed.json().rows[0]).toMatchObject({ id: saved.id, kind: '課題解決' });

    const changed = await app.inject({ method: 'PUT', url: `${url}/${saved.id}`, headers, payload: record({ quantity: 3, note: '　' }) });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ quantity: 3, note: null, businessId: null, externalId: saved.externalId });
    expect(await actual('5-1', 2024)).toBe((before ?? 0) + 3);

    expect((await app.inject({ method: 'DELETE', url: `${url}/${saved.id}`, headers })).statusCode).toBe(204);
    expect(await actual('5-1', 2024)).toBe(before);
    expect((await app.inject({ method: 'DELETE', url: `${url}/${saved.id}`, headers })).statusCode).toBe(404);

    const audit = await db.kysely.selectFrom('audit_log').select('action').where('target', '=', 'support_records').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  test('refuses bad input beside the field, in Japanese, and saves nothing', async () => {
    const count = async () =>
      Number(
        (
          await db.kysely
            .selectFrom('support_records')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n = await count();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ date: '2024-06-02' }, 'date', '今日より後'],
      [{ kind: '世間話' }, 'kind', '種別一覧にありません'],
      [{ kind: '事業承継' }, 'subKind', '区分を選んでください'],
      [{ businessId: 999_999 }, 'businessId', '事業者が見つかりません'],
    ];
    for (const [change, field, message] of cases) {
      const res = await app.inject({ method: 'POST', url, headers, payload: record(change) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual([{ location: field, message: expect.stringContaining(message) }]);
    }
    const malformed = await app.inject({ method: 'POST', url, headers, payload: record({ quantity: 0 }) });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].message).toContain('件数は1以上です');
    expect(await count()).toBe(n);
  });

  test('a record of a closed year needs a confirmation that names the KPIs', async () => {
    const payload = record({ date: '2024-03-15', kind: '事業承継', subKind: '親族内承継', businessId: await idOf('A001') });
    const refused = await app.inject({ method: 'POST', url, headers, payload });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CONFIRMATION_REQUIRED');
    // 2-1 is 累計: the closed year R5 changes (R6 is not closed).
    expect(refused.json().error.details).toEqual([{ location: '2-1', message: expect.stringMatching(/^2-1 .*（令和5年度）$/) }]);
    const before = await actual('2-1', 2023);
    const added = await app.inject({ method: 'POST', url, headers, payload: { ...payload, confirmed: true } });
    expect(added.statusCode).toBe(201);
    expect(await actual('2-1', 2023)).toBe((before ?? 0) + 1);
    const id = added.json().id;
    expect((await app.inject({ method: 'DELETE', url: `${url}/${id}`, headers })).statusCode).toBe(409);
    expect((await app.inject({ method: 'DELETE', url: `${url}/${id}?confirmed=true`, headers })).statusCode).toBe(204);
    expect(await actual('2-1', 2023)).toBe(before);
  });

  test('a viewer reads but cannot write; another chamber is not there', async () => {
    expect((await app.inject({ url, headers: viewer })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url, headers: viewer, payload: record() })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/v1/chambers/akita/support-records', headers })).statusCode).toBe(404);
  });

  test('yearly figures: the items the plan reads, saved a year at a time, a closed year confirmed', async () => {
    const url = '/api/v1/chambers/nikaho/yearly-figures';
    const view = await app.inject({ url, headers });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      statisticItems: ['商工業者数', '商業・サービス業者数'],
      financeItems: ['会費', '手数料', '経常収入'],
      usedBy: { statistics: { 商工業者数: [expect.stringContaining('組織率')] } },
    });
    expect(view.json().years.map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual([2026, 2025, 2024, 2023, 2022, 2021]);

    const put = (year: string, body: Record<string, unknown>) =>
      app.inject({ method: 'PUT', url: `${url}/${encodeURIComponent(year)}`, headers, payload: body });
    const saved = await put('R6', { statistics: { 商工業者数: 1000 }, finances: { 会費: 20_000, 手数料: 11_000, 経常収入: 100_000 } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().years.find((y: { fiscalYear: number }) => y.fiscalYear === 2024)).toMatchObject({
      closed: false,
      statistics: { 商工業者数: 1000 },
      finances: { 会費: 20_000, 経常収入: 100_000 },
    });
    // 自己財源比率 ＝（会費＋手数料）÷経常収入 of R6, from what was just entered.
    expect(await actual('6-1', 2024)).toBeCloseTo(31, 5);

    const bad = await put('R6', { statistics: { 商工業者数: -1, 人口: 3 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { location: string }) => d.location)).toEqual(['statistics.商工業者数', 'statistics.人口']);
    expect((await put('R9', { statistics: { 商工業者数: 1 } })).statusCode).toBe(400);

    // R5 has closed: its 組織率 changes, so the change is named and must be confirmed.
    const held = await put('令和5年度', { statistics: { 商工業者数: 990 } });
    expect(held.statusCode).toBe(409);
    expect(held.json().error.details.map((d: { location: string }) => d.location)).toEqual(['6-2']);
    expect((await put('令和5年度', { statistics: { 商工業者数: 990 }, confirmed: true })).statusCode).toBe(200);
    // null removes a figure; an unchanged value writes nothing.
    const removed = await put('R6', { finances: { 手数料: null, 会費: 20_000 } });
    expect(removed.json().years.find((y: { fiscalYear: number }) => y.fiscalYear === 2024).finances.手数料).toBeNull();
    const audits = await db.kysely.selectFrom('audit_log').select('summary').where('target', '=', 'yearly_figures').orderBy('id').execute();
    expect(audits.map((a) => a.summary)).toEqual([
      '令和6年度の数値を変更: 商工業者数、会費、手数料、経常収入',
      '令和5年度の数値を変更: 商工業者数',
      '令和6年度の数値を変更: 手数料',
    ]);
  });
});
