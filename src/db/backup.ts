/**
 * Backup and restore of the embedded database (SQLite). PostgreSQL has its own tools
 * (pg_dump, pg_restore): see src/cli/backup-commands.ts.
 *
 * - Backup runs beside a server: it takes no shirube lock (src/db/sqlite-lock.ts) but opens
 *   the database file read-only and copies it with SQLite's online backup API in a single
 *   step, that is inside one read transaction: in WAL mode that is a consistent snapshot of
 *   the last commit, and the server's writers are not held up. The copy is made under a
 *   temporary name, turned into a self-contained file (journal_mode DELETE: no -wal beside
 *   it), checked (integrity_check) and only then renamed to the name asked for.
 * - Restore needs the database to itself: it takes the same lock as every other command,
 *   so it refuses while a server runs. The backup is copied under a temporary name beside
 *   the database, checked, and brought to the latest migration there; only then is the
 *   current database (checkpointed first, and with whatever -wal/-shm is left) moved aside
 *   as shirube.db.before-restore-<time> and the copy renamed into its place. A failure at
 *   any step before the rename leaves the current database as it was.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DomainError } from '../domain/errors.js';
import { openDatabase } from './connection.js';
import { migrateToLatest } from './migrate.js';
import { acquireSqliteLock } from './sqlite-lock.js';

/** The files SQLite keeps beside a database. */
const COMPANIONS = ['-wal', '-shm', '-journal'] as const;
const MIGRATIONS_TABLE = 'shirube_migrations';

/** Tables whose row counts are shown after a backup or restore, with their Japanese names. */
export const COUNTED_TABLES: readonly { table: string; label: string }[] = [
  { table: 'chambers', label: '商工会' },
  { table: 'plans', label: '計画' },
  { table: 'kpis', label: 'KPI' },
  { table: 'businesses', label: '事業者' },
  { table: 'support_records', label: '支援記録' },
  { table: 'events', label: 'イベント' },
  { table: 'finances', label: '財務' },
  { table: 'mutual_aid', label: '共済' },
  { table: 'manual_actuals', label: '手入力の実績' },
];

export interface TableCount {
  table: string;
  label: string;
  rows: number;
}

export interface DatabaseFacts {
  /** Row counts of the COUNTED_TABLES the file has (an older one may lack some). */
  counts: TableCount[];
  /** The last migration applied, by name. */
  migration: string | null;
}

export interface BackupResult extends DatabaseFacts {
  file: string;
  bytes: number;
}

export interface RestoreResult extends DatabaseFacts {
  file: string;
  from: string;
  /** Where the database that was there before now is; null when there was none. */
  keptAs: string | null;
  /** The migrations that brought the backup up to date. */
  applied: string[];
}

const errorCode = (e: unknown) => (e instanceof Error && 'code' in e ? String(e.code) : undefined);

/** SQLite's "not a database" and "corrupt" said in the user's words; other errors as they are. */
function asNotADatabase(e: unknown, describe: string): unknown {
  const code = errorCode(e);
  if (code !== 'SQLITE_NOTADB' && code !== 'SQLITE_CORRUPT') return e;
  return new DomainError(
    'BAD_REQUEST',
    `${describe} は SQLite のデータベースではないか、壊れています / not an SQLite database, or damaged`,
  );
}
const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

function removeWithCompanions(file: string): void {
  for (const suffix of ['', ...COMPANIONS]) rmSync(`${file}${suffix}`, { force: true });
}

/** Makes a rename in `dir` durable. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not every platform can sync a directory (Windows); the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Paths that are the live database or one of its companions (a backup must not overwrite them). */
function isPartOf(dbFile: string, path: string): boolean {
  return ['', ...COMPANIONS, '.lock', '.lock-journal'].some((suffix) => resolve(`${dbFile}${suffix}`) === path);
}

/** Copies `source` (any SQLite database) into a new file `target` at once: one read transaction. */
async function copyDatabase(source: BetterSqlite3.Database, target: string): Promise<void> {
  removeWithCompanions(target);
  // The first step only starts the backup; returning the largest count makes the next
  // step copy every page at once, so that no write by another connection restarts it.
  await source.backup(target, { progress: () => 0x7fffffff });
}

