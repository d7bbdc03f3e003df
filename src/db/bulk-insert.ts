/**
 * Inserting many rows fast, inside a transaction the caller holds: the one write path that
 * differs by dialect (besides src/db/dialect.ts).
 *
 * - SQLite: one prepared INSERT run for each row, on the very connection that holds the
 *   transaction (better-sqlite3 is synchronous and Kysely's SQLite driver has a single
 *   connection, so these rows commit or roll back with the rest). This is the fastest path
 *   SQLite has; building one statement of thousands of parameters per chunk is slower.
 * - PostgreSQL: multi-row INSERTs of up to 1,000 rows (under the 65,535-parameter limit).
 *
 * Rows are plain column maps with camelCase keys, as everywhere in code.
 */
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import type { Insertable, Kysely, Transaction } from 'kysely';
import { ChamberScopePlugin, CrossChamberWrite } from './chamber-scope.js';
import type { Db } from './connection.js';
import type { Database } from './schema.js';

const PG_ROWS_PER_STATEMENT = 1000;
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export interface BulkInserter {
  insert<T extends keyof Database>(table: T, rows: readonly Insertable<Database[T]>[]): Promise<void>;
  /**
   * For loading many rows into a table that holds few: drops the table's secondary indexes
   * now and returns what builds them again, to be awaited after the rows are in, inside the
   * same transaction. Building an index once from sorted rows is about three times cheaper
   * than keeping it up to date row by row (bench/import-and-kpi.ts). SQLite only, where DDL
   * is transactional and the one connection is held by the transaction anyway: a failure or
   * a crash rolls the indexes back with the rows. On PostgreSQL dropping an index would lock
   * the table against every other chamber's readers until commit, so there it does nothing.
   * Unique indexes are dropped too, and their build checks the rule for all the rows; the
   * indexes of constraints (the primary key, UNIQUE in a table's definition) stay.
   */
  deferIndexes(table: keyof Database): Promise<() => Promise<void>>;
  /** insert, with each row given as its values in the order of `columns` (no object per row). */
  insertValues<T extends keyof Database>(
    table: T,
    columns: readonly (keyof Insertable<Database[T]> & string)[],
    rows: readonly (readonly unknown[])[],
  ): Promise<void>;
}

export function bulkInserter(db: Db, trx: Transaction<Database>): BulkInserter {
  const raw = db.sqlite;
  // The SQLite path writes on the raw connection, past the chamber scope's plugin: the rows
  // are checked here instead (src/db/chamber-scope.ts).
  const scope = trx.getExecutor().plugins.find((p): p is ChamberScopePlugin => p instanceof ChamberScopePlugin);
  const check = (table: string, chamberIds: Iterable<unknown>) => {
    if (!scope) return;
    for (const id of chamberIds) if (id !== scope.chamberId) throw new CrossChamberWrite(`${table}: ほかの商工会の行は書き込めません`);
  };
  if (raw)
    return {
      insert: async (table, rows) => {
        check(
          table,
          rows.map((r) => (r as { chamberId?: unknown }).chamberId),
        );
        insertSqlite(raw, table, rows as readonly Record<string, unknown>[]);
      },
      deferIndexes: async (table) => deferSqliteIndexes(raw, table),
      insertValues: async (table, columns, rows) => {
        const at = columns.indexOf('chamberId' as (typeof columns)[number]);
        check(
          table,
          rows.map((r) => r[at]),
        );
        insertSqliteValues(raw, table, columns, rows);
      },
    };
  const pg: BulkInserter = {
    deferIndexes: async () => async () => {},
    insertValues: async (table, columns, rows) =>
      pg.insert(
        table,
        rows.map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]])) as Insertable<Database[typeof table]>),
      ),
    insert: async (table, rows) => {
      for (let i = 0; i < rows.length; i += PG_ROWS_PER_STATEMENT) {
        const chunk = rows.slice(i, i + PG_ROWS_PER_STATEMENT);
        // The table's own row type, widened: Kysely cannot relate a generic table name to its values.
        if (chunk.length)
          await (trx as unknown as Kysely<Record<string, Record<string, unknown>>>)
            .insertInto(table)
            .values(chunk as Record<string, unknown>[])
            .execute();
      }
    },
  };
  return pg;
}

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function insertStatement(conn: BetterSqlite3.Database, table: string, columns: readonly string[], rows = 1): BetterSqlite3.Statement {
  const row = `(${columns.map(() => '?').join(', ')})`;
  const sql = `insert into ${table} (${columns.map(snake).join(', ')}) values ${Array(rows).fill(row).join(', ')}`;
  const cache = statements.get(conn) ?? new Map<string, BetterSqlite3.Statement>();
  statements.set(conn, cache);
  const statement = cache.get(sql) ?? conn.prepare(sql);
  cache.set(sql, statement);
  return statement;
}

