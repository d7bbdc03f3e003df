/**
 * THE one place the evaluation reads a KPI's target for a fiscal year: the target the year is
 * rated against (src/domain/plan/targets-in-force.ts `targetForRating`: the target in force on
 * the year's last day, or today while it runs), from the KPI's history of revisions. The sheet,
 * the overview, the 総括表 and the submission rules all read targets through it.
 *
 * Not the plan's `kpi.targets`: the evaluation finds its plan as of the year's first day (the
 * plan covering the year), and those targets are the ones in force on that day.
 */
import type { Kysely } from 'kysely';
import type { LoadedPlan } from '../../db/queries/load-plan.js';
import type { Database } from '../../db/schema.js';
import type { FiscalYear, IsoDate } from '../../domain/fiscal-calendar.js';
import { listKpis } from '../../domain/plan/plan.js';
import { targetForRating } from '../../domain/plan/targets-in-force.js';

/** KPI code → the target in force for the year (null = 設定なし). */
export async function targetsInForce(
  _db: Kysely<Database>,
  loaded: LoadedPlan,
  fiscalYear: FiscalYear,
  today: IsoDate,
): Promise<Map<string, number | null>> {
  return new Map(
    listKpis(loaded.plan).map(({ kpi }) => {
      const history = loaded.targetHistories.get(kpi.code)?.get(fiscalYear);
      return [kpi.code, history ? targetForRating(history, today) : (kpi.targets[fiscalYear] ?? null)];
    }),
  );
}
