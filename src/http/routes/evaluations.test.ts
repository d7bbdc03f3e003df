/**
 * The annual evaluation through the real API, on both databases: a 評価シート saved as a
 * draft, submission refused with every problem by field (a KPI below target without its cause
 * and corrective action), then submitted and locked; edits refused while locked; an unlock by
 * an administrator with its reason, shown on the sheet and in the audit trail; the committee's
 * comment and 総評; both .xlsx read back with exceljs; another chamber's code answers 404.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccount, signInTo } from '../../test/accounts.js';
import { type TestDb, testBackends } from '../../test/databases.js';
import { importPlan } from '../../usecases/import-plan.js';
import { buildServer } from '../server.js';

const NIKAHO = readFileSync(new URL('../../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
const SAMPLE = readFileSync(new URL('../../test/fixtures/sample-plan.yaml', import.meta.url), 'utf8');
/** R6 (FY2024) has ended; R7 is under way. */
const clock = { today: () => '2025-06-02', now: () => '2025-06-02T01:00:00.000Z' };
const SHEET = '/api/v1/chambers/nikaho/evaluations/R6/measures/5';

const COMPLETE = {
  achievements: '巡回・窓口相談を通じて課題解決を支援した',
  issues: '経営指導員の人数に対して件数が多い',
  improvements: '専門家派遣とチーム支援を組み合わせる',
  necessity: 'high',
  effectiveness: 'medium',
  efficiency: 'medium',
  overall: 'C',
  kpiActions: {},
} as const;
const ACTIONS = {
  '5-1': { cause: '相談の記録漏れ', action: '記録の徹底', who: '経営指導員', byWhen: 'R7年9月末' },
  '5-2': { cause: '専門家の不足', action: '県連の専門家派遣を活用', who: '事務局長', byWhen: 'R7年度末' },
};

