/**
 * Speed of the record store, measured (not asserted): run with `npm run bench`.
 *
 * - Generates 100,000 businesses and 1,000,000 support records over 10 fiscal years for one
 *   chamber, as the CSV files staff would import (UTF-8).
 * - SQLite: imports both files through the real import path and reports rows/s, beside the
 *   raw rate of a prepared INSERT of the same rows in one transaction (the ceiling).
 * - Computes every KPI of the にかほ plan for every year, on SQLite and (when a server
 *   answers) PostgreSQL, and reports the time: the median of 5 runs after one warm-up.
 *
 * BENCH_RECORDS and BENCH_BUSINESSES scale it down for a quick look; BENCH_PG=off leaves PostgreSQL out.
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
const YEARS = 10;
const TODAY = '2027-03-31';
const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PLAN = readFileSync(new URL('../plans/nikaho-2022.yaml', import.meta.url), 'utf8');

const INDUSTRIES = ['製造業', '建設業', '卸売業', '小売業', '飲食業', 'サービス業', 'その他'];
const KIND_POOL = DEFAULT_RECORD_KINDS.flatMap((k) =>
  k.kind === '課題解決' ? Array(40).fill(k) : k.kind === '実行支援' ? Array(10).fill(k) : [k],
);

function generateCsv(dir: string): { businessesCsv: string; supportCsv: string; supportRows: string[][] } {
  const { next: r } = seededRandom(42);
  const businesses = ['事業者コード,事業者名,フリガナ,業種,地区,従業員数,創業日,入会日,退会日'];
  for (let i = 1; i <= BUSINESSES; i++) {
    const member = r() < 0.7 ? '2000-04-01' : '';
    businesses.push(
      `B${i},事業者${i},ジギョウシャ,${INDUSTRIES[Math.floor(r() * INDUSTRIES.length)]},仁賀保,${Math.floor(r() * 50)},1990-04-01,${member},`,
    );
  }
  const supportRows: string[][] = [];
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
    supportRows.push(row);
    support.push(row.join(','));
  }
  const businessesCsv = join(dir, 'businesses.csv');
  const supportCsv = join(dir, 'support.csv');
  writeFileSync(businessesCsv, `${businesses.join('\n')}\n`);
  writeFileSync(supportCsv, `${support.join('\n')}\n`);
  return { businessesCsv, supportCsv, supportRows };
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

function rawInsertRate(dir: string, rows: string[][], withIndexes: boolean): number {
  const conn = new BetterSqlite3(join(dir, `raw-${withIndexes}.db`));
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = FULL');
  conn.exec(
    'create table support_records (id integer primary key autoincrement, chamber_id integer, content_key text, external_id text, date text, fiscal_year integer, business_id integer, kind text, sub_kind text, quantity integer, amount real, staff text, note text)',
  );
  conn.pragma('cache_size = -65536');
  if (withIndexes) {
    // The same indexes as the real table (migrations 0002–0004).
    conn.exec('create unique index k on support_records (chamber_id, content_key)');
    conn.exec('create index c on support_records (chamber_id, kind, fiscal_year, date, sub_kind, business_id, quantity, amount)');
    conn.exec('create index b on support_records (business_id)');
    conn.exec('create index y on support_records (chamber_id, fiscal_year)');
  }
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
  })();
  const ms = performance.now() - t;
  conn.close();
  return (rows.length / ms) * 1000;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shirube-bench-'));
  try {
    console.log(`Generating ${fmt(BUSINESSES)} businesses and ${fmt(RECORDS)} support records over ${YEARS} fiscal years…`);
    const files = generateCsv(dir);

    console.log('\nSQLite (embedded, WAL, synchronous=FULL)');
    const sqlite = await openDatabase({ kind: 'sqlite', file: join(dir, 'bench.db') });
    const s = await prepare(sqlite, files);
    console.log(
      `  import businesses.csv: ${fmt(BUSINESSES)} rows in ${(s.businessMs / 1000).toFixed(1)} s = ${fmt((BUSINESSES / s.businessMs) * 1000)} rows/s`,
    );
    console.log(
      `  import support.csv:    ${fmt(RECORDS)} rows in ${(s.supportMs / 1000).toFixed(1)} s = ${fmt((RECORDS / s.supportMs) * 1000)} rows/s (target ≥ 100,000)`,
    );
    console.log(
      `  raw prepared INSERT of the same rows, one transaction: ${fmt(rawInsertRate(dir, files.supportRows, false))} rows/s (ceiling, no index)`,
    );
    console.log(
      `  the same with the table's four indexes:                ${fmt(rawInsertRate(dir, files.supportRows, true))} rows/s (ceiling for this schema)`,
    );
    const sk = await timeKpis(sqlite);
    console.log(
      `  all KPIs × all years (21 × 5): median ${sk.median.toFixed(0)} ms (runs ${sk.runs.map((x) => x.toFixed(0)).join(', ')}; target ≤ 200 ms)`,
    );
    await sqlite.close();

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
      await probe.query(`drop schema ${schema} cascade`);
      await probe.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
