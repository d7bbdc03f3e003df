/**
 * Speed of the record store, measured (not asserted): run with `npm run bench`.
 *
 * - Generates 100,000 businesses and 1,000,000 support records over 10 fiscal years for one
 *   chamber, as the CSV files staff would import (UTF-8).
 * - SQLite: imports both files through the real import path into a new database, BENCH_RUNS
 *   times (3), and reports rows/s and their median, beside the raw rate of a prepared INSERT
 *   of the same rows in one transaction (with the indexes kept up to date, and built after).
 * - Computes every KPI of the にかほ plan for every year, on SQLite and (when a server
 *   answers) PostgreSQL, and reports the time: the median of 5 runs after one warm-up.
 *
 * BENCH_RECORDS and BENCH_BUSINESSES scale it down for a quick look; BENCH_PG=off leaves PostgreSQL out,
 * BENCH_SQLITE=off SQLite; BENCH_KEEP_PG=1 keeps the PostgreSQL schema for a closer look.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { type Db, openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seededRandom } from '../src/demo/seeded-random.js';
import { fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import { DEFAULT_RECORD_KINDS } from '../src/domain/records/record-kinds.js';
import { computeKpiActuals } from '../src/usecases/compute-kpi-actuals.js';
import { importPlan } from '../src/usecases/import-plan.js';
import { importRecords } from '../src/usecases/import-records.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const BUSINESSES = Number(process.env.BENCH_BUSINESSES ?? 100_000);
const FIRST_YEAR = 2017;
const IMPORT_RUNS = Number(process.env.BENCH_RUNS ?? 3);
const YEARS = 10;
const TODAY = '2027-03-31';
const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PLAN = readFileSync(new URL('../plans/nikaho-2022.yaml', import.meta.url), 'utf8');

const INDUSTRIES = ['製造業', '建設業', '卸売業', '小売業', '飲食業', 'サービス業', 'その他'];
const KIND_POOL = DEFAULT_RECORD_KINDS.flatMap((k) =>
  k.kind === '課題解決' ? Array(40).fill(k) : k.kind === '実行支援' ? Array(10).fill(k) : [k],
);

/**
 * Writes the two CSV files and keeps nothing of them in memory: the imports are measured on
 * a heap that holds what a server's would, not a million generated rows besides.
 */
function generateCsv(dir: string): { businessesCsv: string; supportCsv: string } {
  const { next: r } = seededRandom(42);
  const businesses = ['事業者コード,事業者名,フリガナ,業種,地区,従業員数,創業日,入会日,退会日'];
  for (let i = 1; i <= BUSINESSES; i++) {
    const member = r() < 0.7 ? '2000-04-01' : '';
    businesses.push(
      `B${i},事業者${i},ジギョウシャ,${INDUSTRIES[Math.floor(r() * INDUSTRIES.length)]},仁賀保,${Math.floor(r() * 50)},1990-04-01,${member},`,
    );
  }
  const support = ['記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考'];
  const start = Date.UTC(FIRST_YEAR, 3, 1);
  const span = Date.UTC(FIRST_YEAR + YEARS, 2, 31) - start;
  for (let i = 1; i <= RECORDS; i++) {
    const date = new Date(start + Math.floor(r() * span)).toISOString().slice(0, 10);
    const k = KIND_POOL[Math.floor(r() * KIND_POOL.length)] ?? { kind: '課題解決', subKinds: [] };
    const sub = k.subKinds.length ? (k.subKinds[Math.floor(r() * k.subKinds.length)] ?? '') : '';
    const row = [
      `S${i}`,
      date,
      `B${1 + Math.floor(r() * BUSINESSES)}`,
      k.kind,
      sub,
      '1',
      k.kind === 'デジタル導入' ? String(Math.floor(r() * 1000)) : '',
      '経営指導員',
      '',
    ];
    support.push(row.join(','));
  }
  const businessesCsv = join(dir, 'businesses.csv');
  const supportCsv = join(dir, 'support.csv');
  writeFileSync(businessesCsv, `${businesses.join('\n')}\n`);
  writeFileSync(supportCsv, `${support.join('\n')}\n`);
  return { businessesCsv, supportCsv };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function timeKpis(db: Db): Promise<{ median: number; runs: number[] }> {
  await computeKpiActuals({ db: db.kysely, chamberCode: 'nikaho', today: TODAY }); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const out = await computeKpiActuals({ db: db.kysely, chamberCode: 'nikaho', today: TODAY });
    runs.push(performance.now() - t);
    if (!out || out.results.length !== 21 * 5) throw new Error('unexpected KPI results');
  }
  return { median: median(runs), runs };
}

