/**
 * THE one place the evaluation reads a KPI's target for a fiscal year: the target in force.
 * Today that is the plan's own (`kpi.targets[year]`, which a re-imported plan file already
 * updates, its old values kept in target_revisions). When target revisions with their own
 * effective year arrive (branch `targets`), point this function at them: the sheet, the
 * overview, the 総括表 and the submission rules all read targets through it.
 */
import type { Kysely } from 'kysely';
import type { LoadedPlan } from '../../db/queries/load-plan.js';
import type { Database } from '../../db/schema.js';
import type { FiscalYear } from '../../domain/fiscal-calendar.js';
import { listKpis } from '../../domain/plan/plan.js';

/** KPI code → the target in force for the year (null = 設定なし). */
export async function targetsInForce(
  _db: Kysely<Database>,
  loaded: LoadedPlan,
  fiscalYear: FiscalYear,
): Promise<Map<string, number | null>> {
  return new Map(listKpis(loaded.plan).map(({ kpi }) => [kpi.code, kpi.targets[fiscalYear] ?? null]));
}
