/**
 * Forward-only migrations, applied in name order. Each file is one intent with a comment
 * saying why. Add a new file; never edit one that has shipped.
 */
import { type Kysely, type Migration, Migrator } from 'kysely';
import * as plan from './migrations/20261125_0001_plan.js';
import * as records from './migrations/20261125_0002_records.js';
import type { Database } from './schema.js';

const MIGRATIONS: Record<string, Migration> = {
  '20261125_0001_plan': plan,
  '20261125_0002_records': records,
};

export interface MigrationOutcome {
  applied: string[];
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'shirube_migrations',
    migrationLockTableName: 'shirube_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
