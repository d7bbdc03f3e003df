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
import type BetterSqlite3 from 'better-sqlite3';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Db } from './connection.js';
import type { Database } from './schema.js';

const PG_ROWS_PER_STATEMENT = 1000;
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export interface BulkInserter {
  insert<T extends keyof Database>(table: T, rows: readonly Insertable<Database[T]>[]): Promise<void>;
}

export function bulkInserter(db: Db, trx: Transaction<Database>): BulkInserter {
  const raw = db.sqlite;
  if (raw) return { insert: async (table, rows) => insertSqlite(raw, table, rows as readonly Record<string, unknown>[]) };
  return {
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
}

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function insertSqlite(conn: BetterSqlite3.Database, table: string, rows: readonly Record<string, unknown>[]): void {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const sql = `insert into ${table} (${columns.map(snake).join(', ')}) values (${columns.map(() => '?').join(', ')})`;
  const cache = statements.get(conn) ?? new Map<string, BetterSqlite3.Statement>();
  statements.set(conn, cache);
  const statement = cache.get(sql) ?? conn.prepare(sql);
  cache.set(sql, statement);
  const values = new Array<unknown>(columns.length);
  for (const row of rows) {
    for (let c = 0; c < columns.length; c++) values[c] = row[columns[c] as string] ?? null;
    statement.run(values);
  }
}

/** Runs a lookup over many values in chunks, so that no statement has too many parameters. */
export async function inChunks<V, R>(values: readonly V[], lookup: (chunk: V[]) => Promise<R[]>, size = 1000): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += size) out.push(...(await lookup(values.slice(i, i + size))));
  return out;
}
