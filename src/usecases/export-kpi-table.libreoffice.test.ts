/**
 * The KPI table read by a program nobody here wrote: LibreOffice (soffice --headless) converts
 * the .xlsx to CSV, which holds the values as its number formats show them (1,740件, 97.0%), and
 * to PDF, which is what it prints. On SQLite only: the file does not depend on the database the
 * figures came from (src/http/routes/kpi-table.test.ts reads it on both).
 *
 * Needs LibreOffice Calc (`apt-get install -y libreoffice-calc`; .ci/run installs it). Without
 * it the test fails under CI and is skipped elsewhere, saying why.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestDb, testBackends } from '../test/databases.js';
import { KPI_TABLE_NOW, KPI_TABLE_TODAY, seedKpiTable } from '../test/fixtures/kpi-table.js';
import { exportKpiTable } from './export-kpi-table.js';
import { kpiProgress } from './kpi-progress.js';

const run = promisify(execFile);

function findSoffice(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const soffice = findSoffice();
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';
const INSTALL = 'LibreOffice (soffice) がありません。apt-get install -y libreoffice-calc で入れてください（.ci/run は入れます）';
if (!soffice && !inCi) console.warn(`skipped: the LibreOffice check of the KPI table: soffice not found. ${INSTALL}`);

/** LibreOffice's CSV filter: comma, double quotes, UTF-8 (76), from line 1, cells as shown (the 9th token). */
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true';

describe.skipIf(!soffice && !inCi)('the KPI table opened by LibreOffice', () => {
  let db: TestDb;
  let dir: string;
  let xlsx: string;

  /** Converts the workbook with a profile of its own, so that parallel runs never share one. */
  async function convert(filter: string, extension: string): Promise<Buffer> {
    if (!soffice) throw new Error(INSTALL);
    const profile = pathToFileURL(join(dir, `profile-${extension}`)).href;
    const started = performance.now();
    await run(soffice, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', dir, xlsx], {
      timeout: 120_000,
    });
    console.info(`soffice --convert-to ${extension}: ${Math.round(performance.now() - started)} ms`);
    return readFileSync(join(dir, `kpi-table.${extension}`));
  }

  beforeAll(async () => {
    if (!soffice) throw new Error(INSTALL);
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
    const pdf = (await convert('pdf', 'pdf')).toString('latin1');
    const pages = pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? [];
    expect(pages).toHaveLength(1);
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf);
    // A4 is 595 × 842 points; landscape puts the long side across.
    expect([Math.round(Number(box?.[1])), Math.round(Number(box?.[2]))]).toEqual([842, 595]);
  });
});
