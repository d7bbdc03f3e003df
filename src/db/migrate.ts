/**
 * Forward-only migrations, applied in name order. Each file is one intent with a comment
 * saying why. Add a new file; never edit one that has shipped. A new name must sort after every
 * name already applied anywhere (Kysely refuses a database whose last migration sorts after a
 * new one): date it today or later, and number it after the last.
 */
import { type Migration, Migrator } from 'kysely';
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
  '20261203_0014_evaluations': evaluations,
  '20261203_0015_annual_plans': annualPlans,
};

export interface MigrationOutcome {
  applied: string[];
}

export async function migrateToLatest(db: Db): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db: db.kysely,
    // On PostgreSQL the migrator must look for its own tables in the schema it works in:
    // otherwise it finds another schema's shirube_migrations and skips creating its own.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'shirube_migrations',
    migrationLockTableName: 'shirube_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
