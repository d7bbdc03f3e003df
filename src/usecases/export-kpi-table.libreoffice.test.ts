/**
 * The KPI table read by a program nobody here wrote: LibreOffice (soffice --headless) converts
 * the .xlsx to CSV, which holds the values as its number formats show them (1,740件, 97.0%), and
 * to PDF, which is what it prints. On SQLite only: the file does not depend on the database the
 * figures came from (src/http/routes/kpi-table.test.ts reads it on both).
 *
 * Needs LibreOffice Calc (`apt-get install -y libreoffice-calc`; .ci/run installs it). Without
 * it the test fails under CI and is skipped elsewhere, saying why.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestDb, testBackends } from '../test/databases.js';
import { KPI_TABLE_NOW, KPI_TABLE_TODAY, seedKpiTable } from '../test/fixtures/kpi-table.js';
import { CSV_FILTER, convertWithLibreOffice, LIBREOFFICE_INSTALL, libreOfficeMissing, pdfPages } from '../test/libreoffice.js';
import { exportKpiTable } from './export-kpi-table.js';
import { kpiProgress } from './kpi-progress.js';

if (libreOfficeMissing) console.warn(`skipped: the LibreOffice check of the KPI table: soffice not found. ${LIBREOFFICE_INSTALL}`);

describe.skipIf(libreOfficeMissing)('the KPI table opened by LibreOffice', () => {
  let db: TestDb;
  let dir: string;
  let xlsx: string;

  const convert = (filter: string, extension: string) => convertWithLibreOffice(xlsx, filter, extension);

  beforeAll(async () => {
    const [sqlite] = await testBackends();
    if (!sqlite) throw new Error('no SQLite backend');
    db = await sqlite.create();
    await seedKpiTable(db);
    const file = await exportKpiTable({ db: db.kysely, chamberCode: 'nikaho', today: KPI_TABLE_TODAY, now: KPI_TABLE_NOW });
    if (!file) throw new Error('no KPI table');
    dir = mkdtempSync(join(tmpdir(), 'shirube-xlsx-'));
    xlsx = join(dir, 'kpi-table.xlsx');
    writeFileSync(xlsx, file.bytes);
  });
  afterAll(async () => {
    await db?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the CSV it writes shows the figures as the formats say: 件 with separators, %, 千円, 未集計', { timeout: 150_000 }, async () => {
    const rows: string[][] = parse(await convert(CSV_FILTER, 'csv'), { relax_column_count: true });
    expect(rows[0]?.[0]).toBe('にかほ市商工会アクションプログラム（第2期）　KPI一覧（令和4年度〜令和8年度）');
    expect(rows[2]?.slice(0, 5)).toEqual(['コード', '指標', '単位', '基準値', 'R4年度']);
    expect(rows[2]?.[20]).toBe('R8年度（途中）');
    expect(rows[3]?.slice(3, 8)).toEqual(['R3年度', '目標値', '実績値', '達成率', '評価']);

    const row = (code: string) => rows.find((r) => r[0] === code) ?? [];
    // 課題解決実行件数: 基準値, then R4…R8 目標値 / 実績値 / 達成率 / 評価. R6's target is the revised one;
    // R6 had no record (0件, 0.0%). R8 is to date.
    expect(row('5-1').slice(0, 23)).toEqual([
      '5-1',
      '課題解決実行件数',
      '件',
      '1,440件',
      ...['1,500件', '1,455件', '97.0%', 'B'],
      ...['1,560件', '1,600件', '102.6%', 'A'],
      ...['1,650件', '0件', '0.0%', 'D'],
      ...['1,680件', '1,680件', '100.0%', 'A'],
      ...['1,740件', '800件', '46.0%'],
    ]);
    const progress = await kpiProgress({ db: db.kysely, chamberCode: 'nikaho', today: KPI_TABLE_TODAY });
    const rating = progress?.rows.find((r) => r.code === '5-1')?.rating;
    expect(row('5-1')[23]).toBe(rating?.kind === 'rated' ? rating.band.code : '—');
    // 組織率 needs 商工業者数, which nobody entered: 未集計, never 0 %.
    expect(row('6-2').slice(0, 8)).toEqual(['6-2', '組織率', '%', '70.0%', '70.0%', '未集計', '—', '—']);
    // 利益創出金額 (千円): separators, no unit in the cell.
    expect(row('8-1').slice(2, 5)).toEqual(['千円', '0', '1,500']);
  });

  test('it prints on one A4 landscape page: the 24 columns fit the width', { timeout: 150_000 }, async () => {
    // A4 is 595 × 842 points; landscape puts the long side across.
    expect(pdfPages(await convert('pdf', 'pdf'))).toEqual({ pages: 1, size: [842, 595] });
  });
});