describe.each(await testBackends())('the annual evaluation on $name', (backend) => {
  let db: TestDb;
  let app: FastifyInstance;
  const h: Record<string, Record<string, string>> = {};

  const call = (who: string, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: h[who], ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'nikaho.yaml', now: clock.now() });
    await importPlan({ db: db.kysely, source: SAMPLE, fileName: 'sample.yaml', now: clock.now() });
    app = await buildServer({ db, clock });
    await createAccount(db.kysely, { login: 'n-admin', roles: { nikaho: 'admin' } });
    await createAccount(db.kysely, { login: 'n-staff', roles: { nikaho: 'staff' } });
    await createAccount(db.kysely, { login: 'n-viewer', roles: { nikaho: 'viewer' } });
    await createAccount(db.kysely, { login: 's-admin', roles: { 'sample-cci': 'admin' } });
    for (const login of ['n-admin', 'n-staff', 'n-viewer', 's-admin']) h[login] = (await signInTo(app, login)).headers;
    // Three 課題解決 in R6: 5-1's actual is 3 against 1,620.
    for (const date of ['2024-05-01', '2024-08-20', '2025-03-31']) {
      const res = await call('n-staff', 'POST', '/api/v1/chambers/nikaho/support-records', {
        date,
        businessId: null,
        kind: '課題解決',
        subKind: null,
        quantity: 1,
        amount: null,
        staff: null,
        note: null,
        confirmed: true,
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  test('a sheet not yet begun comes pre-filled with the KPIs of the year and the roadmap', async () => {
    const res = await call('n-viewer', 'GET', SHEET);
    expect(res.statusCode).toBe(200);
    const sheet = res.json();
    expect(sheet).toMatchObject({
      fiscalYear: 2024,
      closed: true,
      state: 'none',
      measure: { number: 5 },
      strategy: { label: '共通戦略3' },
    });
    expect(sheet.kpis.find((k: { code: string }) => k.code === '5-1')).toMatchObject({
      target: 1620,
      actual: 3,
      achievementRate: 0.2,
      misses: true,
      rating: { kind: 'rated', code: 'D' },
    });
    expect(sheet.roadmap.length).toBeGreaterThan(0);
    // R6 has closed with nothing reported: every planned entry shows 未報告, a row with nothing planned no status.
    for (const r of sheet.roadmap as { text: string | null; status: string | null }[])
      expect(r.status).toBe(r.text === null ? null : '未報告');
    expect(sheet.problems.map((p: { field: string }) => p.field)).toContain('achievements');
  });

  test('the roadmap section shows what staff recorded on the 工程表 for the year', async () => {
    const progress = (await call('n-viewer', 'GET', '/api/v1/chambers/nikaho/roadmap?fiscalYear=R6')).json();
    const measure = progress.measures.find((m: { number: number }) => m.number === 5);
    const item = measure.initiatives[0].rows[0].items[0];
    const put = await call('n-staff', 'PUT', `/api/v1/chambers/nikaho/roadmap/${item.id}/R6`, {
      status: 'done',
      note: '職種別会議を年4回開催',
      supportRecordIds: [],
      eventIds: [],
    });
    expect(put.statusCode).toBe(200);
    const sheet = (await call('n-viewer', 'GET', SHEET)).json();
    expect(
      sheet.roadmap.find((r: { initiative: { number: number }; row: number }) => r.initiative.number === 1 && r.row === 0),
    ).toMatchObject({
      status: '実施済',
      statusNote: '職種別会議を年4回開催',
    });
  });

  test('draft, refused submission with every problem by field, submission, lock, unlock with a reason', async () => {
    // A viewer (評価委員) reads but does not write.
    expect((await call('n-viewer', 'PUT', SHEET, COMPLETE)).statusCode).toBe(403);

    const draft = await call('n-staff', 'PUT', SHEET, { ...COMPLETE, issues: '' });
    expect(draft.statusCode).toBe(200);
    expect(draft.json().state).toBe('draft');

    const refused = await call('n-staff', 'POST', `${SHEET}/submit`, {});
    expect(refused.statusCode).toBe(400);
    const details: { location: string; message: string }[] = refused.json().error.details;
    expect(details.map((d) => d.location)).toEqual([
      'issues',
      'kpis.5-1.cause',
      'kpis.5-1.action',
      'kpis.5-1.who',
      'kpis.5-1.byWhen',
      'kpis.5-2.cause',
      'kpis.5-2.action',
      'kpis.5-2.who',
      'kpis.5-2.byWhen',
    ]);
    expect(details[1]?.message).toBe('「課題解決実行件数」は目標に届いていません。未達成の原因を入力してください');
    expect(refused.json().error.message).toContain('提出できません');

    const submitted = await call('n-staff', 'POST', `${SHEET}/submit`, { sheet: { ...COMPLETE, kpiActions: ACTIONS } });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ state: 'submitted', submittedBy: 'n-staff', submittedAt: clock.now(), problems: [] });
    expect(submitted.json().sheet.kpiActions['5-1']).toEqual(ACTIONS['5-1']);

    // Locked: no draft save, no second submission; staff cannot unlock.
    const locked = await call('n-staff', 'PUT', SHEET, COMPLETE);
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.message).toContain('提出済み');
    expect((await call('n-staff', 'POST', `${SHEET}/submit`, {})).statusCode).toBe(409);
    expect((await call('n-staff', 'POST', `${SHEET}/unlock`, { reason: '誤り' })).statusCode).toBe(403);

    // The committee's comment goes on the locked sheet.
    const comment = await call('n-staff', 'PUT', `${SHEET}/committee-comment`, { comment: '支援件数の記録を確実に' });
    expect(comment.statusCode).toBe(200);
    expect(comment.json()).toMatchObject({ state: 'submitted', committeeComment: '支援件数の記録を確実に', committeeCommentBy: 'n-staff' });

    expect((await call('n-admin', 'POST', `${SHEET}/unlock`, { reason: '  ' })).statusCode).toBe(400);
    const unlocked = await call('n-admin', 'POST', `${SHEET}/unlock`, { reason: '実績値の訂正のため' });
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json()).toMatchObject({
      state: 'draft',
      submittedBy: null,
      unlocks: [{ unlockedBy: 'n-admin', reason: '実績値の訂正のため', submittedBy: 'n-staff', submittedAt: clock.now() }],
    });
    expect((await call('n-staff', 'PUT', SHEET, { ...COMPLETE, kpiActions: ACTIONS, overall: 'B' })).statusCode).toBe(200);
    expect((await call('n-staff', 'POST', `${SHEET}/submit`, {})).json().sheet.overall).toBe('B');

    const audit = await db.kysely
      .selectFrom('audit_log')
      .select(['action', 'userLogin', 'summary'])
      .where('target', 'like', 'evaluation%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => `${a.action} ${a.userLogin}`)).toEqual([
      'create n-staff',
      'evaluation.submit n-staff',
      'update n-staff',
      'evaluation.unlock n-admin',
      'update n-staff',
      'evaluation.submit n-staff',
    ]);
    expect(audit[3]?.summary).toContain('実績値の訂正のため');
  });

  test('the open year is saved as a draft but not submitted', async () => {
    const url = '/api/v1/chambers/nikaho/evaluations/R7/measures/1';
    expect((await call('n-staff', 'PUT', url, COMPLETE)).statusCode).toBe(200);
    const refused = await call('n-staff', 'POST', `${url}/submit`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0]).toMatchObject({ location: 'fiscalYear' });
    expect((await call('n-staff', 'GET', '/api/v1/chambers/nikaho/evaluations/R8/measures/1')).statusCode).toBe(400);
    expect((await call('n-staff', 'GET', '/api/v1/chambers/nikaho/evaluations/R6/measures/99')).statusCode).toBe(404);
    expect((await call('n-staff', 'GET', '/api/v1/chambers/nikaho/evaluations/R3')).statusCode).toBe(404);
  });

  test('the overview and the 総評; the 総括表 and the 評価シート as .xlsx', async () => {
    const general = await call('n-staff', 'PUT', '/api/v1/chambers/nikaho/evaluations/R6/general-comment', {
      comment: '全体として概ね順調',
    });
    expect(general.statusCode).toBe(200);
    const overview = (await call('n-viewer', 'GET', '/api/v1/chambers/nikaho/evaluations/2024')).json();
    expect(overview.generalComment).toMatchObject({ comment: '全体として概ね順調', updatedBy: 'n-staff' });
    const measures = overview.strategies.flatMap((s: { measures: unknown[] }) => s.measures);
    expect(measures).toHaveLength(10);
    expect(measures.find((m: { number: number }) => m.number === 5)).toMatchObject({ state: 'submitted', overall: 'B' });
    expect(measures.flatMap((m: { kpis: unknown[] }) => m.kpis)).toHaveLength(21);

    const summary = await call('n-viewer', 'GET', '/api/v1/chambers/nikaho/evaluations/R6/summary.xlsx');
    expect(summary.statusCode).toBe(200);
    expect(summary.headers['content-disposition']).toContain(encodeURIComponent('総括表_にかほ市商工会_R6年度.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(summary.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    expect(ws.name).toBe('総括表 R6年度');
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, fitToHeight: 1, paperSize: 9 });
    let row51: ExcelJS.Row | undefined;
    ws.eachRow((row) => {
      if (row.getCell(3).value === '課題解決実行件数') row51 = row;
    });
    expect(row51?.getCell(5).value).toBe(1620);
    expect(row51?.getCell(6).value).toBe(3);
    expect(row51?.getCell(6).numFmt).toBe('#,##0"件"');
    expect(row51?.getCell(7).value).toBeCloseTo(0.002, 6);
    expect(row51?.getCell(8).value).toBe('D 未達成');
    expect(row51?.getCell(9).value).toBe('B 概ね順調');
    expect(row51?.getCell(10).value).toBe('提出済み');

    const sheet = await call('n-viewer', 'GET', `${SHEET}/sheet.xlsx`);
    expect(sheet.statusCode).toBe(200);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    const ws2 = wb2.worksheets[0];
    expect(ws2?.pageSetup).toMatchObject({ orientation: 'portrait', fitToWidth: 1, paperSize: 9 });
    const texts: string[] = [];
    ws2?.eachRow((row) => {
      row.eachCell((c) => {
        texts.push(String(c.value));
      });
    });
    expect(texts).toContain('（様式2）アクションプログラム評価シート　R6年度');
    expect(texts).toContain('相談の記録漏れ');
    expect(texts).toContain('支援件数の記録を確実に');
  });

  test('a target revised during the year is the one the year is evaluated against', async () => {
    const revised = await call('n-admin', 'POST', '/api/v1/chambers/nikaho/kpis/5-1/targets/R6', {
      value: 1500,
      reason: '評価委員会の指摘により見直し',
      decidedOn: '2024-07-15',
      decidedBy: '評価委員会',
    });
    expect(revised.statusCode).toBe(201);
    const sheet = (await call('n-viewer', 'GET', SHEET)).json();
    expect(sheet.kpis.find((k: { code: string }) => k.code === '5-1')).toMatchObject({ target: 1500, actual: 3, achievementRate: 0.2 });
  });

  test("another chamber's evaluations are not found", async () => {
    for (const [method, url, payload] of [
      ['GET', '/api/v1/chambers/nikaho/evaluations/R6', undefined],
      ['GET', SHEET, undefined],
      ['PUT', SHEET, COMPLETE],
      ['POST', `${SHEET}/unlock`, { reason: 'x' }],
      ['PUT', '/api/v1/chambers/nikaho/evaluations/R6/general-comment', { comment: 'x' }],
      ['GET', '/api/v1/chambers/nikaho/evaluations/R6/summary.xlsx', undefined],
    ] as const) {
      const res = await call('s-admin', method, url, payload);
      expect([url, res.statusCode]).toEqual([url, 404]);
    }
  });
});
