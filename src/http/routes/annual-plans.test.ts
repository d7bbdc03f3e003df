/**
 * The 事業計画 (annual plan) through the real API, on both databases: R6's draft made from R5's
 * 工程表 statuses (a 延期 whose bar ended, a 未実施 whose bar goes on) and R5's submitted 評価シート
 * (改善策, a KPI's corrective action), all entered through the existing APIs; 下書きを作る, 409 on a
 * second time, edits (reorder, change, delete, add) with problems by field, 再作成 recorded with
 * what it replaced, 確定 and its undoing by an administrator, the .xlsx read back with exceljs.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AnnualPlanItem } from '../../domain/plan/annual-plan.js';
import { createAccount, signInTo } from '../../test/accounts.js';
import { type TestDb, testBackends } from '../../test/databases.js';
import { importPlan } from '../../usecases/import-plan.js';
import { buildServer } from '../server.js';

const NIKAHO = readFileSync(new URL('../../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
/** R5 and R6 have ended; R7 is under way. */
const clock = { today: () => '2025-06-02', now: () => '2025-06-02T01:00:00.000Z' };
const CHAMBER = '/api/v1/chambers/nikaho';
const PLAN = `${CHAMBER}/annual-plans/R6`;

interface Measure {
  number: number;
  items: AnnualPlanItem[];
  kpis: { code: string; target: number | null }[];
}

