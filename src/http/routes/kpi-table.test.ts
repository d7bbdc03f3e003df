/**
 * The KPI table as .xlsx through the real route, on both databases, read back with exceljs:
 * the figures from the records and the plan (the target in force after a revision, a hand-
 * entered actual, 設定なし, 未集計 with its reason), number formats, merged headers, frozen
 * panes, page setup, and the download's headers.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccount, signInTo } from '../../test/accounts.js';
import { type TestDb, testBackends } from '../../test/databases.js';
import { KPI_TABLE_NOW, KPI_TABLE_TODAY, seedKpiTable } from '../../test/fixtures/kpi-table.js';
import { kpiProgress } from '../../usecases/kpi-progress.js';
import { buildServer } from '../server.js';

const TODAY = KPI_TABLE_TODAY; // R8 under way
const clock = { today: () => KPI_TABLE_TODAY, now: () => KPI_TABLE_NOW };

/** The rows of a sheet by the KPI code in column A. */
function rowsByCode(ws: ExcelJS.Worksheet): Map<string, ExcelJS.Row> {
  const rows = new Map<string, ExcelJS.Row>();
  ws.eachRow((row) => {
    const code = row.getCell(1).value;
    if (typeof code === 'string' && /^[\w-]+$/.test(code) && code !== 'コード') rows.set(code, row);
  });
  return rows;
}

/** Column of a year's 目標値 (R4 = E …): 4 leading columns, then four per year from 2022. */
const yearColumn = (fiscalYear: number, first = 2022) => 5 + (fiscalYear - first) * 4;

const noteText = (cell: ExcelJS.Cell): string => {
  const note = cell.note;
  if (note === undefined) return '';
  return typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join('');
};

