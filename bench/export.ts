/**
 * Speed and memory of the CSV export, measured (not asserted): `npx tsx bench/export.ts`.
 *
 * - Generates EXPORT_RECORDS (1,000,000) 支援記録 for EXPORT_BUSINESSES (10,000) 事業者, as
 *   staff would import them (10 % with a 備考, some with a comma or a line break in it), and
 *   imports them into a new SQLite database through the real import (and into PostgreSQL when a
 *   server answers, unless BENCH_PG=off).
 * - Exports all 支援記録 to a file in UTF-8 and in Shift_JIS, each in its own child process so
 *   that its peak RSS (maxRSS) is the export's own, beside the peak RSS of a child that only opens
 *   the database; prints time, rows/s, file size and peak RSS. The median of EXPORT_RUNS (3).
 * - Checks that every row was written and that the file starts with the import's header.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import pg from 'pg';
import { type Db, type DbConfig, openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seededRandom } from '../src/demo/seeded-random.js';
import { type ExportEncoding, exportHeader } from '../src/domain/import/export-csv.js';
import { DEFAULT_RECORD_KINDS } from '../src/domain/records/record-kinds.js';
import { exportRecords } from '../src/usecases/export-records.js';
import { importRecords } from '../src/usecases/import-records.js';

const RECORDS = Number(process.env.EXPORT_RECORDS ?? 1_000_000);
const BUSINESSES = Number(process.env.EXPORT_BUSINESSES ?? 10_000);
const RUNS = Number(process.env.EXPORT_RUNS ?? 3);
const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SELF = fileURLToPath(import.meta.url);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (kib: number) => (kib / 1024).toFixed(0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function generateCsv(dir: string): { businesses: string; support: string } {
  const { next: r } = seededRandom(7);
  const businesses = ['事業者コード,事業者名,入会日'];
  for (let i = 1; i <= BUSINESSES; i++) businesses.push(`B${i},事業者${i},${r() < 0.7 ? '2000-04-01' : ''}`);
  const kinds = DEFAULT_RECORD_KINDS.filter((k) => k.kind !== '施策提案');
  const support = ['記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考'];
  const start = Date.UTC(2017, 3, 1);
  const span = Date.UTC(2027, 2, 31) - start;
  for (let i = 1; i <= RECORDS; i++) {
    const date = new Date(start + Math.floor(r() * span)).toISOString().slice(0, 10);
    const k = kinds[Math.floor(r() * kinds.length)] ?? { kind: '課題解決', subKinds: [] };
    const sub = k.subKinds.length ? (k.subKinds[Math.floor(r() * k.subKinds.length)] ?? '') : '';
    const n = r();
    const note = n < 0.01 ? '"資金繰り, 設備投資\n次回3月"' : n < 0.1 ? '事業計画の見直しを助言' : '';
    const amount = k.kind === '補助金申請' ? String(Math.floor(r() * 2000)) : '';
    support.push(`S${i},${date},B${1 + Math.floor(r() * BUSINESSES)},${k.kind},${sub},1,${amount},経営指導員 佐藤,${note}`);
  }
  const files = { businesses: join(dir, 'businesses.csv'), support: join(dir, 'support.csv') };
  writeFileSync(files.businesses, `${businesses.join('\n')}\n`);
  writeFileSync(files.support, `${support.join('\n')}\n`);
  return files;
}

async function prepare(db: Db, files: { businesses: string; support: string }): Promise<void> {
  await migrateToLatest(db);
  await db.kysely
    .insertInto('chambers')
    .values({ code: 'bench', name: 'ベンチ商工会', createdAt: new Date().toISOString(), federationId: null })
    .execute();
  for (const [kind, file] of [
    ['businesses', files.businesses],
    ['support', files.support],
  ] as const) {
    const t = performance.now();
    await importRecords({ db, chamberCode: 'bench', kind, bytes: readFileSync(file), fileName: file });
    console.log(`  imported ${kind} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
}

interface ChildResult {
  ms: number;
  rows: number;
  bytes: number;
  maxRssKiB: number;
}

/** In a child process: opens the database and exports (or, with encoding 'none', only opens it). */
async function child(config: DbConfig, encoding: ExportEncoding | 'none', out: string): Promise<void> {
  const db = await openDatabase(config);
  const t = performance.now();
  let rows = 0;
  if (encoding !== 'none') {
    const file = await exportRecords({ db: db.kysely, chamberCode: 'bench', kind: 'support', encoding });
    await pipeline(Readable.from(file.chunks), createWriteStream(out));
    rows = file.rows;
  } else {
    await db.kysely.selectFrom('chambers').select('id').execute();
  }
  const ms = performance.now() - t;
  await db.close();
  const result: ChildResult = { ms, rows, bytes: encoding === 'none' ? 0 : statSync(out).size, maxRssKiB: process.resourceUsage().maxRSS };
  process.stdout.write(JSON.stringify(result));
}