async function prepare(db: Db, files: { businessesCsv: string; supportCsv: string }): Promise<{ businessMs: number; supportMs: number }> {
  await migrateToLatest(db);
  await importPlan({ db: db.kysely, source: PLAN, fileName: 'plans/nikaho-2022.yaml', now: new Date().toISOString() });
  let t = performance.now();
  await importRecords({
    db,
    chamberCode: 'nikaho',
    kind: 'businesses',
    bytes: readFileSync(files.businessesCsv),
    fileName: 'businesses.csv',
  });
  const businessMs = performance.now() - t;
  t = performance.now();
  let shown = 0;
  await importRecords({
    db,
    chamberCode: 'nikaho',
    kind: 'support',
    bytes: readFileSync(files.supportCsv),
    fileName: 'support.csv',
    progress: (done, total) => {
      if (done - shown >= total / 4 || done === total) {
        shown = done;
        process.stderr.write(`    ${fmt(done)} / ${fmt(total)} rows written\n`);
      }
    },
  });
  const supportMs = performance.now() - t;
  const years = Array.from({ length: YEARS }, (_, i) => FIRST_YEAR + i);
  const stats = [
    '年度,項目,値',
    ...years.flatMap((y) => [`${y},商工業者数,${BUSINESSES}`, `${y},商業・サービス業者数,${Math.round(BUSINESSES * 0.65)}`]),
  ].join('\n');
  await importRecords({
    db,
    chamberCode: 'nikaho',
    kind: 'statistics',
    bytes: new TextEncoder().encode(stats),
    fileName: 'statistics.csv',
  });
  return { businessMs, supportMs };
}

/** The support file's rows as cells (it is plain: no quotes, no commas inside cells). */
function supportRowsOf(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => line.split(','));
}

/**
 * How the raw rows go in, without the import's reading and checking: 'none', no index at
 * all; 'rowByRow', the table's indexes (migrations 0002–0006) kept up to date as each row
 * goes in, as small imports do; 'buildAfter', the indexes built after the rows, as a bulk
 * load does (the ceiling for the import's own path).
 */
type RawMode = 'none' | 'rowByRow' | 'buildAfter';
const INDEXES = [
  'create unique index k on support_records (chamber_id, content_key)',
  'create index c on support_records (chamber_id, kind, fiscal_year, date, sub_kind, business_id, quantity, amount)',
  'create index b on support_records (business_id)',
];