function insertSqlite(conn: BetterSqlite3.Database, table: string, rows: readonly Record<string, unknown>[]): void {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const statement = insertStatement(conn, table, columns);
  const values = new Array<unknown>(columns.length);
  for (const row of rows) {
    for (let c = 0; c < columns.length; c++) values[c] = row[columns[c] as string] ?? null;
    statement.run(values);
  }
}

/**
 * Rows by MULTI_ROWS in one statement: one call into SQLite per group instead of per row,
 * about a tenth faster for a million rows (bench/); the rest one by one.
 */
const MULTI_ROWS = 64;

function insertSqliteValues(
  conn: BetterSqlite3.Database,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): void {
  if (rows.length === 0) return;
  const width = columns.length;
  let i = 0;
  if (rows.length >= MULTI_ROWS) {
    const many = insertStatement(conn, table, columns, MULTI_ROWS);
    const values = new Array<unknown>(width * MULTI_ROWS);
    for (; i + MULTI_ROWS <= rows.length; i += MULTI_ROWS) {
      for (let r = 0; r < MULTI_ROWS; r++) {
        const row = rows[i + r] as readonly unknown[];
        for (let c = 0; c < width; c++) values[r * width + c] = row[c];
      }
      many.run(values);
    }
  }
  const one = insertStatement(conn, table, columns);
  for (; i < rows.length; i++) one.run(rows[i] as unknown[]);
}

function deferSqliteIndexes(conn: BetterSqlite3.Database, table: string): () => Promise<void> {
  // Indexes a CREATE INDEX made have their statement in sqlite_master; those of constraints
  // (sqlite_autoindex_…) have none and cannot be dropped.
  const indexes = conn
    .prepare<[string], { name: string; sql: string }>(
      "select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null",
    )
    .all(table);
  for (const index of indexes) conn.exec(`drop index "${index.name.replace(/"/g, '""')}"`);
  return async () => {
    // A second thread for the sorts: the import's reader thread is done by then.
    const threads = conn.pragma('threads', { simple: true });
    try {
      conn.pragma('threads = 2');
      for (const index of indexes) conn.exec(index.sql);
    } finally {
      conn.pragma(`threads = ${Number(threads)}`);
    }
  };
}

/**
 * Runs `work` with SQLite's foreign-key checks off, on the one connection, which is held
 * for the whole time so that no other query runs without them. For a bulk load only, whose
 * writer takes every reference from the database inside the same transaction (the chamber,
 * the 事業者 found by code), so the rows are right by construction: each check costs two
 * B-tree probes per row, a third of loading a million support records (bench/). The pragma
 * cannot change inside a transaction, so `work` begins its own. PostgreSQL keeps its checks.
 */
export async function withoutForeignKeyChecks<T>(db: Db, work: (kysely: Kysely<Database>) => Promise<T>): Promise<T> {
  const raw = db.sqlite;
  if (!raw) return work(db.kysely);
  return db.kysely.connection().execute(async (kysely) => {
    raw.pragma('foreign_keys = OFF');
    try {
      return await work(kysely);
    } finally {
      raw.pragma('foreign_keys = ON');
    }
  });
}

/**
 * Runs `work` (a transaction that writes a great deal) with SQLite's automatic checkpoint
 * off, and then checkpoints in a worker thread on a connection of its own: otherwise the
 * commit would copy the whole write-ahead log into the database file (hundreds of MB for a
 * million records) before returning. The rows are durable once the commit is (the log is
 * synced: synchronous=FULL); the checkpoint only moves them, and an interrupted one is
 * finished by the next. PostgreSQL: just `work`.
 */
export async function withCheckpointInBackground<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const raw = db.sqlite;
  if (!raw) return work();
  const autocheckpoint = Number(raw.pragma('wal_autocheckpoint', { simple: true }));
  raw.pragma('wal_autocheckpoint = 0');
  try {
    return await work();
  } finally {
    raw.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
    const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), { workerData: { file: raw.name } });
    // A checkpoint that cannot run now (the file is gone, the process ends) runs at the next commit.
    worker.on('error', () => {});
    worker.unref();
  }
}

/** Runs a lookup over many values in chunks, so that no statement has too many parameters. */
export async function inChunks<V, R>(values: readonly V[], lookup: (chunk: V[]) => Promise<R[]>, size = 1000): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += size) out.push(...(await lookup(values.slice(i, i + size))));
  return out;
}
