/**
 * `shirube backup` and `shirube restore` as a user runs them: real processes on a temp data
 * folder, the backup taken while `shirube serve` holds the database.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Db } from '../db/connection.js';
import { SQLITE_PRAGMAS } from '../db/dialect.js';
import * as planMigration from '../db/migrations/20261125_0001_plan.js';
import * as recordsMigration from '../db/migrations/20261125_0002_records.js';
import type { Database } from '../db/schema.js';
import { importRecords } from '../usecases/import-records.js';

const BIN = new URL('../../bin/shirube.js', import.meta.url).pathname;
const PLAN = new URL('../../plans/nikaho-2022.yaml', import.meta.url).pathname;
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'shirube-backup-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function envFor(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SHIRUBE_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return env;
}

function shirube(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { env: envFor(dataDir), encoding: 'utf8', timeout: 60_000 });
}

/** `shirube kpi --json`, parsed: every KPI of every year. */
function kpis(dataDir: string): unknown {
  const out = shirube(dataDir, 'kpi', '--json');
  expect(out.stderr).toBe('');
  expect(out.status).toBe(0);
  return JSON.parse(out.stdout);
}

function file(name: string, text: string): string {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
}

const BUSINESSES = `事業者コード,事業者名,フリガナ,業種,地区,従業員数,創業日,入会日,退会日
B001,佐藤商店,さとうしょうてん,小売業,象潟,3,1980/4/1,H2.4.1,
B002,㈱鳥海精工,ﾁｮｳｶｲｾｲｺｳ,製造業,仁賀保,"1,200",1975-05-01,2000/4/1,
B003,髙橋食堂,タカハシショクドウ,飲食業,金浦,2,令和2年5月1日,,
`;
const SUPPORT_HEADER = '記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考\n';
const SUPPORT_BEFORE = `${SUPPORT_HEADER},R6.4.1,B001,課題解決,,,,経営指導員 佐藤,資金繰りの相談
,2024/5/10,B002,実行支援,,2,,経営指導員 高橋,
,2025/3/31,B003,事業計画策定,事業継続力強化計画,,,経営指導員 小松,
`;
const SUPPORT_WHILE_SERVING = `${SUPPORT_HEADER}S-101,R5.6.1,B001,課題解決,,,,経営指導員 佐藤,
S-102,R5.7.1,B002,課題解決,,,,経営指導員 佐藤,
S-103,R6.8.1,B003,実行支援,,3,,経営指導員 高橋,
`;
const SUPPORT_AFTER = `${SUPPORT_HEADER}S-201,R6.9.1,B001,課題解決,,,,経営指導員 佐藤,
S-202,R6.10.1,B002,課題解決,,,,経営指導員 佐藤,
S-203,R6.11.1,B003,課題解決,,,,経営指導員 佐藤,
S-204,R4.5.1,B003,実行支援,,5,,経営指導員 高橋,
`;