describe.each(await testBackends())('GET /chambers/:chamber/kpis.xlsx on $name', (backend) => {
  let db: TestDb;
  let app: FastifyInstance;
  const headers: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    db = await backend.create();
    await seedKpiTable(db);
    app = await buildServer({ db, clock });
    await createAccount(db.kysely, { login: 'n-viewer', roles: { nikaho: 'viewer' } });
    await createAccount(db.kysely, { login: 's-admin', roles: { 'sample-cci': 'admin' } });
    headers.nikaho = (await signInTo(app, 'n-viewer')).headers;
    headers.sample = (await signInTo(app, 's-admin')).headers;
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  async function download(chamber: string, who: string) {
    const res = await app.inject({ url: `/api/v1/chambers/${chamber}/kpis.xlsx`, headers: headers[who] });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('KPI一覧');
    if (!ws) throw new Error('no sheet KPI一覧');
    return { res, wb, ws };
  }

  test('a download with a Japanese file name, for anyone who may read the KPIs', async () => {
    const { res, wb } = await download('nikaho', 'nikaho');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="kpi-table_nikaho_2026-10-01.xlsx"; filename*=UTF-8''${encodeURIComponent('KPI一覧_にかほ市商工会_2026-10-01.xlsx')}`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect(wb.creator).toBe('しるべ');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['KPI一覧']);
    // Another chamber's table is not found; without a session, sign in first.
    expect((await app.inject({ url: '/api/v1/chambers/sample-cci/kpis.xlsx', headers: headers.nikaho })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/chambers/nikaho/kpis.xlsx' })).statusCode).toBe(401);
  });

  test('two header rows, frozen with the name columns; A4 landscape one page wide, headers on every page', async () => {
    const { ws } = await download('nikaho', 'nikaho');
    expect(ws.getCell('A1').value).toBe('にかほ市商工会アクションプログラム（第2期）　KPI一覧（令和4年度〜令和8年度）');
    expect(String(ws.getCell('A2').value)).toMatch(/^令和8年10月1日時点。/);
    const header = (row: number) => [1, 2, 3, 4, 5, 6, 7, 8, 21].map((c) => ws.getRow(row).getCell(c).value);
    expect(header(3)).toEqual(['コード', '指標', '単位', '基準値', 'R4年度', 'R4年度', 'R4年度', 'R4年度', 'R8年度（途中）']);
    expect(header(4)).toEqual(['コード', '指標', '単位', 'R3年度', '目標値', '実績値', '達成率', '評価', '目標値']);
    expect(ws.getCell('E4').isMerged).toBe(false);
    expect(ws.getCell('H3').master.address).toBe('E3');
    expect(ws.getCell('A4').master.address).toBe('A3');
    expect(ws.columnCount).toBe(24);

    expect(ws.views).toEqual([expect.objectContaining({ state: 'frozen', xSplit: 3, ySplit: 4, topLeftCell: 'D5' })]);
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '3:4',
      horizontalCentered: true,
    });
    expect(ws.headerFooter.oddHeader).toBe('&Lにかほ市商工会アクションプログラム（第2期）&RKPI一覧');
    expect(ws.headerFooter.oddFooter).toBe('&L令和8年10月1日時点&C&P / &N');
    // The name column: as wide as the longest name would need (24 full-width characters), at most 40; longer names wrap.
    expect(ws.getColumn(2).width).toBe(40);
    const wrapped = rowsByCode(ws).get('2-2');
    expect(wrapped?.getCell(2).alignment).toMatchObject({ wrapText: true });
    expect(wrapped?.height).toBe(2 * 13 + 2);
    expect(rowsByCode(ws).get('5-1')?.height).toBeUndefined();
    // 1,740件 and 2 more; exceljs leaves a width of 9 to the sheet's default.
    expect(ws.getColumn(5).width ?? ws.properties.defaultColWidth).toBe(9);
  });

  test('figures from the records, the target in force, 達成率 and 評価, with their formats', async () => {
    const { ws } = await download('nikaho', 'nikaho');
    const row = rowsByCode(ws).get('5-1');
    if (!row) throw new Error('no row 5-1');
    const cells = (fiscalYear: number) => [0, 1, 2, 3].map((i) => row.getCell(yearColumn(fiscalYear) + i));
    expect(row.getCell(2).value).toBe('課題解決実行件数');
    expect(row.getCell(4)).toMatchObject({ value: 1440, numFmt: '#,##0"件"' });

    const [target, actual, rate, rating] = cells(2022);
    expect([target?.value, actual?.value, rate?.value, rating?.value]).toEqual([1500, 1455, 0.97, 'B']);
    expect([target?.numFmt, actual?.numFmt, rate?.numFmt]).toEqual(['#,##0"件"', '#,##0"件"', '0.0%']);
    expect(cells(2023).map((c) => c.value)).toEqual([1560, 1600, 1.026, 'A']);
    // R6: no record at all is 0 (counted), and the revised target with its history.
    const r6 = cells(2024);
    expect(r6.map((c) => c.value)).toEqual([1650, 0, 0, 'D']);
    expect(noteText(r6[0] as ExcelJS.Cell)).toBe(
      '目標値の改訂（当初 1,620件）\n令和6年6月10日 計画ファイルの取り込み: 1,620件 → 1,650件（中間見直し）',
    );
    expect(cells(2025).map((c) => c.value)).toEqual([1680, 1680, 1, 'A']);
    // R8, under way: the actual to date, rated as the dashboard rates it.
    const progress = await kpiProgress({ db: db.kysely, chamberCode: 'nikaho', today: TODAY });
    const dashboard = progress?.rows.find((r) => r.code === '5-1');
    const r8 = cells(2026);
    expect(r8.slice(0, 3).map((c) => c.value)).toEqual([1740, 800, 0.46]);
    expect(dashboard?.rating.kind === 'rated' && dashboard.rating.band.code).toBe(r8[3]?.value);
    if (dashboard?.ratedOn === 'projection')
      expect(noteText(r8[3] as ExcelJS.Cell)).toMatch(/^年度末の見込み [\d,]+件（達成率 [\d.]+%）で評価$/);
  });

  test('a ratio KPI without its statistic is 未集計 with the reason, never 0 %', async () => {
    const { ws } = await download('nikaho', 'nikaho');
    const row = rowsByCode(ws).get('6-2');
    if (!row) throw new Error('no row 6-2');
    expect(row.getCell(2).value).toBe('組織率');
    expect(row.getCell(4)).toMatchObject({ value: 0.7, numFmt: '0.0%' });
    const actual = row.getCell(yearColumn(2022) + 1);
    expect(actual.value).toBe('未集計');
    expect(noteText(actual)).toMatch(/商工業者数/);
    expect(row.getCell(yearColumn(2022) + 2).value).toBe('—');
    expect(row.getCell(yearColumn(2022) + 3).value).toBe('—');
  });

  test('another plan: a hand-entered actual with its evidence, 設定なし, a year not begun, decimals, うち', async () => {
    const { ws } = await download('sample-cci', 'sample');
    expect(ws.getCell('D4').value).toBe('R6年度');
    expect(ws.getRow(3).getCell(yearColumn(2026, 2025)).value).toBe('R8年度（途中）');
    const rows = rowsByCode(ws);
    const total = rows.get('1-1');
    if (!total) throw new Error('no row 1-1');
    const r7 = [0, 1, 2, 3].map((i) => total.getCell(yearColumn(2025, 2025) + i));
    expect(r7.map((c) => c.value)).toEqual([110, 104, 0.945, 'B']);
    expect(noteText(r7[1] as ExcelJS.Cell)).toBe('手入力: 窓口日誌の集計（事務局 佐藤）');
    // 120.5 needs its decimal; R9 has no target, and has not begun.
    expect(total.getCell(yearColumn(2026, 2025))).toMatchObject({ value: 120.5, numFmt: '#,##0.0"回"' });
    const r9 = [0, 1, 2, 3].map((i) => total.getCell(yearColumn(2027, 2025) + i).value);
    expect(r9).toEqual(['設定なし', null, null, null]);
    // The sub-KPIs follow their parent, named as the plan names them.
    const names = [...rows.values()].map((r) => r.getCell(2).value);
    expect(names.slice(0, 3)).toEqual(['経営相談件数', 'うち窓口相談', 'うち巡回相談']);
    expect(rows.get('1-1-1')?.getCell(2).alignment?.indent).toBe(1);
    const share = [...rows.values()].find((r) => r.getCell(2).value === '参加事業者率');
    expect(share?.getCell(4)).toMatchObject({ value: 0.125, numFmt: '0.0%' });
  });
});
