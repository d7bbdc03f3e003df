import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccount, signInTo } from '../../test/accounts.js';
import { type TestDb, testBackends } from '../../test/databases.js';
import { computeKpiActuals } from '../../usecases/compute-kpi-actuals.js';
import { importPlan } from '../../usecases/import-plan.js';
import { buildServer } from '../server.js';

const NIKAHO = readFileSync(new URL('../../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
// FY2024 is under way; FY2022 and FY2023 of the plan are closed.
const clock = { today: () => '2024-06-01', now: () => '2024-06-01T09:00:00.000Z' };
const IMPORTS: [string, string][] = [
  [
    'businesses',
    [
      '事業者コード,事業者名,フリガナ,業種,地区,入会日,退会日',
      'A001,㈱髙橋製作所,タカハシ セイサクショ,製造業,象潟,2010/4/1,',
      'A002,さとう食堂,サトウショクドウ,飲食業,金浦,,',
      'A003,ABC商店,エービーシーショウテン,小売業,象潟,2015/4/1,',
      'A004,菅原酒店,スガワラサケテン,小売業,仁賀保,2012/4/1,2023/3/31',
      'A005,大竹美容室,オオタケビヨウシツ,サービス業,仁賀保,2016/4/1,',
    ].join('\n'),
  ],
  // Ten businesses on both as-of days: 組織率 is members ÷ 10 × 100.
  ['statistics', ['年度,項目,値', 'R4,商工業者数,10', 'R5,商工業者数,10', 'R6,商工業者数,10'].join('\n')],
  ['events', ['イベントID,日付,名称,区分,来場者数,参加事業者コード', 'E-1,2023/10/5,商談会,商談会,100,A001・A003'].join('\n')],
  ['mutualAid', ['事業者コード,種類,加入日,解約日,証券番号', 'A001,福祉共済,2020/6/1,,P-1'].join('\n')],
];

describe.each(await testBackends())('事業者 API on $name', (backend) => {
  let db: TestDb;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  let viewer: Record<string, string>;
  const url = '/api/v1/chambers/nikaho/businesses';
  const business = (change: Record<string, unknown> = {}) => ({
    code: 'B001',
    name: '新規商店',
    kana: null,
    industry: '小売業',
    district: '象潟',
    employees: 3,
    foundedOn: null,
    memberships: [],
    ...change,
  });
  const idOf = async (code: string) =>
    (await db.kysely.selectFrom('businesses').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const detailOf = async (code: string) => (await app.inject({ url: `${url}/${await idOf(code)}`, headers })).json();
  const actual = async (code: string, fiscalYear: number) =>
    (await computeKpiActuals({ db: db.kysely, chamberCode: 'nikaho', fiscalYear, today: clock.today() }))?.results.find(
      (r) => r.code === code,
    )?.actual;
  const codes = (res: { json(): { businesses: { code: string }[] } }) => res.json().businesses.map((b) => b.code);
  const audit = async () =>
    db.kysely.selectFrom('audit_log').select(['action', 'targetId', 'summary']).where('target', '=', 'businesses').orderBy('id').execute();

  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'plans/nikaho-2022.yaml', now: clock.now() });
    app = await buildServer({ db, clock });
    await createAccount(db.kysely, { login: 'staff', roles: { nikaho: 'staff' } });
    await createAccount(db.kysely, { login: 'viewer', roles: { nikaho: 'viewer' } });
    ({ headers } = await signInTo(app, 'staff'));
    ({ headers: viewer } = await signInTo(app, 'viewer'));
    for (const [kind, csv] of IMPORTS) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/chambers/nikaho/imports/${kind}`,
        headers: { ...headers, 'content-type': 'text/csv' },
        payload: csv,
      });
      expect([kind, res.statusCode]).toEqual([kind, 200]);
    }
    const record = await app.inject({
      method: 'POST',
      url: '/api/v1/chambers/nikaho/support-records',
      headers,
      payload: {
        date: '2024-05-10',
        businessId: await idOf('A001'),
        kind: '課題解決',
        subKind: null,
        quantity: 1,
        amount: null,
        staff: null,
        note: null,
      },
    });
    expect(record.statusCode).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  test('lists a page with the total, filtered and sorted', async () => {
    const page = await app.inject({ url: `${url}?order=code&limit=2&offset=2`, headers });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ total: 5 });
    expect(codes(page)).toEqual(['A003', 'A004']);
    // The last page, part full, and a page past the end still say how many there are.
    const last = await app.inject({ url: `${url}?order=code&limit=2&offset=4`, headers });
    expect([codes(last), last.json().total]).toEqual([['A005'], 5]);
    expect((await app.inject({ url: `${url}?order=code&limit=2&offset=10`, headers })).json()).toEqual({ total: 5, businesses: [] });
    expect(codes(await app.inject({ url: `${url}?member=member&order=code`, headers }))).toEqual(['A001', 'A003', 'A005']);
    expect(codes(await app.inject({ url: `${url}?member=nonMember&order=code`, headers }))).toEqual(['A002', 'A004']);
    expect(codes(await app.inject({ url: `${url}?industry=${encodeURIComponent('小売業')}&order=code`, headers }))).toEqual([
      'A003',
      'A004',
    ]);
    const district = await app.inject({ url: `${url}?district=${encodeURIComponent('象潟')}&member=member&order=code`, headers });
    expect(codes(district)).toEqual(['A001', 'A003']);
    expect(codes(await app.inject({ url: `${url}?order=memberSince`, headers }))).toEqual(['A005', 'A003', 'A001', 'A002', 'A004']);
    // 半角カナ finds the フリガナ; the list says who is a member, since when, and when the others left.
    const found = await app.inject({ url: `${url}?q=${encodeURIComponent('ｽｶﾞﾜﾗ')}`, headers });
    expect(found.json()).toEqual({
      total: 1,
      businesses: [
        expect.objectContaining({
          code: 'A004',
          name: '菅原酒店',
          member: false,
          memberSince: null,
          leftOn: '2023-03-31',
          district: '仁賀保',
        }),
      ],
    });
    expect((await app.inject({ url: `${url}?q=a001`, headers })).json().businesses[0]).toMatchObject({
      code: 'A001',
      member: true,
      memberSince: '2010-04-01',
      leftOn: null,
    });
    expect((await app.inject({ url: `${url}?member=maybe`, headers })).statusCode).toBe(400);
  });

  test('the 業種 and 地区 in use, most used first', async () => {
    const res = await app.inject({ url: `${url}/facets`, headers });
    expect(res.statusCode).toBe(200);
    // Ties in the order of the database's collation.
    expect(res.json().districts.slice(0, 2)).toEqual(
      expect.arrayContaining([
        { value: '仁賀保', count: 2 },
        { value: '象潟', count: 2 },
      ]),
    );
    expect(res.json().districts[2]).toEqual({ value: '金浦', count: 1 });
    expect(res.json().industries[0]).toEqual({ value: '小売業', count: 2 });
  });

  test('one business with its periods and what refers to it', async () => {
    expect(await detailOf('A001')).toMatchObject({
      code: 'A001',
      name: '㈱髙橋製作所',
      kana: 'タカハシ セイサクショ',
      memberships: [{ joinedOn: '2010-04-01', leftOn: null }],
      member: true,
      references: { supportRecords: 1, events: 1, mutualAid: 1 },
    });
    expect((await app.inject({ url: `${url}/999999`, headers })).statusCode).toBe(404);
  });

  test('adds a business normalised like the importer, and records it', async () => {
    const res = await app.inject({
      method: 'POST',
      url,
      headers,
      payload: business({
        code: 'Ｂ－００１',
        name: ' 新規　商店 ',
        kana: 'しんき ｼｮｳﾃﾝ',
        memberships: [{ joinedOn: '2024-05-01', leftOn: null }],
      }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      code: 'B-001',
      name: '新規 商店',
      kana: 'シンキ ショウテン',
      member: true,
      memberships: [{ joinedOn: '2024-05-01', leftOn: null }],
      references: { supportRecords: 0, events: 0, mutualAid: 0 },
    });
    expect((await audit()).at(-1)).toMatchObject({
      action: 'create',
      targetId: String(res.json().id),
      summary: '事業者を追加: B-001 新規 商店（会員期間 令和6年5月1日〜）',
    });
  });

  test('a 事業者コード in use is refused beside the code field', async () => {
    const count = async () => (await db.kysely.selectFrom('businesses').select('id').execute()).length;
    const n = await count();
    const res = await app.inject({ method: 'POST', url, headers, payload: business({ code: 'Ａ００１', name: '別の商店' }) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ location: 'code', message: '事業者コード「A001」はすでに使われています（㈱髙橋製作所）' }]);
    // Its own code is not "in use" when it is changed.
    const own = await app.inject({
      method: 'PUT',
      url: `${url}/${await idOf('A003')}`,
      headers,
      payload: business({ code: 'A003', name: 'ABC商店', memberships: [{ joinedOn: '2015-04-01', leftOn: null }] }),
    });
    expect(own.statusCode).toBe(200);
    const taken = await app.inject({ method: 'PUT', url: `${url}/${await idOf('A003')}`, headers, payload: business({ code: 'A002' }) });
    expect(taken.json().error.details[0]).toMatchObject({ location: 'code' });
    expect(await count()).toBe(n);
  });

  test('periods that overlap, end before they begin or lie ahead are refused beside the period', async () => {
    const cases: [unknown[], string, string][] = [
      [
        [
          { joinedOn: '2010-04-01', leftOn: '2021-03-31' },
          { joinedOn: '2020-04-01', leftOn: null },
        ],
        'memberships.1.joinedOn',
        'ほかの会員期間（平成22年4月1日〜令和3年3月31日（退会））と重なっています',
      ],
      [[{ joinedOn: '2020-04-01', leftOn: '2020-04-01' }], 'memberships.0.leftOn', '退会日は入会日より後の日付にしてください'],
      [[{ joinedOn: '2024-06-02', leftOn: null }], 'memberships.0.joinedOn', '入会日に今日より後の日付は入力できません'],
    ];
    for (const [memberships, location, message] of cases) {
      const res = await app.inject({ method: 'POST', url, headers, payload: business({ code: 'B002', memberships }) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toBe('入力に誤りがあります（会員期間）');
      expect(res.json().error.details).toEqual([{ location, message: expect.stringContaining(message) }]);
    }
    const malformed = await app.inject({ method: 'POST', url, headers, payload: business({ code: 'B002', kana: '新規' }) });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].message).toContain('フリガナに使えない文字');
    expect((await app.inject({ url: `${url}?q=B002`, headers })).json().total).toBe(0);
  });

  test('membership changes move 組織率: at once in the year under way, with a confirmation in a closed year', async () => {
    // Members on 2024-04-01: A001, A003, A005; on 2023-04-01 also none else (A004 left on 3月31日).
    expect(await actual('6-2', 2024)).toBe(30);
    expect(await actual('6-2', 2023)).toBe(30);
    const a002 = `${url}/${await idOf('A002')}`;
    const base = business({ code: 'A002', name: 'さとう食堂', kana: 'サトウショクドウ', industry: '飲食業', district: '金浦' });

    // Joined on this year's as-of day: this year's 組織率 changes, no closed year does.
    const joined = await app.inject({
      method: 'PUT',
      url: a002,
      headers,
      payload: { ...base, memberships: [{ joinedOn: '2024-04-01', leftOn: null }] },
    });
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ member: true, memberships: [{ joinedOn: '2024-04-01', leftOn: null }] });
    expect(await actual('6-2', 2024)).toBe(40);

    // An earlier period, from 2021: R4 and R5 change; the KPIs that count members are named.
    const history = {
      ...base,
      memberships: [
        { joinedOn: '2024-04-01', leftOn: null },
        { joinedOn: '2021-04-01', leftOn: '2023-06-30' },
      ],
    };
    const refused = await app.inject({ method: 'PUT', url: a002, headers, payload: history });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'CONFIRMATION_REQUIRED', message: expect.stringContaining('この事業者を変更する') });
    expect(refused.json().error.details).toEqual([
      { location: '6-2', message: '6-2 組織率（令和4年度・令和5年度）' },
      { location: '6-3', message: expect.stringMatching(/^6-3 .*（令和4年度・令和5年度）$/) },
    ]);
    expect(await actual('6-2', 2023)).toBe(30);
    const confirmed = await app.inject({ method: 'PUT', url: a002, headers, payload: { ...history, confirmed: true } });
    expect(confirmed.statusCode).toBe(200);
    // Stored in order of 入会日, whatever the order sent.
    expect(confirmed.json().memberships).toEqual([
      { joinedOn: '2021-04-01', leftOn: '2023-06-30' },
      { joinedOn: '2024-04-01', leftOn: null },
    ]);
    expect(await actual('6-2', 2023)).toBe(40);
    expect(await actual('6-2', 2022)).toBe(50); // A001, A002, A003, A004, A005

    // A 退会日 moved within the same year between as-of days changes no KPI: no confirmation.
    const moved = {
      ...base,
      memberships: [
        { joinedOn: '2021-04-01', leftOn: '2023-09-30' },
        { joinedOn: '2024-04-01', leftOn: null },
      ],
    };
    expect((await app.inject({ method: 'PUT', url: a002, headers, payload: moved })).statusCode).toBe(200);
    const a002Id = String(await idOf('A002'));
    const entries = (await audit()).filter((e) => e.targetId === a002Id);
    expect(entries.map((e) => e.action)).toEqual(['update', 'update', 'update']);
  });

  test('a new 業種 that changes which closed-year records a KPI counts needs a confirmation', async () => {
    const a003 = await idOf('A003');
    // A 消費喚起事業参画 of 小売業 A003 in R5: 参画事業者率 counts 商業・サービス業 only.
    const added = await app.inject({
      method: 'POST',
      url: '/api/v1/chambers/nikaho/support-records',
      headers,
      payload: {
        date: '2023-07-01',
        businessId: a003,
        kind: '消費喚起事業参画',
        subKind: null,
        quantity: 1,
        amount: null,
        staff: null,
        note: null,
        confirmed: true,
      },
    });
    expect(added.statusCode).toBe(201);
    const payload = business({
      code: 'A003',
      name: 'ABC商店',
      industry: '製造業',
      memberships: [{ joinedOn: '2015-04-01', leftOn: null }],
    });
    const refused = await app.inject({ method: 'PUT', url: `${url}/${a003}`, headers, payload });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details).toEqual([
      { location: '10-2', message: expect.stringMatching(/^10-2 参画事業者率（令和5年度）$/) },
    ]);
    // Between two 業種 of 商業・サービス業, nothing a KPI counts changes.
    const same = await app.inject({ method: 'PUT', url: `${url}/${a003}`, headers, payload: { ...payload, industry: 'サービス業' } });
    expect(same.statusCode).toBe(200);
  });

  test('a business that records refer to cannot be deleted; the others can, with a confirmation when 組織率 changes', async () => {
    const a001 = await idOf('A001');
    const refused = await app.inject({ method: 'DELETE', url: `${url}/${a001}?confirmed=true`, headers });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toEqual({
      code: 'CONFLICT',
      message:
        '「㈱髙橋製作所」は 支援記録 1件、イベントの参加 1件、共済の加入 1件 から参照されているため削除できません。先にそれらの記録を削除するか、別の事業者に付け替えてください',
      details: [
        { location: 'supportRecords', message: '支援記録 1件' },
        { location: 'events', message: 'イベントの参加 1件' },
        { location: 'mutualAid', message: '共済の加入 1件' },
      ],
    });
    expect(await detailOf('A001')).toMatchObject({ code: 'A001', memberships: [{ joinedOn: '2010-04-01' }] });

    // A member in R4 (A004, left 2023-03-31): deleting it changes R4's 組織率.
    const a004 = await idOf('A004');
    const before = await actual('6-2', 2022);
    const asked = await app.inject({ method: 'DELETE', url: `${url}/${a004}`, headers });
    expect(asked.statusCode).toBe(409);
    expect(asked.json().error.details.map((d: { location: string }) => d.location)).toEqual(['6-2', '6-3']);
    expect((await app.inject({ method: 'DELETE', url: `${url}/${a004}?confirmed=true`, headers })).statusCode).toBe(204);
    expect(await actual('6-2', 2022)).toBe((before ?? 0) - 10);
    expect((await app.inject({ url: `${url}/${a004}`, headers })).statusCode).toBe(404);
    const memberships = await db.kysely.selectFrom('memberships').select('id').where('businessId', '=', a004).execute();
    expect(memberships).toEqual([]);
    const deleted = (await audit()).at(-1);
    expect(deleted).toMatchObject({ action: 'delete', targetId: String(a004), summary: '事業者を削除: A004 菅原酒店' });

    // A business never a member: deleted at once.
    const b = await app.inject({ method: 'POST', url, headers, payload: business({ code: 'B009' }) });
    expect((await app.inject({ method: 'DELETE', url: `${url}/${b.json().id}`, headers })).statusCode).toBe(204);
  });

  test('a viewer reads but cannot write; another chamber is not there', async () => {
    expect((await app.inject({ url, headers: viewer })).statusCode).toBe(200);
    expect((await app.inject({ url: `${url}/${await idOf('A001')}`, headers: viewer })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url, headers: viewer, payload: business({ code: 'V1' }) })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `${url}/${await idOf('A002')}`, headers: viewer })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/v1/chambers/akita/businesses', headers })).statusCode).toBe(404);
  });
});