function rawInsertRate(dir: string, rows: string[][], mode: RawMode): number {
  const conn = new BetterSqlite3(join(dir, `raw-${mode}.db`));
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = FULL');
  conn.exec(
    'create table support_records (id integer primary key autoincrement, chamber_id integer, content_key text, external_id text, date text, fiscal_year integer, business_id integer, kind text, sub_kind text, quantity integer, amount real, staff text, note text)',
  );
  conn.pragma('cache_size = -65536');
  if (mode === 'rowByRow') for (const index of INDEXES) conn.exec(index);
  const insert = conn.prepare(
    'insert into support_records (chamber_id, content_key, external_id, date, fiscal_year, business_id, kind, sub_kind, quantity, amount, staff, note) values (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const t = performance.now();
  conn.transaction(() => {
    for (const [id, date, business, kind, sub, quantity, amount, staff] of rows) {
      const d = date ?? '';
      insert.run(
        `id:${id}`,
        id,
        d,
        fiscalYearOf(d),
        Number((business ?? 'B0').slice(1)),
        kind,
        sub || null,
        Number(quantity),
        amount ? Number(amount) : null,
        staff,
        null,
      );
    }
    if (mode === 'buildAfter') for (const index of INDEXES) conn.exec(index);
  })();
  const ms = performance.now() - t;
  conn.close();
  return (rows.length / ms) * 1000;
}

async function benchSqlite(dir: string, files: { businessesCsv: string; supportCsv: string }): Promise<void> {
  console.log('\nSQLite (embedded, WAL, synchronous=FULL)');
  // Each run into a new database: this machine's timings vary by a tenth or more from run
  // to run, so the median of RUNS is the figure.
  const rates: number[] = [];
  let sqlite: Db | undefined;
  for (let run = 1; run <= IMPORT_RUNS; run++) {
    await sqlite?.close();
    sqlite = await openDatabase({ kind: 'sqlite', file: join(dir, `bench-${run}.db`) });
    const s = await prepare(sqlite, files);
    rates.push((RECORDS / s.supportMs) * 1000);
    console.log(
      `  run ${run}: import businesses.csv ${fmt(BUSINESSES)} rows in ${(s.businessMs / 1000).toFixed(1)} s = ${fmt((BUSINESSES / s.businessMs) * 1000)} rows/s; support.csv ${fmt(RECORDS)} rows in ${(s.supportMs / 1000).toFixed(1)} s = ${fmt((RECORDS / s.supportMs) * 1000)} rows/s`,
    );
  }
  if (!sqlite) throw new Error('no run');
  console.log(`  import support.csv: median ${fmt(median(rates))} rows/s of ${IMPORT_RUNS} runs (target ≥ 100,000)`);
  const supportRows = supportRowsOf(files.supportCsv);
  console.log(`  raw prepared INSERT of the same rows, one transaction (no reading, no checks):`);
  console.log(`    no index at all:                                  ${fmt(rawInsertRate(dir, supportRows, 'none'))} rows/s`);
  console.log(`    the table's indexes kept up to date row by row:   ${fmt(rawInsertRate(dir, supportRows, 'rowByRow'))} rows/s`);
  console.log(
    `    the indexes built after the rows (bulk load):     ${fmt(rawInsertRate(dir, supportRows, 'buildAfter'))} rows/s (ceiling for the import's path)`,
  );
  const sk = await timeKpis(sqlite);
  console.log(
    `  all KPIs × all years (21 × 5): median ${sk.median.toFixed(0)} ms (runs ${sk.runs.map((x) => x.toFixed(0)).join(', ')}; target ≤ 200 ms)`,
  );
  await sqlite.close();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shirube-bench-'));
  try {
    console.log(`Generating ${fmt(BUSINESSES)} businesses and ${fmt(RECORDS)} support records over ${YEARS} fiscal years…`);
    const files = generateCsv(dir);

    if (process.env.BENCH_SQLITE !== 'off') await benchSqlite(dir, files);

    if (process.env.BENCH_PG === 'off') return;
    const probe = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
    const pgUp = await probe.connect().then(
      () => true,
      () => false,
    );
    if (!pgUp) {
      console.log(`\nPostgreSQL: no server at ${PG_URL}; skipped`);
      return;
    }
    const schema = `bench_${Date.now().toString(36)}`;
    await probe.query(`create schema ${schema}`);
    try {
      console.log(`\nPostgreSQL (${PG_URL}, schema ${schema})`);
      const db = await openDatabase({ kind: 'postgres', url: PG_URL, schema });
      const p = await prepare(db, files);
      console.log(
        `  import support.csv: ${fmt(RECORDS)} rows in ${(p.supportMs / 1000).toFixed(1)} s = ${fmt((RECORDS / p.supportMs) * 1000)} rows/s`,
      );
      await sql`vacuum analyze`.execute(db.kysely); // index-only scans need the visibility map
      const pk = await timeKpis(db);
      console.log(
        `  all KPIs × all years (21 × 5): median ${pk.median.toFixed(0)} ms (runs ${pk.runs.map((x) => x.toFixed(0)).join(', ')}; target ≤ 200 ms)`,
      );
      await db.close();
    } finally {
      if (process.env.BENCH_KEEP_PG === '1') console.log(`  kept: schema ${schema}`);
      else await probe.query(`drop schema ${schema} cascade`);
      await probe.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