describe.each(await testBackends())('the 事業計画 on $name', (backend) => {
  let db: TestDb;
  let app: FastifyInstance;
  const h: Record<string, Record<string, string>> = {};
  const call = (who: string, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: h[who], ...(payload === undefined ? {} : { payload: payload as object }) });
  const measure5 = (body: { measures: Measure[] }) => body.measures.find((m) => m.number === 5) as Measure;

  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'nikaho.yaml', now: clock.now() });
    app = await buildServer({ db, clock });
    await createAccount(db.kysely, { login: 'n-admin', roles: { nikaho: 'admin' } });
    await createAccount(db.kysely, { login: 'n-staff', roles: { nikaho: 'staff' } });
    await createAccount(db.kysely, { login: 'n-viewer', roles: { nikaho: 'viewer' } });
    for (const login of ['n-admin', 'n-staff', 'n-viewer']) h[login] = (await signInTo(app, login)).headers;

    // R5's 工程表 of 施策5: 取組2 row 0 (職員カンファレンスの導入に向けた検討, R4–R5) 延期;
    // 取組1 row 1 (外部機関主催する研修の受講, R4–R8) 未実施.
    const roadmap = (await call('n-staff', 'GET', `${CHAMBER}/roadmap?fiscalYear=R5`)).json();
    const m5 = roadmap.measures.find((m: { number: number }) => m.number === 5);
    const itemAt = (initiative: number, row: number) =>
      m5.initiatives.find((i: { number: number }) => i.number === initiative).rows.find((r: { rowIndex: number }) => r.rowIndex === row)
        .items[0];
    const ended = itemAt(2, 0);
    const goesOn = itemAt(1, 1);
    expect([ended.text, ended.lastYear, goesOn.text, goesOn.lastYear]).toEqual([
      '職員カンファレンスの導入に向けた検討',
      2023,
      '外部機関主催する研修の受講',
      2026,
    ]);
    for (const [item, status, note] of [
      [ended, 'postponed', '講師の都合により翌年度に延期'],
      [goesOn, 'notDone', '募集がなく見送り'],
    ] as const) {
      const put = await call('n-staff', 'PUT', `${CHAMBER}/roadmap/${item.id}/R5`, { status, note, supportRecordIds: [], eventIds: [] });
      expect(put.statusCode).toBe(200);
    }

    // R5's 評価シート of 施策5, submitted with its 改善策 and every missed KPI's action.
    const sheetUrl = `${CHAMBER}/evaluations/R5/measures/5`;
    const sheet = (await call('n-staff', 'GET', sheetUrl)).json();
    const missed: string[] = sheet.kpis.filter((k: { misses: boolean }) => k.misses).map((k: { code: string }) => k.code);
    expect(missed).toContain('5-1');
    const kpiActions = Object.fromEntries(
      missed.map((code) => [code, { cause: '記録漏れ', action: `${code}の記録を徹底する`, who: '経営指導員', byWhen: 'R6年9月末' }]),
    );
    const submitted = await call('n-staff', 'POST', `${sheetUrl}/submit`, {
      sheet: {
        achievements: '成果',
        issues: '課題',
        improvements: '・専門家派遣と組み合わせる\n・職員カンファレンスを定例化する',
        necessity: 'high',
        effectiveness: 'medium',
        efficiency: 'medium',
        overall: 'C',
        kpiActions,
      },
    });
    expect(submitted.statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  test('before it is made: the draft from the 工程表, R5’s 繰越 and R5’s 改善策, with a flag', async () => {
    const res = await call('n-viewer', 'GET', PLAN);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ fiscalYear: 2024, previousYear: 2023, beyondPlan: false, stored: false, state: 'none' });
    expect(body.preface).toContain('令和6年度');
    const m = measure5(body);
    expect(m.items.map((i) => [i.source, i.initiative, i.text, i.carriedOver])).toEqual([
      ['roadmap', 1, '職種別による支援手法研究', false],
      ['roadmap', 1, '外部機関主催する研修の受講', true],
      ['roadmap', 2, '職員カンファレンスの導入', false],
      ['roadmap', 2, '情報収集機関との連携・構築', false],
      ['carriedOver', 2, '職員カンファレンスの導入に向けた検討', false],
      ['improvement', null, '専門家派遣と組み合わせる', false],
      ['improvement', null, '職員カンファレンスを定例化する', false],
      ...m.items.filter((i) => i.source === 'kpiAction').map((i) => ['kpiAction', null, i.text, false]),
    ]);
    expect(m.items[1]?.sourceNote).toBe('工程表 R4年度から継続・前年度から繰越（R5年度 未実施: 募集がなく見送り）');
    expect(m.items[4]?.sourceNote).toBe('R5年度 延期: 講師の都合により翌年度に延期');
    expect(m.items.find((i) => i.source === 'kpiAction')).toMatchObject({
      text: '5-1の記録を徹底する',
      owner: '経営指導員',
      timing: 'R6年9月末',
      sourceNote: 'R5年度 評価シート KPI「課題解決実行件数」の改善策: 原因 記録漏れ',
    });
    expect(m.kpis.find((k) => k.code === '5-1')?.target).toBe(1620);
    // A measure without an R5 sheet has 工程表 items only.
    const m1 = body.measures.find((x: Measure) => x.number === 1) as Measure;
    expect(new Set(m1.items.map((i) => i.source))).toEqual(new Set(['roadmap']));
  });

  test('made once, 409 the second time; edits saved in order, problems by field; 再作成 replaces and is recorded', async () => {
    expect((await call('n-viewer', 'POST', `${PLAN}/draft`, {})).statusCode).toBe(403);
    expect((await call('n-staff', 'PUT', PLAN, { preface: '', measures: [] })).statusCode).toBe(409);
    const made = await call('n-staff', 'POST', `${PLAN}/draft`, {});
    expect(made.statusCode).toBe(200);
    expect(made.json()).toMatchObject({ stored: true, state: 'draft', draftedBy: 'n-staff', draftedAt: clock.now() });
    const again = await call('n-staff', 'POST', `${PLAN}/draft`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('再作成');

    // Edit 施策5: the 繰越 item first with 担当 and 時期, the first 工程表 item reworded, the last deleted, one added.
    const view = made.json();
    const items = measure5(view).items;
    const carried = items.find((i) => i.source === 'carriedOver') as AnnualPlanItem;
    const rest = items.filter((i) => i !== carried).slice(0, -1);
    const edited: AnnualPlanItem[] = [
      { ...carried, owner: '事務局長', timing: '上期' },
      { ...(rest[0] as AnnualPlanItem), text: '職種別による支援手法研究（年4回）' },
      ...rest.slice(1),
      { initiative: 1, text: '新しい研修の企画', source: 'added', sourceNote: '', carriedOver: false, owner: '', timing: '下期' },
    ];
    const measures = view.measures.map((m: Measure) => ({ number: m.number, items: m.number === 5 ? edited : m.items }));
    const bad = await call('n-staff', 'PUT', PLAN, {
      preface: '前文',
      measures: measures.map((m: Measure) => (m.number === 5 ? { ...m, items: [{ ...edited[0], text: ' ' }, ...edited.slice(1)] } : m)),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([
      { location: 'measures.5.items.0.text', message: '内容を入力してください（要らない項目は削除してください）' },
    ]);
    const saved = await call('n-staff', 'PUT', PLAN, { preface: 'R6年度は支援体制を強化します。', measures });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().preface).toBe('R6年度は支援体制を強化します。');
    expect(measure5(saved.json()).items).toEqual(edited);
    expect(measure5((await call('n-viewer', 'GET', PLAN)).json()).items).toEqual(edited);

    // 再作成: the draft again, the edits gone from the plan but kept in the audit trail.
    const replaced = await call('n-staff', 'POST', `${PLAN}/draft`, { replace: true });
    expect(replaced.statusCode).toBe(200);
    expect(measure5(replaced.json()).items).toEqual(items);
    const audit = await db.kysely
      .selectFrom('audit_log')
      .select(['action', 'userLogin', 'summary', 'beforeJson'])
      .where('target', '=', 'annual_plan')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => `${a.action} ${a.userLogin}`)).toEqual(['create n-staff', 'update n-staff', 'replace n-staff']);
    expect(audit[2]?.summary).toContain('再作成');
    expect(audit[2]?.beforeJson).toContain('新しい研修の企画');
  });

  test('the .xlsx: A4 portrait, Japanese headers, the year as R6年度, a section per measure', async () => {
    const res = await call('n-viewer', 'GET', `${PLAN}.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%E4%BA%8B%E6%A5%AD%E8%A8%88%E7%94%BB");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.name).toBe('事業計画 R6年度');
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToWidth: 1 });
    const texts: string[] = [];
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if (c.isMerged && c.master !== c) return; // a merged range once
        const v = c.value;
        texts.push(typeof v === 'object' && v !== null && 'richText' in v ? v.richText.map((t) => t.text).join('') : String(v));
      }),
    );
    expect(texts[0]).toBe('にかほ市商工会　R6年度 事業計画');
    expect(texts).toContain('事業の柱（取組）');
    expect(texts).toContain('目標値（R6年度）');
    expect(texts.filter((t) => /^共通戦略|^独自戦略/.test(t))).toHaveLength(10);
    expect(texts.some((t) => t.startsWith('職員カンファレンスの導入に向けた検討\n（R5年度 延期'))).toBe(true);
    expect(texts).toContain('繰越');
  });

  test('確定 locks it; an administrator undoes it with a reason', async () => {
    const confirmed = await call('n-staff', 'POST', `${PLAN}/confirm`);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ state: 'confirmed', confirmedBy: 'n-staff', confirmedAt: clock.now() });
    const view = confirmed.json();
    const body = { preface: view.preface, measures: view.measures.map((m: Measure) => ({ number: m.number, items: m.items })) };
    expect((await call('n-staff', 'PUT', PLAN, body)).statusCode).toBe(409);
    expect((await call('n-staff', 'POST', `${PLAN}/draft`, { replace: true })).statusCode).toBe(409);
    expect((await call('n-staff', 'POST', `${PLAN}/confirm`)).statusCode).toBe(409);
    expect((await call('n-staff', 'POST', `${PLAN}/reopen`, { reason: '総会で修正' })).statusCode).toBe(403);
    expect((await call('n-admin', 'POST', `${PLAN}/reopen`, { reason: ' ' })).statusCode).toBe(400);
    const reopened = await call('n-admin', 'POST', `${PLAN}/reopen`, { reason: '総会で修正' });
    expect(reopened.json()).toMatchObject({ state: 'draft', confirmedBy: null });
    expect((await call('n-staff', 'PUT', PLAN, body)).statusCode).toBe(200);
    const last = await db.kysely
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('target', '=', 'annual_plan')
      .orderBy('id', 'desc')
      .limit(3)
      .execute();
    expect(last.map((a) => a.action)).toEqual(['update', 'reopen', 'confirm']);
    expect(last[1]?.summary).toContain('総会で修正');
  });

  test('which years: the first has no previous year; the one after the plan carries over; others are not found', async () => {
    const first = (await call('n-viewer', 'GET', `${CHAMBER}/annual-plans/R4`)).json();
    expect(first).toMatchObject({ fiscalYear: 2022, previousYear: null, beyondPlan: false });
    expect(new Set(first.measures.flatMap((m: Measure) => m.items.map((i) => i.source)))).toEqual(new Set(['roadmap']));
    const after = (await call('n-viewer', 'GET', `${CHAMBER}/annual-plans/R9`)).json();
    expect(after).toMatchObject({ fiscalYear: 2027, previousYear: 2026, beyondPlan: true, stored: false });
    expect(after.measures.flatMap((m: Measure) => m.items)).toEqual([]);
    expect(after.measures.flatMap((m: Measure) => m.kpis.map((k) => k.target))).not.toContain(1620);
    expect((await call('n-viewer', 'GET', `${CHAMBER}/annual-plans/R3`)).statusCode).toBe(404);
    expect((await call('n-viewer', 'GET', `${CHAMBER}/annual-plans/R10`)).statusCode).toBe(404);
    expect((await call('n-viewer', 'GET', `${CHAMBER}/annual-plans/x`)).statusCode).toBe(400);
  });
});