function runChild(config: DbConfig, encoding: ExportEncoding | 'none', out: string): ChildResult {
  const res = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--child', JSON.stringify(config), encoding, out], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (res.status !== 0) throw new Error(`child failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as ChildResult;
}

async function measure(label: string, config: DbConfig, dir: string): Promise<void> {
  const idle = runChild(config, 'none', '');
  console.log(`  ${label}: a process that only opens the database peaks at ${mib(idle.maxRssKiB)} MiB RSS`);
  for (const encoding of ['utf-8', 'shift_jis'] as const) {
    const out = join(dir, `export-${encoding}.csv`);
    const runs = Array.from({ length: RUNS }, () => runChild(config, encoding, out));
    const ms = median(runs.map((r) => r.ms));
    const rss = median(runs.map((r) => r.maxRssKiB));
    const { rows, bytes } = runs[0] as ChildResult;
    const text = readFileSync(out);
    const lines = text.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 0);
    console.log(
      `  ${label} ${encoding.padEnd(9)}: ${fmt(rows)} rows in ${(ms / 1000).toFixed(1)} s = ${fmt((rows / ms) * 1000)} rows/s; ` +
        `${(bytes / 1024 / 1024).toFixed(0)} MiB file (${fmt(lines)} line ends); peak RSS ${mib(rss)} MiB ` +
        `(runs ${runs.map((r) => (r.ms / 1000).toFixed(1)).join(', ')} s)`,
    );
    if (rows !== RECORDS) throw new Error(`exported ${rows} rows, expected ${RECORDS}`);
    const head = encoding === 'utf-8' ? text.subarray(0, 200).toString('utf8') : iconv.decode(text.subarray(0, 200), 'CP932');
    if (!head.startsWith(`${encoding === 'utf-8' ? '\ufeff' : ''}${exportHeader('support')}`))
      throw new Error(`unexpected header: ${head}`);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shirube-export-bench-'));
  try {
    console.log(`Generating ${fmt(BUSINESSES)} businesses and ${fmt(RECORDS)} support records…`);
    const files = generateCsv(dir);

    console.log('\nSQLite');
    const sqliteConfig: DbConfig = { kind: 'sqlite', file: join(dir, 'bench.db') };
    const sqlite = await openDatabase(sqliteConfig);
    await prepare(sqlite, files);
    const plan = await sql<{
      detail: string;
    }>`explain query plan select s.id, s.note, b.code from support_records s left join businesses b on b.id = s.business_id where s.chamber_id = 1 and s.id > 0 order by s.id limit 5000`.execute(
      sqlite.kysely,
    );
    console.log(`  plan of a batch: ${plan.rows.map((r) => r.detail).join('; ')}`);
    await sqlite.close();
    await measure('SQLite', sqliteConfig, dir);

    if (process.env.BENCH_PG === 'off') return;
    const probe = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
    if (
      !(await probe.connect().then(
        () => true,
        () => false,
      ))
    ) {
      console.log(`\nPostgreSQL: no server at ${PG_URL}; skipped`);
      return;
    }
    const schema = `bench_export_${Date.now().toString(36)}`;
    await probe.query(`create schema ${schema}`);
    try {
      console.log(`\nPostgreSQL (${PG_URL}, schema ${schema})`);
      const pgConfig: DbConfig = { kind: 'postgres', url: PG_URL, schema };
      const db = await openDatabase(pgConfig);
      await prepare(db, files);
      await sql`analyze`.execute(db.kysely);
      await db.close();
      await measure('PostgreSQL', pgConfig, dir);
    } finally {
      await probe.query(`drop schema ${schema} cascade`);
      await probe.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(JSON.parse(process.argv[3] ?? '{}') as DbConfig, process.argv[4] as ExportEncoding | 'none', process.argv[5] ?? '');
} else {
  await main();
}
