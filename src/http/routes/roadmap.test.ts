import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccount, signInTo } from '../../test/accounts.js';
import { type TestDb, testBackends } from '../../test/databases.js';
import { importPlan } from '../../usecases/import-plan.js';
import { buildServer } from '../server.js';

const NIKAHO = readFileSync(new URL('../../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
const SAMPLE = readFileSync(new URL('../../test/fixtures/sample-plan.yaml', import.meta.url), 'utf8');
// FY2024 (R6) in its 下期; R4 and R5 are closed, R7 and R8 not begun.
const clock = { today: () => '2024-10-15', now: () => '2024-10-15T09:00:00.000Z' };
/** 施策1 (1) row 0: 事業計画策定セミナーの開催 R4–R5, then 第二期経営発達支援計画に基づく… R6–R8. */
const SEMINAR = '事業計画策定セミナーの開催';
const SECOND = '第二期経営発達支援計画に基づく事業計画策定セミナーの開催';

interface Entry {
  fiscalYear: number;
  status: string | null;
  state: string;
  late: boolean;
  lateReason: string | null;
  note: string | null;
  evidenceCount: number;
  evidence: { supportRecords: { id: number }[]; events: { id: number }[] } | null;
}
interface Item {
  id: number;
  firstYear: number;
  lastYear: number;
  text: string;
  entries: Entry[];
}
interface Roadmap {
  measures: { number: number; initiatives: { number: number; rows: { rowIndex: number; items: Item[] }[] }[] }[];
  counts: Record<string, number>;
  late: number;
}

const itemsOf = (body: Roadmap) => body.measures.flatMap((m) => m.initiatives.flatMap((i) => i.rows.flatMap((r) => r.items)));

describe.each(await testBackends())('工程表の進み具合 API on $name', (backend) => {
  let db: TestDb;
  let app: FastifyInstance;
  let staff: Record<string, string>;
  let viewer: Record<string, string>;
  let kenren: Record<string, string>;
  let recordId = 0;
  let eventId = 0;
  const api = '/api/v1/chambers/nikaho';
  const roadmap = async (who = staff, query = '') => {
    const res = await app.inject({ url: `${api}/roadmap${query}`, headers: who });
    expect(res.statusCode).toBe(200);
    return res.json() as Roadmap;
  };
  const itemByText = async (text: string) => {
    const item = itemsOf(await roadmap()).find((i) => i.text === text);
    if (!item) throw new Error(`no item ${text}`);
    return item;
  };
  const put = (itemId: number, year: string, payload: Record<string, unknown>, who = staff) =>
    app.inject({ method: 'PUT', url: `${api}/roadmap/${itemId}/${encodeURIComponent(year)}`, headers: who, payload });

  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'plans/nikaho-2022.yaml', now: clock.now() });
    await importPlan({ db: db.kysely, source: SAMPLE, fileName: 'sample.yaml', now: clock.now() });
    await db.kysely.insertInto('federations').values({ code: 'akita', name: '秋田県商工会連合会' }).execute();
    await db.kysely.updateTable('chambers').set({ federationId: 1 }).where('code', '=', 'nikaho').execute();
    app = await buildServer({ db, clock });
    await createAccount(db.kysely, { login: 'staff', roles: { nikaho: 'staff' } });
    await createAccount(db.kysely, { login: 'viewer', roles: { nikaho: 'viewer' } });
    await createAccount(db.kysely, { login: 'kenren', federation: 'akita' });
    ({ headers: staff } = await signInTo(app, 'staff'));
    ({ headers: viewer } = await signInTo(app, 'viewer'));
    ({ headers: kenren } = await signInTo(app, 'kenren'));
    const record = await app.inject({
      method: 'POST',
      url: `${api}/support-records`,
      headers: staff,
      payload: {
        date: '2024-07-10',
        businessId: null,
        kind: '課題解決',
        subKind: null,
        quantity: 1,
        amount: null,
        staff: null,
        note: null,
      },
    });
    expect(record.statusCode).toBe(201);
    recordId = record.json().id;
    const event = await app.inject({
      method: 'POST',
      url: `${api}/events`,
      headers: staff,
      payload: { name: '事業計画策定セミナー', date: '2024-08-20', category: 'セミナー', visitors: 24, participantIds: [] },
    });
    expect(event.statusCode).toBe(201);
    eventId = event.json().id;
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  test('every measure’s 工程表, one entry per year of each item; nothing recorded reads 予定, or 未報告 once the year is over', async () => {
    const body = await roadmap();
    expect(body.measures.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const seminar = await itemByText(SEMINAR);
    expect(seminar).toMatchObject({ firstYear: 2022, lastYear: 2023 });
    expect(seminar.entries.map((e) => [e.fiscalYear, e.state, e.lateReason])).toEqual([
      [2022, 'unreported', 'unreported'],
      [2023, 'unreported', 'unreported'],
    ]);
    const second = await itemByText(SECOND);
    expect(second.entries.map((e) => [e.fiscalYear, e.status, e.state, e.lateReason])).toEqual([
      [2024, null, 'planned', 'notStarted'], // 下期 and not started
      [2025, null, 'planned', null],
      [2026, null, 'planned', null],
    ]);
    // Every entry is counted once, by what it shows; the late ones are R4, R5 and R6's.
    const entries = itemsOf(body).flatMap((i) => i.entries);
    expect(Object.values(body.counts).reduce((a, b) => a + b, 0)).toBe(entries.length);
    expect(body.late).toBe(entries.filter((e) => e.fiscalYear <= 2024).length);

    const r6 = await roadmap(staff, '?fiscalYear=R6');
    expect(new Set(itemsOf(r6).flatMap((i) => i.entries.map((e) => e.fiscalYear)))).toEqual(new Set([2024]));
    expect((await app.inject({ url: `${api}/roadmap?fiscalYear=R99x`, headers: staff })).statusCode).toBe(400);
  });

  test('an entry set to 実施済 with a note and evidence, then changed; each change audited with before and after', async () => {
    const second = await itemByText(SECOND);
    const done = await put(second.id, 'R6', { status: 'done', note: '7月と8月に開催', supportRecordIds: [recordId], eventIds: [eventId] });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      itemId: second.id,
      fiscalYear: 2024,
      status: 'done',
      state: 'done',
      late: false,
      note: '7月と8月に開催',
      updatedBy: 'staff',
      evidenceCount: 2,
      evidence: {
        supportRecords: [{ id: recordId, date: '2024-07-10', kind: '課題解決', businessName: null }],
        events: [{ id: eventId, name: '事業計画策定セミナー', date: '2024-08-20' }],
      },
    });
    const shown = (await itemByText(SECOND)).entries[0];
    expect(shown).toMatchObject({ status: 'done', note: '7月と8月に開催', evidenceCount: 2 });

    const changed = await put(second.id, '2024', { status: 'inProgress', note: '', eventIds: [eventId] });
    expect(changed.json()).toMatchObject({ status: 'inProgress', note: null, evidenceCount: 1, evidence: { supportRecords: [] } });

    const audit = await db.kysely.selectFrom('audit_log').selectAll().where('target', '=', 'roadmap_statuses').orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.targetId, a.userLogin])).toEqual([
      ['create', `${second.id}/2024`, 'staff'],
      ['update', `${second.id}/2024`, 'staff'],
    ]);
    expect(audit[0]?.summary).toBe(`工程表の進み具合を記録: 施策1（1）${SECOND} R6年度 予定→実施済`);
    expect(audit[0]?.beforeJson).toBeNull();
    expect(JSON.parse(audit[1]?.beforeJson ?? '{}')).toEqual({
      status: 'done',
      note: '7月と8月に開催',
      supportRecordIds: [recordId],
      eventIds: [eventId],
    });
    expect(JSON.parse(audit[1]?.afterJson ?? '{}')).toMatchObject({
      status: 'inProgress',
      note: null,
      supportRecordIds: [],
      eventIds: [eventId],
    });
  });

  test('refuses, beside the field and in Japanese, what is not an entry or lacks its reason; nothing is written', async () => {
    const second = await itemByText(SECOND);
    const seminar = await itemByText(SEMINAR);
    const before = await db.kysely.selectFrom('roadmap_statuses').selectAll().orderBy('id').execute();
    const postponed = await put(second.id, 'R7', { status: 'postponed', note: '  ' });
    expect(postponed.statusCode).toBe(400);
    expect(postponed.json().error.details).toEqual([{ location: 'note', message: '延期の理由といつまで延ばすかを備考に書いてください' }]);
    const missing = await put(second.id, 'R7', { status: 'done', supportRecordIds: [999_999] });
    expect(missing.json().error.details).toEqual([
      { location: 'evidence', message: '根拠の支援記録（ID 999999）が見つかりません。選び直してください' },
    ]);
    const outside = await put(seminar.id, 'R6', { status: 'done' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.message).toBe(`「${SEMINAR}」は令和6年度の工程にありません（令和4年度〜令和5年度）`);
    expect((await put(second.id, 'そのうち', { status: 'done' })).statusCode).toBe(400);
    const unknown = await put(second.id, 'R7', { status: 'finished' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].message).toBe('状況を選んでください');
    expect(await db.kysely.selectFrom('roadmap_statuses').selectAll().orderBy('id').execute()).toEqual(before);
  });

  test('re-importing the plan keeps the statuses, even when a revised plan re-draws the bar around them', async () => {
    const second = await itemByText(SECOND);
    expect((await put(second.id, 'R6', { status: 'done', note: '開催済み' })).statusCode).toBe(200);
    expect((await put(second.id, 'R7', { status: 'postponed', note: '講師の都合で令和8年度へ' })).statusCode).toBe(200);

    const same = await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'plans/nikaho-2022.yaml', now: clock.now() });
    expect(same.changed).toBe(false);
    expect((await itemByText(SECOND)).entries.map((e) => e.status)).toEqual(['done', 'postponed', null]);

    // The plan is revised: the first seminar runs through R6, and R7 starts a new entry. The R6 and
    // R7 cells keep what was recorded, now under the bars that hold them.
    const revised = NIKAHO.replace(`[${SEMINAR}, →, ${SECOND}, →, →]`, `[${SEMINAR}, →, →, 第二期計画に基づくセミナーの開催, →]`);
    expect(revised).not.toBe(NIKAHO);
    await importPlan({ db: db.kysely, source: revised, fileName: 'plans/nikaho-2022.yaml', now: clock.now() });
    const seminar = await itemByText(SEMINAR);
    expect(seminar.entries.map((e) => [e.fiscalYear, e.status, e.note])).toEqual([
      [2022, null, null],
      [2023, null, null],
      [2024, 'done', '開催済み'],
    ]);
    expect((await itemByText('第二期計画に基づくセミナーの開催')).entries.map((e) => e.status)).toEqual(['postponed', null]);

    // And back: the original file shows them where they were.
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'plans/nikaho-2022.yaml', now: clock.now() });
    expect((await itemByText(SECOND)).entries.map((e) => e.status)).toEqual(['done', 'postponed', null]);
  });

  test('a deleted support record leaves the status and loses only its link', async () => {
    const second = await itemByText(SECOND);
    const made = await app.inject({
      method: 'POST',
      url: `${api}/support-records`,
      headers: staff,
      payload: {
        date: '2024-09-01',
        businessId: null,
        kind: '課題解決',
        subKind: null,
        quantity: 1,
        amount: null,
        staff: null,
        note: null,
      },
    });
    const id = made.json().id as number;
    expect((await put(second.id, 'R6', { status: 'done', note: '開催済み', supportRecordIds: [id, recordId] })).json().evidenceCount).toBe(
      2,
    );
    expect((await app.inject({ method: 'DELETE', url: `${api}/support-records/${id}`, headers: staff })).statusCode).toBe(204);
    const entry = (await itemByText(SECOND)).entries[0];
    expect(entry).toMatchObject({ status: 'done', note: '開催済み', evidenceCount: 1, evidence: { supportRecords: [{ id: recordId }] } });
  });

  test('the late list of a year: R6’s 延期 and the not started; a year not begun has none', async () => {
    const second = await itemByText(SECOND);
    expect((await put(second.id, 'R6', { status: 'postponed', note: '会場の都合で令和7年度に' })).statusCode).toBe(200);
    const late = await app.inject({ url: `${api}/roadmap/late`, headers: kenren });
    expect(late.statusCode).toBe(200);
    const body = late.json();
    expect(body).toMatchObject({ fiscalYear: 2024, today: '2024-10-15' });
    expect(body.entries.find((e: { itemId: number }) => e.itemId === second.id)).toEqual({
      itemId: second.id,
      fiscalYear: 2024,
      measure: 1,
      measureTitle: expect.any(String),
      initiative: 1,
      initiativeTitle: expect.any(String),
      text: SECOND,
      state: 'postponed',
      lateReason: 'postponed',
      note: '会場の都合で令和7年度に',
    });
    // Everything else of R6 is still 予定 in 下期.
    expect(body.entries.filter((e: { lateReason: string }) => e.lateReason !== 'notStarted')).toHaveLength(1);
    expect(body.planned).toBe(body.entries.length);
    expect((await app.inject({ url: `${api}/roadmap/late?fiscalYear=R7`, headers: staff })).json().entries).toEqual([]);
  });

  test('roles: a viewer reads and cannot write; 県連 reads the progress without the records behind it', async () => {
    const second = await itemByText(SECOND);
    expect((await put(second.id, 'R6', { status: 'done', eventIds: [eventId] })).statusCode).toBe(200);
    expect((await put(second.id, 'R6', { status: 'planned' }, viewer)).statusCode).toBe(403);
    expect(itemsOf(await roadmap(viewer)).find((i) => i.id === second.id)?.entries[0]?.evidence?.events).toHaveLength(1);
    const seen = itemsOf(await roadmap(kenren)).find((i) => i.id === second.id)?.entries[0];
    expect(seen).toMatchObject({ status: 'done', evidenceCount: 1, evidence: null });
    expect((await put(second.id, 'R6', { status: 'planned' }, kenren)).statusCode).toBe(403);
  });

  test('another chamber’s item is not found under one’s own chamber, nor one’s own under another', async () => {
    const sample = await db.kysely
      .selectFrom('roadmap_items')
      .innerJoin('chambers', 'chambers.id', 'roadmap_items.chamberId')
      .select(['roadmap_items.id', 'roadmap_items.firstYear'])
      .where('chambers.code', '=', 'sample-cci')
      .executeTakeFirstOrThrow();
    const before = await db.kysely.selectFrom('roadmap_statuses').selectAll().orderBy('id').execute();
    const foreign = await put(sample.id, String(sample.firstYear), { status: 'done' });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.message).toBe('工程表の項目が見つかりません');
    const second = await itemByText(SECOND);
    const elsewhere = await app.inject({
      method: 'PUT',
      url: `/api/v1/chambers/sample-cci/roadmap/${second.id}/R6`,
      headers: staff,
      payload: { status: 'done' },
    });
    expect(elsewhere.statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/chambers/sample-cci/roadmap', headers: staff })).statusCode).toBe(404);
    expect(await db.kysely.selectFrom('roadmap_statuses').selectAll().orderBy('id').execute()).toEqual(before);
  });
});
