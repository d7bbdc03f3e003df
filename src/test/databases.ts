/**
 * The database test suite runs on both backends. SQLite: a fresh file in a temp folder.
 * PostgreSQL: a fresh schema in the server at TEST_DATABASE_URL, DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432/test, dropped afterwards.
 *
 * SHIRUBE_TEST_PG=required (CI) fails when the server does not answer; =off leaves it out;
 * unset, PostgreSQL is included when the server answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Db, openDatabase } from '../db/connection.js';
import { migrateTo, migrateToLatest } from '../db/migrate.js';
import { CHAMBER_TABLES } from '../db/schema.js';

/** The advisory lock that keeps test migrations and schema drops apart (any number; the same everywhere). */
const SCHEMA_LOCK = 720_412;

export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestBackend {
  name: 'sqlite' | 'postgres';
  /** A new, migrated, empty database (up to `upTo` when given, to test a migration); `dispose` removes it. */
  create(options?: { upTo?: string }): Promise<TestDb>;
}

export interface TestDb extends Db {
  dispose(): Promise<void>;
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const sqlite: TestBackend = {
  name: 'sqlite',
  async create({ upTo } = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'shirube-test-'));
    const db = await openDatabase({ kind: 'sqlite', file: join(dir, 'shirube.db') });
    await (upTo === undefined ? migrateToLatest(db) : migrateTo(db, upTo));
    return {
      ...db,
      async dispose() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: TestBackend = {
  name: 'postgres',
  async create({ upTo } = {}) {
    const schema = `t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    // Kysely's migrator lists the tables of every schema; a schema another test file drops
    // meanwhile fails that listing ("schema … does not exist"). Migrating and dropping hold
    // the same advisory lock, so they never overlap, in any process.
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    let db: Db;
    try {
      await admin.query(`create schema ${schema}`);
      db = await openDatabase({ kind: 'postgres', url: TEST_PG_URL, schema });
      await admin.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
      try {
        await (upTo === undefined ? migrateToLatest(db) : migrateTo(db, upTo));
      } finally {
        await admin.query('select pg_advisory_unlock($1)', [SCHEMA_LOCK]);
      }
    } finally {
      await admin.end();
    }
    return {
      ...db,
      async dispose() {
        await db.close();
        const c = new pg.Client({ connectionString: TEST_PG_URL });
        await c.connect();
        try {
          await c.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
          await c.query(`drop schema ${schema} cascade`);
        } finally {
          await c.end(); // ends the session, and with it the lock
        }
      },
    };
  },
};

export async function testBackends(): Promise<TestBackend[]> {
  const mode = process.env.SHIRUBE_TEST_PG ?? 'auto';
  if (mode === 'off') return [sqlite];
  if (await postgresAnswers()) return [sqlite, postgres];
  if (mode === 'required') throw new Error(`SHIRUBE_TEST_PG=required but PostgreSQL does not answer at ${TEST_PG_URL}`);
  return [sqlite];
}

/** Every row of every table of the chambers, and the audit trail: to show that a refused change wrote nothing. */
export async function snapshotChamberTables(db: Db): Promise<Record<string, unknown[]>> {
  const tables = [...CHAMBER_TABLES, 'audit_log'] as const;
  return Object.fromEntries(
    await Promise.all(tables.map(async (t) => [t, await db.kysely.selectFrom(t).selectAll().orderBy('id').execute()] as const)),
  );
}