/**
 * Checks a database file we just made: makes it self-contained (no -wal), runs
 * integrity_check, requires the migrations table, and reads the counts.
 */
function checkCopy(file: string, describe: string): DatabaseFacts {
  const conn = new BetterSqlite3(file, { fileMustExist: true });
  try {
    let problems: string[];
    try {
      conn.pragma('journal_mode = DELETE');
      problems = (conn.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (e) {
      throw asNotADatabase(e, describe);
    }
    if (problems.length !== 1 || problems[0] !== 'ok')
      throw new DomainError(
        'BAD_REQUEST',
        `${describe} の検査（integrity_check）で問題が見つかりました / integrity check failed`,
        problems.slice(0, 10).map((message) => ({ message })),
      );
    return factsOf(conn, describe);
  } finally {
    conn.close();
  }
}

function factsOf(conn: BetterSqlite3.Database, describe: string): DatabaseFacts {
  const tables = new Set(
    conn
      .prepare<[], { name: string }>("select name from sqlite_master where type = 'table'")
      .all()
      .map((r) => r.name),
  );
  if (!tables.has(MIGRATIONS_TABLE))
    throw new DomainError(
      'BAD_REQUEST',
      `${describe} は しるべ のデータベースではありません（${MIGRATIONS_TABLE} の表がありません） / not a Shirube database (no ${MIGRATIONS_TABLE} table)`,
    );
  const counts = COUNTED_TABLES.filter((t) => tables.has(t.table)).map((t) => ({
    ...t,
    rows: Number(conn.prepare<[], { n: number }>(`select count(*) as n from "${t.table}"`).get()?.n ?? 0),
  }));
  const last = conn.prepare<[], { name: string }>(`select name from ${MIGRATIONS_TABLE} order by name desc limit 1`).get();
  return { counts, migration: last?.name ?? null };
}

export interface BackupOptions {
  /** The live database file (shirube.db). */
  dbFile: string;
  /** Where the backup goes. */
  to: string;
  /** Overwrite `to` if it exists. */
  force?: boolean;
}

export async function backupSqlite({ dbFile, to, force = false }: BackupOptions): Promise<BackupResult> {
  const target = resolve(to);
  if (!existsSync(dbFile)) throw new DomainError('NOT_FOUND', `データベースがありません / no database: ${dbFile}`);
  if (isPartOf(dbFile, target))
    throw new DomainError(
      'BAD_REQUEST',
      `バックアップの保存先に、使用中のデータベースそのものは指定できません / cannot back up onto the database itself: ${target}`,
    );
  if (!existsSync(dirname(target)))
    throw new DomainError('BAD_REQUEST', `保存先のフォルダがありません / no such folder: ${dirname(target)}`);
  if (existsSync(target)) {
    if (statSync(target).isDirectory())
      throw new DomainError('BAD_REQUEST', `保存先はフォルダです。ファイル名を指定してください / ${target} is a folder; give a file name`);
    if (!force)
      throw new DomainError(
        'BAD_REQUEST',
        `${target} は既にあります。上書きするときは --force を付けてください / ${target} already exists; add --force to overwrite it`,
      );
  }
  const partial = resolve(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  try {
    // Read-only and without the shirube lock: a running server keeps its lock and its writes.
    const source = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      await copyDatabase(source, partial);
    } finally {
      source.close();
    }
    const facts = checkCopy(partial, 'バックアップ / the backup');
    const fd = openSync(partial, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, target);
    syncDirectory(dirname(target));
    return { file: target, bytes: statSync(target).size, ...facts };
  } finally {
    removeWithCompanions(partial);
  }
}

export interface RestoreOptions {
  /** The database file to replace (shirube.db). */
  dbFile: string;
  /** The backup to put in its place. */
  from: string;
  /** The current time (ISO), for the name the replaced database is kept under. */
  now: string;
}

/** shirube.db.before-restore-20261201T093000Z, or …-2 when that is taken. */
function asideName(dbFile: string, now: string): string {
  const stamp = now.replace(/\.\d+/, '').replace(/[-:]/g, '');
  const base = `${dbFile}.before-restore-${stamp}`;
  let name = base;
  for (let n = 2; ['', ...COMPANIONS].some((s) => existsSync(`${name}${s}`)); n++) name = `${base}-${n}`;
  return name;
}

export async function restoreSqlite({ dbFile, from, now }: RestoreOptions): Promise<RestoreResult> {
  const source = resolve(from);
  if (isPartOf(dbFile, source))
    throw new DomainError(
      'BAD_REQUEST',
      `使用中のデータベースそのものからは復元できません / cannot restore from the database itself: ${source}`,
    );
  if (!existsSync(source) || !statSync(source).isFile())
    throw new DomainError('BAD_REQUEST', `ファイルを読めません / cannot read: ${source}`);
  mkdirSync(dirname(dbFile), { recursive: true });
  // The same lock as every command and the server: refuses (DATABASE_LOCKED) while one runs.
  const lock = acquireSqliteLock(dbFile);
  const incoming = `${dbFile}.restore-${process.pid}.tmp`;
  try {
    let reader: BetterSqlite3.Database;
    try {
      reader = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
    } catch (e) {
      throw new DomainError('BAD_REQUEST', `ファイルを開けません / cannot open: ${source}（${errorMessage(e)}）`);
    }
    try {
      await copyDatabase(reader, incoming);
    } catch (e) {
      throw asNotADatabase(e, source);
    } finally {
      reader.close();
    }
    checkCopy(incoming, source);
    // Bring an older backup up to date, still under its temporary name: if a migration
    // fails, the current database has not been touched.
    let applied: string[];
    try {
      const db = await openDatabase({ kind: 'sqlite', file: incoming });
      try {
        ({ applied } = await migrateToLatest(db));
      } finally {
        await db.close();
      }
    } catch (e) {
      if (e instanceof DomainError) throw e;
      throw new DomainError(
        'BAD_REQUEST',
        `${source} を最新の構造にできません（新しい版の しるべ のバックアップかもしれません）。何も変更していません / cannot migrate the backup (made by a newer Shirube?); nothing was changed`,
        [{ message: errorMessage(e) }],
      );
    } finally {
      rmSync(`${incoming}.lock`, { force: true });
      rmSync(`${incoming}.lock-journal`, { force: true });
    }
    const facts = checkCopy(incoming, source);

    for (const suffix of COMPANIONS)
      if (existsSync(`${incoming}${suffix}`)) throw new Error(`internal: ${incoming}${suffix} is left beside the restored copy`);

    let keptAs: string | null = null;
    if (existsSync(dbFile)) {
      // Fold the write-ahead log into the file, so that the file kept aside is whole by
      // itself; SQLite removes the -wal and -shm when this last connection closes.
      try {
        const current = new BetterSqlite3(dbFile, { fileMustExist: true });
        try {
          current.pragma('wal_checkpoint(TRUNCATE)');
        } finally {
          current.close();
        }
      } catch {
        // A database that cannot be opened is moved as it is, with its companions.
      }
    }
    // Whatever is still there moves aside together (a -wal left beside the restored file
    // would be read as its own log), even a -wal whose database is gone.
    const present = ['', ...COMPANIONS].filter((suffix) => existsSync(`${dbFile}${suffix}`));
    if (present.length > 0) {
      keptAs = asideName(dbFile, now);
      for (const suffix of present) renameSync(`${dbFile}${suffix}`, `${keptAs}${suffix}`);
    }
    try {
      renameSync(incoming, dbFile);
    } catch (e) {
      if (keptAs) for (const suffix of present) renameSync(`${keptAs}${suffix}`, `${dbFile}${suffix}`);
      throw e;
    }
    syncDirectory(dirname(dbFile));
    return { file: dbFile, from: source, keptAs, applied, ...facts };
  } finally {
    removeWithCompanions(incoming);
    lock.release();
  }
}
