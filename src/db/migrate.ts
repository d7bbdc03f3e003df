/**
 * Forward-only migrations, applied in name order. Each file is one intent with a comment
 * saying why. Add a new file; never edit one that has shipped. A new name must sort after every
 * name already applied anywhere (Kysely refuses a database whose last migration sorts after a
 * new one): date it today or later, and number it after the last.
 */
import { type Migration, type MigrationResultSet, Migrator } from 'kysely';
import type { Db } from './connection.js';
import * as plan from './migrations/20261125_0001_plan.js';
import * as records from './migrations/20261125_0002_records.js';
import * as supportIndex from './migrations/20261125_0003_support_covering_index.js';
import * as supportMonthly from './migrations/20261125_0004_support_monthly.js';
import * as dropSupportYearIndex from './migrations/20261201_0005_drop_support_year_index.js';
import * as supportKeyIndex from './migrations/20261201_0006_support_key_index.js';
import * as businessesIndustryIndex from './migrations/20261201_0007_businesses_industry_index.js';
import * as accountsAudit from './migrations/20261201_0008_accounts_audit.js';
import * as kpiOwners from './migrations/20261202_0009_kpi_owners.js';
import * as ratingBands from './migrations/20261202_0010_chamber_rating_bands.js';
import * as supportChamberIdIndex from './migrations/20261203_0011_support_chamber_id_index.js';
import * as roadmapStatus from './migrations/20261203_0012_roadmap_status.js';
import * as targetRevisionDecisions from './migrations/20261203_0013_target_revision_decisions.js';
import * as evaluations from './migrations/20261203_0014_evaluations.js';
import * as annualPlans from './migrations/20261203_0015_annual_plans.js';

const MIGRATIONS: Record<string, Migration> = {
  '20261125_0001_plan': plan,
  '20261125_0002_records': records,
  '20261125_0003_support_covering_index': supportIndex,
  '20261125_0004_support_monthly': supportMonthly,
  '20261201_0005_drop_support_year_index': dropSupportYearIndex,
  '20261201_0006_support_key_index': supportKeyIndex,
  '20261201_0007_businesses_industry_index': businessesIndustryIndex,
  '20261201_0008_accounts_audit': accountsAudit,
  '20261202_0009_kpi_owners': kpiOwners,
  '20261202_0010_chamber_rating_bands': ratingBands,
  '20261203_0011_support_chamber_id_index': supportChamberIdIndex,
  '20261203_0012_roadmap_status': roadmapStatus,
  '20261203_0013_target_revision_decisions': targetRevisionDecisions,
  '20261203_0014_evaluations': evaluations,
  '20261203_0015_annual_plans': annualPlans,
};

export interface MigrationOutcome {
  applied: string[];
}

const numberOf = (name: string) => Number(/^\d{8}_(\d{4})_/.exec(name)?.[1] ?? Number.NaN);

/** The migrations' numbers, in the order of MIGRATIONS (for the test that no two share one). */
export const MIGRATION_NUMBERS = Object.keys(MIGRATIONS).map(numberOf);
/** Their names, in the order of MIGRATIONS (for the test that name order and number order agree). */
export const MIGRATION_NAMES = Object.keys(MIGRATIONS);

function migratorOf(db: Db, migrations: Record<string, Migration> = MIGRATIONS): Migrator {
  return new Migrator({
    db: db.kysely,
    // On PostgreSQL the migrator must look for its own tables in the schema it works in:
    // otherwise it finds another schema's shirube_migrations and skips creating its own.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'shirube_migrations',
    migrationLockTableName: 'shirube_migrations_lock',
  });
}

export async function migrateToLatest(db: Db): Promise<MigrationOutcome> {
  return outcome(await migratorOf(db).migrateToLatest());
}

/**
 * A database as it was when the migration named was the latest: every migration with its number
 * or a lower one (for a test of a later migration on the rows before it).
 */
export async function migrateTo(db: Db, name: string): Promise<MigrationOutcome> {
  if (!(name in MIGRATIONS)) throw new Error(`no migration ${name}`);
  const upTo = Object.fromEntries(Object.entries(MIGRATIONS).filter(([n]) => numberOf(n) <= numberOf(name)));
  return outcome(await migratorOf(db, upTo).migrateToLatest());
}

function outcome({ error, results }: MigrationResultSet): MigrationOutcome {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
