/**
 * Everything that differs between SQLite and PostgreSQL lives here, and nowhere else.
 */
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, SqliteAdapter } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

export function dialectOf<DB>(db: Kysely<DB>): DialectName {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  if (adapter instanceof PostgresAdapter) return 'postgres';
  throw new Error('unsupported database adapter');
}

/** An integer primary key the database numbers itself. */
export function idColumn(dialect: DialectName): (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return dialect === 'sqlite' ? (col) => col.primaryKey().autoIncrement() : (col) => col.primaryKey().generatedByDefaultAsIdentity();
}

/**
 * SQLite settings for every connection: durable (WAL + synchronous=FULL), checked (foreign
 * keys), and a 64 MiB page cache: with the default 2 MiB, keeping four indexes of a
 * million support records up to date during an import thrashed the cache (bench/). Larger
 * was measured too: a million-row bulk load ran slower at 128 and 256 MiB (more fresh pages
 * to fault in on this machine) and no faster at 16 or 32.
 */
export const SQLITE_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = FULL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  'cache_size = -65536',
] as const;

/**
 * pg type parsers: int8 (count(*), sums) as numbers, numeric as numbers, and `date` as the
 * ISO string it is (the default parser makes a Date at local midnight, which shifts by a
 * day outside UTC).
 */
export const PG_TYPE_PARSERS: Record<number, (value: string) => unknown> = {
  20: (v) => Number(v), // int8
  1700: (v) => Number(v), // numeric
  1082: (v) => v, // date
};
