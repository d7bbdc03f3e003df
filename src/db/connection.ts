/**
 * Opens the database: embedded SQLite (a file under the data directory) or a PostgreSQL
 * server (DATABASE_URL). One Kysely instance, one set of queries, for both.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { DomainError } from '../domain/errors.js';
import { type DialectName, PG_TYPE_PARSERS, SQLITE_PRAGMAS } from './dialect.js';
import type { Database } from './schema.js';
import { acquireSqliteLock } from './sqlite-lock.js';

export type DbConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string };

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for messages: a file path or a server without its password. */
  location: string;
  /** PostgreSQL: the schema the tables live in (the connection's current_schema). */
  schema?: string | undefined;
  /** SQLite: the connection itself, for the bulk-insert path only (src/db/bulk-insert.ts). */
  sqlite?: BetterSqlite3.Database | undefined;
  close(): Promise<void>;
}

export async function openDatabase(config: DbConfig): Promise<Db> {
  return config.kind === 'sqlite' ? openSqlite(config.file) : openPostgres(config.url, config.schema);
}

function openSqlite(file: string): Db {
  mkdirSync(dirname(file), { recursive: true });
  const lock = acquireSqliteLock(file);
  try {
    const conn = new BetterSqlite3(file);
    for (const pragma of SQLITE_PRAGMAS) conn.pragma(pragma);
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }), plugins: [new CamelCasePlugin()] });
    return {
      kysely,
      dialect: 'sqlite',
      location: file,
      sqlite: conn,
      close: async () => {
        await kysely.destroy();
        lock.release();
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}

async function openPostgres(url: string, schema?: string): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        PG_TYPE_PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const location = redactUrl(url) + (schema ? ` (schema ${schema})` : '');
  let current: string | undefined;
  try {
    const client = await pool.connect();
    try {
      current = (await client.query<{ schema: string }>('select current_schema() as schema')).rows[0]?.schema;
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end();
    throw new DomainError(
      'DATABASE_UNAVAILABLE',
      `PostgreSQL（${location}）に接続できません: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  return { kysely, dialect: 'postgres', location, schema: current ?? schema ?? 'public', close: () => kysely.destroy() };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}
