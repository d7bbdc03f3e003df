/**
 * The 総括表 (様式1) and a 評価シート (様式2) as .xlsx, read by LibreOffice: the CSV it writes
 * shows the figures as the cells' formats say, and it prints the 総括表 on one A4 landscape page
 * and the sheet on A4 portrait. On SQLite only (the file does not depend on the database;
 * src/http/routes/evaluations.test.ts reads it back with exceljs on both).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SYSTEM_ACTOR } from '../../db/queries/audit.js';
import { type TestDb, testBackends } from '../../test/databases.js';
import { CSV_FILTER, convertWithLibreOffice, LIBREOFFICE_INSTALL, libreOfficeMissing, pdfPages } from '../../test/libreoffice.js';
import { importPlan } from '../import-plan.js';
import { saveSupportRecord } from '../save-support-record.js';
import { evaluationOverview } from './evaluation-overview.js';
import { evaluationSheet } from './evaluation-sheet.js';
import { sheetWorkbook, summaryWorkbook } from './evaluation-workbook.js';

const NIKAHO = readFileSync(new URL('../../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
const TODAY = '2025-06-02';
const NOW = '2025-06-02T01:00:00.000Z';

if (libreOfficeMissing)
  console.warn(`skipped: the LibreOffice check of the evaluation workbooks: soffice not found. ${LIBREOFFICE_INSTALL}`);

describe.skipIf(libreOfficeMissing)('the 総括表 and a 評価シート opened by LibreOffice', () => {
  let db: TestDb;
  let dir: string;

  beforeAll(async () => {
    const [sqlite] = await testBackends();
    if (!sqlite) throw new Error('no SQLite backend');
    db = await sqlite.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'nikaho.yaml', now: NOW });
    // Three 課題解決 in R6: 5-1's actual is 3 against 1,620.
    for (const date of ['2024-05-01', '2024-08-20', '2025-03-31'])
      await saveSupportRecord({
        db: db.kysely,
        chamberCode: 'nikaho',
        input: { date, businessId: null, kind: '課題解決', subKind: null, quantity: 1, amount: null, staff: null, note: null },
        confirmed: true,
        actor: SYSTEM_ACTOR,
        today: TODAY,
        now: NOW,
      });
    dir = mkdtempSync(join(tmpdir(), 'shirube-eval-xlsx-'));
  });
  afterAll(async () => {
    await db?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const write = async (name: string, book: { xlsx: { writeBuffer(): Promise<ArrayBuffer> } }) => {
    const file = join(dir, `${name}.xlsx`);
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
    return file;
  };

  test('総括表: 5-1 as the formats show it, and one A4 landscape page', { timeout: 150_000 }, async () => {
    const overview = await evaluationOverview({ db: db.kysely, chamberCode: 'nikaho', fiscalYear: 2024, today: TODAY });
    const xlsx = await write('summary', summaryWorkbook(overview, NOW));
    const rows: string[][] = parse(await convertWithLibreOffice(xlsx, CSV_FILTER, 'csv'), { relax_column_count: true });
    expect(rows[0]?.[0]).toContain('（様式1）アクションプログラム総括表');
    const row = rows.find((r) => r.includes('課題解決実行件数')) ?? [];
    expect(row).toEqual(expect.arrayContaining(['1,620件', '3件', '0.2%']));
    expect(pdfPages(await convertWithLibreOffice(xlsx, 'pdf', 'pdf'))).toEqual({ pages: 1, size: [842, 595] });
  });

  test('評価シート of 施策5: the KPI row as shown, printed on A4 portrait', { timeout: 150_000 }, async () => {
    const view = await evaluationSheet({ db: db.kysely, chamberCode: 'nikaho', fiscalYear: 2024, measureNumber: 5, today: TODAY });
    const xlsx = await write('sheet-5', sheetWorkbook(view, NOW));
    const rows: string[][] = parse(await convertWithLibreOffice(xlsx, CSV_FILTER, 'csv'), { relax_column_count: true });
    const row = rows.find((r) => r.includes('課題解決実行件数')) ?? [];
    expect(row).toEqual(expect.arrayContaining(['1,620件', '3件', '0.2%']));
    const pdf = pdfPages(await convertWithLibreOffice(xlsx, 'pdf', 'pdf'));
    expect(pdf.size).toEqual([595, 842]);
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
  });
});
