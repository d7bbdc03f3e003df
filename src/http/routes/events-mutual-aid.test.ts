import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccount, signInTo } from '../../test/accounts.js';
import { snapshotChamberTables, type TestDb, testBackends } from '../../test/databases.js';
import { computeKpiActuals } from '../../usecases/compute-kpi-actuals.js';
import { importPlan } from '../../usecases/import-plan.js';
import { buildServer } from '../server.js';

const NIKAHO = readFileSync(new URL('../../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
// FY2024 is under way; FY2023 closed on 2024-03-31.
const clock = { today: () => '2024-06-01', now: () => '2024-06-01T09:00:00.000Z' };
// Members on 2023-04-01 and 2024-04-01: A001 and A003 (6-3's denominator is 2 in both years).
const BUSINESSES = [
  '事業者コード,事業者名,フリガナ,業種,入会日',
  'A001,㈱髙橋製作所,タカハシ セイサクショ,製造業,2010/4/1',
  'A002,さとう食堂,サトウショクドウ,飲食業,',
  'A003,ABC商店,エービーシーショウテン,小売業,2015/4/1',
].join('\n');

describe.each(await testBackends())('events and 共済 API on $name', (backend) => {
  let db: TestDb;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  let viewer: Record<string, string>;
  const ids: Record<string, number> = {};
  const actual = async (code: string, fiscalYear: number) =>
    (await computeKpiActuals({ db: db.kysely, chamberCode: 'nikaho', fiscalYear, today: clock.today() }))?.results.find(
      (r) => r.code === code,
    )?.actual;
  const count = async (table: 'events' | 'event_participants' | 'mutual_aid') =>
    Number(
      (
        await db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const importCsv = async (kind: string, csv: string) => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/chambers/nikaho/imports/${kind}`,
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'plans/nikaho-2022.yaml', now: clock.now() });
    app = await buildServer({ db, clock });
    await createAccount(db.kysely, { login: 'staff', roles: { nikaho: 'staff' } });
    await createAccount(db.kysely, { login: 'viewer', roles: { nikaho: 'viewer' } });
    ({ headers } = await signInTo(app, 'staff'));
    ({ headers: viewer } = await signInTo(app, 'viewer'));
    await importCsv('businesses', BUSINESSES);
    for (const b of await db.kysely.selectFrom('businesses').select(['id', 'code']).execute()) ids[b.code] = b.id;
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  describe('events', () => {
    const url = '/api/v1/chambers/nikaho/events';
    const event = (change: Record<string, unknown> = {}) => ({
      name: '出前商店街（象潟）',
      date: '2024-05-10',
      category: 'コミュニティビジネス',
      visitors: 120,
      participantIds: [ids.A002, ids.A001],
      ...change,
    });

    test('adds an event with participants, counts its visitors in 10-1, lists and finds it, changes and deletes it', async () => {
      const before = (await actual('10-1', 2024)) ?? 0;
      const added = await app.inject({ method: 'POST', url, headers, payload: event() });
      expect(added.statusCode).toBe(201);
      const saved = added.json();
      expect(saved).toMatchObject({ name: '出前商店街（象潟）', fiscalYear: 2024, visitors: 120 });
      expect(saved.externalId).toMatch(/^W-[0-9A-F]{10}$/);
      // In the order they were added.
      expect(saved.participants.map((p: { code: string }) => p.code)).toEqual(['A002', 'A001']);
      expect(await actual('10-1', 2024)).toBe(before + 120);

      for (const [query, found] of [
        ['fiscalYear=R6', true],
        ['fiscalYear=R5', false],
        [`category=${encodeURIComponent('コミュニティビジネス')}`, true],
        [`category=${encodeURIComponent('セミナー')}`, false],
        [`text=${encodeURIComponent('象潟')}`, true],
        [`text=${encodeURIComponent('サトウ')}`, true], // a participant's フリガナ
        ['text=A001', true],
        [`text=${encodeURIComponent(saved.externalId)}`, true],
        [`text=${encodeURIComponent('金浦')}`, false],
        ['text=%25', false],
      ] as const) {
        const listed = await app.inject({ url: `${url}?${query}`, headers });
        expect(listed.statusCode).toBe(200);
        const rows = listed.json().rows as { id: number; participantCount: number }[];
        expect([query, rows.find((r) => r.id === saved.id)?.participantCount]).toEqual([query, found ? 2 : undefined]);
      }
      const got = await app.inject({ url: `${url}/${saved.id}`, headers: viewer });
      expect(got.json()).toEqual(saved);

      // The participants are replaced by the list sent; the イベントID stays.
      const changed = await app.inject({
        method: 'PUT',
        url: `${url}/${saved.id}`,
        headers,
        payload: event({ visitors: 80, participantIds: [ids.A003, ids.A001] }),
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ visitors: 80, externalId: saved.externalId });
      expect(
        changed
          .json()
          .participants.map((p: { code: string }) => p.code)
          .sort(),
      ).toEqual(['A001', 'A003']);
      expect(await actual('10-1', 2024)).toBe(before + 80);
      // Another 区分: no longer コミュニティビジネス.
      const seminar = await app.inject({ method: 'PUT', url: `${url}/${saved.id}`, headers, payload: event({ category: 'セミナー' }) });
      expect(seminar.statusCode).toBe(200);
      expect(await actual('10-1', 2024)).toBe(before);

      const categories = await app.inject({ url: '/api/v1/chambers/nikaho/event-categories', headers: viewer });
      expect(categories.json()).toEqual({ categories: ['コミュニティビジネス', 'セミナー'], countedByKpis: ['コミュニティビジネス'] });

      expect((await app.inject({ method: 'DELETE', url: `${url}/${saved.id}`, headers })).statusCode).toBe(204);
      expect((await app.inject({ url: `${url}/${saved.id}`, headers })).statusCode).toBe(404);
      expect((await app.inject({ method: 'DELETE', url: `${url}/${saved.id}`, headers })).statusCode).toBe(404);
      expect(await count('event_participants')).toBe(0);

      const audit = await db.kysely
        .selectFrom('audit_log')
        .select(['action', 'summary'])
        .where('target', '=', 'events')
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'delete']);
      expect(audit[0]?.summary).toBe('イベントを追加: 2024-05-10 出前商店街（象潟）（コミュニティビジネス） 来場者120人 参加事業者2件');
    });

    test('refuses bad input beside the field, in Japanese, and saves nothing', async () => {
      const before = await snapshotChamberTables(db);
      const cases: [Record<string, unknown>, string, string][] = [
        [{ date: '2024-06-02' }, 'date', '今日より後'],
        [{ participantIds: [ids.A001, 999_999] }, 'participantIds', '1件が見つかりません'],
      ];
      for (const [change, field, message] of cases) {
        const res = await app.inject({ method: 'POST', url, headers, payload: event(change) });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.details).toEqual([{ location: field, message: expect.stringContaining(message) }]);
      }
      for (const [change, message] of [
        [{ participantIds: [ids.A001, ids.A002, ids.A001] }, '同じ事業者が2回入っています'],
        [{ name: '　' }, '名称を入力してください'],
        [{ visitors: -1 }, '来場者数は0以上です'],
      ] as const) {
        const res = await app.inject({ method: 'POST', url, headers, payload: event(change) });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.details[0].message).toContain(message);
      }
      expect(await snapshotChamberTables(db)).toEqual(before);
    });

    test('an event of a closed year needs a confirmation that names the KPIs; a change no KPI sees does not', async () => {
      const payload = event({ date: '2024-03-15', visitors: 50 });
      const refused = await app.inject({ method: 'POST', url, headers, payload });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('CONFIRMATION_REQUIRED');
      expect(refused.json().error.details).toEqual([{ location: '10-1', message: expect.stringMatching(/^10-1 .*（令和5年度）$/) }]);
      const before = (await actual('10-1', 2023)) ?? 0;
      const added = await app.inject({ method: 'POST', url, headers, payload: { ...payload, confirmed: true } });
      expect(added.statusCode).toBe(201);
      expect(await actual('10-1', 2023)).toBe(before + 50);
      const id = added.json().id;
      // Its name and participants are in no KPI.
      const renamed = await app.inject({
        method: 'PUT',
        url: `${url}/${id}`,
        headers,
        payload: { ...payload, name: 'にかほ軽トラ市', participantIds: [ids.A003] },
      });
      expect(renamed.statusCode).toBe(200);
      // Nor is a セミナー: added to the closed year without a question.
      const seminar = await app.inject({ method: 'POST', url, headers, payload: event({ date: '2024-03-01', category: 'セミナー' }) });
      expect(seminar.statusCode).toBe(201);
      expect((await app.inject({ method: 'DELETE', url: `${url}/${seminar.json().id}`, headers })).statusCode).toBe(204);

      expect((await app.inject({ method: 'DELETE', url: `${url}/${id}`, headers })).statusCode).toBe(409);
      expect((await app.inject({ method: 'DELETE', url: `${url}/${id}?confirmed=true`, headers })).statusCode).toBe(204);
      expect(await actual('10-1', 2023)).toBe(before);
    });

    test('an event imported from CSV and changed on the screen stays one event', async () => {
      await importCsv('events', 'イベントID,日付,名称,区分,来場者数,参加事業者コード\nE-1,2024/5/20,創業塾,創業塾,12,A001・A003\n');
      const listed = (await app.inject({ url: `${url}?text=E-1`, headers })).json();
      expect(listed.rows).toMatchObject([{ externalId: 'E-1', participantCount: 2 }]);
      const id = listed.rows[0].id;
      const changed = await app.inject({
        method: 'PUT',
        url: `${url}/${id}`,
        headers,
        payload: event({ name: '創業塾', category: '創業塾', date: '2024-05-20', visitors: 14, participantIds: [ids.A001] }),
      });
      expect(changed.json()).toMatchObject({ externalId: 'E-1', visitors: 14 });
      // The file as it is now (an export) imports onto it.
      const again = await importCsv('events', 'イベントID,日付,名称,区分,来場者数,参加事業者コード\nE-1,2024/5/20,創業塾,創業塾,14,A001\n');
      expect(again).toMatchObject({ added: 0, changed: 0, unchanged: 1 });
      expect((await app.inject({ method: 'DELETE', url: `${url}/${id}`, headers })).statusCode).toBe(204);
    });

    test('a viewer reads but cannot write; another chamber is not there', async () => {
      expect((await app.inject({ url, headers: viewer })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url, headers: viewer, payload: event() })).statusCode).toBe(403);
      expect((await app.inject({ url: '/api/v1/chambers/akita/events', headers })).statusCode).toBe(404);
    });
  });

  describe('共済', () => {
    const url = '/api/v1/chambers/nikaho/mutual-aid';
    const subscription = (change: Record<string, unknown> = {}) => ({
      businessId: ids.A001,
      type: '貯蓄共済',
      joinedOn: '2024-05-01',
      leftOn: null,
      externalId: null,
      ...change,
    });

    test('adds subscriptions, counts them in 6-3, lists them, changes and deletes them', async () => {
      // Nobody has one yet: 0 % of the 2 members.
      expect(await actual('6-3', 2024)).toBe(0);
      const savings = await app.inject({ method: 'POST', url, headers, payload: subscription({ externalId: 'ｋ－１２３' }) });
      expect(savings.statusCode).toBe(201);
      expect(savings.json()).toMatchObject({ businessCode: 'A001', businessName: '㈱髙橋製作所', type: '貯蓄共済', externalId: 'k-123' });
      expect(await actual('6-3', 2024)).toBe(50);
      const welfare = await app.inject({ method: 'POST', url, headers, payload: subscription({ businessId: ids.A003, type: '福祉共済' }) });
      expect(welfare.statusCode).toBe(201);
      expect(await actual('6-3', 2024)).toBe(100);

      for (const [query, expected] of [
        ['', ['A003', 'A001']],
        [`type=${encodeURIComponent('福祉共済')}`, ['A003']],
        ['activeOn=2024-05-01', ['A003', 'A001']],
        ['activeOn=2024-04-30', []],
        [`text=${encodeURIComponent('エービー')}`, ['A003']],
        ['text=k-12', ['A001']],
      ] as const) {
        const listed = await app.inject({ url: `${url}?${query}`, headers: viewer });
        expect(listed.statusCode).toBe(200);
        expect([query, listed.json().rows.map((r: { businessCode: string }) => r.businessCode)]).toEqual([query, expected]);
      }
      expect((await app.inject({ url: `${url}?activeOn=2024-13-01`, headers })).statusCode).toBe(400);

      // Ended on 5月20日: not held today.
      const ended = await app.inject({
        method: 'PUT',
        url: `${url}/${welfare.json().id}`,
        headers,
        payload: subscription({ businessId: ids.A003, type: '福祉共済', leftOn: '2024-05-20' }),
      });
      expect(ended.statusCode).toBe(200);
      expect(ended.json()).toMatchObject({ leftOn: '2024-05-20' });
      expect(await actual('6-3', 2024)).toBe(50);

      for (const s of [savings, welfare])
        expect((await app.inject({ method: 'DELETE', url: `${url}/${s.json().id}`, headers })).statusCode).toBe(204);
      expect(await actual('6-3', 2024)).toBe(0);
      expect((await app.inject({ method: 'PUT', url: `${url}/${welfare.json().id}`, headers, payload: subscription() })).statusCode).toBe(
        404,
      );
      const audit = await db.kysely
        .selectFrom('audit_log')
        .select(['action', 'summary'])
        .where('target', '=', 'mutual_aid')
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'create', 'update', 'delete', 'delete']);
      expect(audit[0]?.summary).toBe('共済の加入を追加: ㈱髙橋製作所 貯蓄共済 2024-05-01〜（証券番号 k-123）');
    });

    test('refuses bad input beside the field, in Japanese, and saves nothing', async () => {
      const before = await snapshotChamberTables(db);
      const cases: [Record<string, unknown>, string, string][] = [
        [{ joinedOn: '2024-06-02' }, 'joinedOn', '今日より後'],
        [{ leftOn: '2024-06-02' }, 'leftOn', '今日より後'],
        [{ businessId: 999_999 }, 'businessId', '事業者が見つかりません'],
      ];
      for (const [change, field, message] of cases) {
        const res = await app.inject({ method: 'POST', url, headers, payload: subscription(change) });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.details).toEqual([{ location: field, message: expect.stringContaining(message) }]);
      }
      for (const [change, message] of [
        [{ leftOn: '2024-05-01' }, '解約日は加入日より後'],
        [{ type: '生命共済' }, '種類は 貯蓄共済・福祉共済'],
        [{ joinedOn: '2024/5/1' }, '加入日を入力してください'],
      ] as const) {
        const res = await app.inject({ method: 'POST', url, headers, payload: subscription(change) });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.details[0].message).toContain(message);
      }
      expect(await snapshotChamberTables(db)).toEqual(before);
    });

    test('a row imported and a row entered or changed on the screen are one row, by 証券番号 or by 事業者・種類・加入日', async () => {
      const byNumber = await app.inject({ method: 'POST', url, headers, payload: subscription({ externalId: 'K-900' }) });
      expect(byNumber.statusCode).toBe(201);
      const byContent = await app.inject({
        method: 'POST',
        url,
        headers,
        payload: subscription({ businessId: ids.A003, type: '福祉共済' }),
      });
      expect(byContent.statusCode).toBe(201);
      const header = '事業者コード,種類,加入日,解約日,証券番号\n';
      expect(await importCsv('mutualAid', `${header}A001,貯蓄共済,2024/5/1,,K-900\nA003,福祉共済,R6.5.1,,\n`)).toMatchObject({
        added: 0,
        unchanged: 2,
      });
      // 加入日 changed on the screen: the file written from the new values imports onto the same row.
      const moved = await app.inject({
        method: 'PUT',
        url: `${url}/${byContent.json().id}`,
        headers,
        payload: subscription({ businessId: ids.A003, type: '福祉共済', joinedOn: '2024-05-02' }),
      });
      expect(moved.statusCode).toBe(200);
      expect(await importCsv('mutualAid', `${header}A003,福祉共済,2024/5/2,,\n`)).toMatchObject({ added: 0, unchanged: 1 });
      expect(await count('mutual_aid')).toBe(2);

      // A second row with the key of another is refused beside the field that makes it the same.
      const twice = await app.inject({
        method: 'POST',
        url,
        headers,
        payload: subscription({ businessId: ids.A003, externalId: 'K-900' }),
      });
      expect(twice.statusCode).toBe(400);
      expect(twice.json().error.details).toEqual([{ location: 'externalId', message: '証券番号「K-900」の共済はすでにあります' }]);
      const same = await app.inject({
        method: 'POST',
        url,
        headers,
        payload: subscription({ businessId: ids.A003, type: '福祉共済', joinedOn: '2024-05-02' }),
      });
      expect(same.statusCode).toBe(400);
      expect(same.json().error.details).toEqual([
        { location: 'joinedOn', message: expect.stringContaining('加入日が同じものがすでにあります') },
      ]);
      expect(await count('mutual_aid')).toBe(2);
      for (const s of [byNumber, byContent])
        expect((await app.inject({ method: 'DELETE', url: `${url}/${s.json().id}`, headers })).statusCode).toBe(204);
    });

    test('a subscription held on a closed year’s 1月末 needs a confirmation that names 6-3', async () => {
      const payload = subscription({ joinedOn: '2023-05-01' });
      const refused = await app.inject({ method: 'POST', url, headers, payload });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.details).toEqual([{ location: '6-3', message: expect.stringMatching(/^6-3 .*（令和5年度）$/) }]);
      expect(await actual('6-3', 2023)).toBe(0);
      const added = await app.inject({ method: 'POST', url, headers, payload: { ...payload, confirmed: true } });
      expect(added.statusCode).toBe(201);
      expect(await actual('6-3', 2023)).toBe(50);
      const id = added.json().id;
      // Ended in this year: the closed year keeps it, no question.
      const ended = await app.inject({ method: 'PUT', url: `${url}/${id}`, headers, payload: { ...payload, leftOn: '2024-05-31' } });
      expect(ended.statusCode).toBe(200);
      expect((await app.inject({ method: 'DELETE', url: `${url}/${id}`, headers })).statusCode).toBe(409);
      expect((await app.inject({ method: 'DELETE', url: `${url}/${id}?confirmed=true`, headers })).statusCode).toBe(204);
      expect(await actual('6-3', 2023)).toBe(0);
    });

    test('a viewer reads but cannot write; another chamber is not there', async () => {
      expect((await app.inject({ url, headers: viewer })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url, headers: viewer, payload: subscription() })).statusCode).toBe(403);
      expect((await app.inject({ url: '/api/v1/chambers/akita/mutual-aid', headers })).statusCode).toBe(404);
    });
  });
});