interface Server {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** `shirube serve --port 0` on `dataDir`, once it says where it listens. */
async function serve(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: envFor(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 90_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = /Shirube is running: (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}):\n${output}`));
    });
  });
  return {
    child,
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The database as a second writer sees it: the running server's own HTTP import now needs a
 * signed-in session, so the test imports through the same use case on a connection of its
 * own, beside the server's (SQLite in WAL mode takes both; the shirube lock is one process's
 * promise, not SQLite's). The rows land in the write-ahead log, as the server's would.
 */
function besideServer(dbFile: string): Db {
  const conn = new BetterSqlite3(dbFile, { fileMustExist: true });
  for (const pragma of SQLITE_PRAGMAS) conn.pragma(pragma);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }), plugins: [new CamelCasePlugin()] });
  return { kysely, dialect: 'sqlite', location: dbFile, sqlite: conn, close: () => kysely.destroy() };
}

test('a backup taken while the server runs gives back, after restore, exactly the KPIs of that moment', { timeout: 180_000 }, async () => {
  const data = join(root, 'data');
  const dbFile = join(data, 'shirube.db');
  expect(shirube(data, 'plan', 'import', PLAN).status).toBe(0);
  expect(shirube(data, 'import', 'businesses', file('businesses.csv', BUSINESSES)).status).toBe(0);
  expect(shirube(data, 'import', 'support', file('support-1.csv', SUPPORT_BEFORE)).stdout).toContain('追加 3');

  const server = await serve(data);
  const backup = join(root, 'backup.db');
  try {
    const second = besideServer(dbFile);
    try {
      const r = await importRecords({
        db: second,
        chamberCode: 'nikaho',
        kind: 'support',
        bytes: new Uint8Array(Buffer.from(SUPPORT_WHILE_SERVING)),
        fileName: 'support-2.csv',
      });
      expect(r).toMatchObject({ rows: 3, added: 3 });
    } finally {
      await second.close();
    }
    // The latest rows are in the write-ahead log only: the backup must read it too.
    expect(statSync(`${dbFile}-wal`).size).toBeGreaterThan(0);

    const made = shirube(data, 'backup', backup);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(made.stdout).toContain('バックアップを作りました / Backup written');
    expect(made.stdout).toContain('integrity_check: ok');
    expect(made.stdout).toContain('支援記録 / support_records: 6');
    expect(made.stdout).toContain('事業者 / businesses: 3');
    expect(made.stdout).toMatch(/大きさ \/ size: .*（[\d,]+ バイト \/ bytes）/);
    // One file by itself: no write-ahead log beside it.
    expect(readdirSync(root).filter((f) => f.startsWith('backup.db'))).toEqual(['backup.db']);

    const again = shirube(data, 'backup', backup);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('既にあります');
    expect(again.stderr).toContain('--force');

    const refused = shirube(data, 'restore', backup);
    expect(refused.status).toBe(5);
    expect(refused.stderr).toContain('別のプロセス');
    expect(refused.stderr).toContain('使用中');
    expect(readdirSync(data).filter((f) => f.includes('before-restore'))).toEqual([]);
  } finally {
    await server.stop();
  }
  expect(server.child.exitCode).toBe(0);

  // Nothing was written between the backup and the stop: these are the KPIs of the backup.
  const atBackup = kpis(data);
  // And the backup alone holds them.
  const elsewhere = join(root, 'elsewhere');
  mkdirSync(elsewhere);
  const fresh = shirube(elsewhere, 'restore', backup);
  expect(fresh.status).toBe(0);
  expect(fresh.stdout).not.toContain('元のデータベースを残しました');
  expect(kpis(elsewhere)).toEqual(atBackup);

  expect(shirube(data, 'import', 'support', file('support-3.csv', SUPPORT_AFTER)).stdout).toContain('追加 4');
  const changed = kpis(data);
  expect(changed).not.toEqual(atBackup);

  const restored = shirube(data, 'restore', backup);
  expect(restored.stderr).toBe('');
  expect(restored.status).toBe(0);
  expect(restored.stdout).toContain('復元しました / Restored');
  expect(restored.stdout).toContain('構造は最新です / Schema up to date');
  expect(restored.stdout).toContain('支援記録 / support_records: 6');
  expect(kpis(data)).toEqual(atBackup);

  // The database that was replaced is kept whole (its log folded in), and restores in turn.
  const kept = readdirSync(data).filter((f) => f.includes('before-restore'));
  expect(kept).toHaveLength(1);
  expect(kept[0]).toMatch(/^shirube\.db\.before-restore-\d{8}T\d{6}Z$/);
  expect(restored.stdout).toContain(`元のデータベースを残しました / The previous database was kept as: ${join(data, kept[0] ?? '')}`);
  const undo = join(root, 'undo');
  mkdirSync(undo);
  expect(shirube(undo, 'restore', join(data, kept[0] ?? '')).status).toBe(0);
  expect(kpis(undo)).toEqual(changed);

  const forced = shirube(data, 'backup', backup, '--force');
  expect(forced.status).toBe(0);
});

test('restore brings an older backup up to date', { timeout: 60_000 }, async () => {
  // A database of the first two migrations only, as an early version of shirube left it.
  const old = join(root, 'old.db');
  const conn = new BetterSqlite3(old);
  const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: conn }) });
  const migrator = new Migrator({
    db: kysely,
    provider: { getMigrations: async () => ({ '20261125_0001_plan': planMigration, '20261125_0002_records': recordsMigration }) },
    migrationTableName: 'shirube_migrations',
    migrationLockTableName: 'shirube_migrations_lock',
  });
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  await kysely.destroy();

  const data = join(root, 'data-old');
  // A log left without its database must not be read as the restored one's: it goes aside.
  mkdirSync(data);
  writeFileSync(join(data, 'shirube.db-wal'), 'left over');
  const restored = shirube(data, 'restore', old);
  expect(restored.stderr).toBe('');
  expect(restored.status).toBe(0);
  expect(restored.stdout).toMatch(/最新の構造にしました \/ Migrated: 20261125_0003_support_covering_index, /);
  expect(restored.stdout).toContain('元のデータベースを残しました');
  expect(readdirSync(data).filter((f) => f.includes('before-restore'))).toEqual([
    expect.stringMatching(/^shirube\.db\.before-restore-\w+-wal$/),
  ]);
  expect(shirube(data, 'db', 'migrate').stdout).toContain('最新です');
  // The backup itself is left as it was.
  expect(readdirSync(root).filter((f) => f.startsWith('old.db'))).toEqual(['old.db']);
});

test('restore refuses what is not a Shirube database and changes nothing; backup needs a database', { timeout: 120_000 }, () => {
  const data = join(root, 'data-refuse');
  expect(shirube(data, 'plan', 'import', PLAN).status).toBe(0);
  const before = readFileSync(join(data, 'shirube.db'));

  const text = shirube(data, 'restore', file('notes.txt', 'これはデータベースではありません\n'.repeat(100)));
  expect(text.status).toBe(2);
  expect(text.stderr).toContain('SQLite のデータベースではないか、壊れています');

  const other = join(root, 'other.db');
  new BetterSqlite3(other).exec('create table t (x)').close();
  const foreign = shirube(data, 'restore', other);
  expect(foreign.status).toBe(2);
  expect(foreign.stderr).toContain('shirube_migrations');

  const missing = shirube(data, 'restore', join(root, 'none.db'));
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('ファイルを読めません');

  expect(readFileSync(join(data, 'shirube.db')).equals(before)).toBe(true);
  expect(readdirSync(data).filter((f) => f.includes('before-restore') || f.includes('.tmp'))).toEqual([]);

  const nothing = shirube(join(root, 'empty'), 'backup', join(root, 'empty.db'));
  expect(nothing.status).toBe(4);
  expect(existsSync(join(root, 'empty.db'))).toBe(false);
});

test('with DATABASE_URL both commands name the PostgreSQL tools and exit non-zero', { timeout: 60_000 }, () => {
  const env = { ...process.env, DATABASE_URL: 'postgres://shirube@127.0.0.1:1/shirube' };
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  const backup = run('backup', 'shirube.dump');
  expect(backup.status).toBe(2);
  expect(backup.stderr).toContain('pg_dump --format=custom --no-owner --file=shirube.dump "$DATABASE_URL"');
  const restore = run('restore', 'my backup.dump');
  expect(restore.status).toBe(2);
  expect(restore.stderr).toContain(
    `pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" 'my backup.dump'`,
  );
  expect(restore.stderr).toContain('shirube db migrate');
});
