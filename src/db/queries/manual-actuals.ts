/** Manual actuals of a plan's KPIs (for KPIs no record can produce), by KPI code. */
import type { Kysely } from 'kysely';
import type { ManualActual } from '../../domain/kpi/evaluate.js';
import type { Database } from '../schema.js';

export async function listManualActuals(
  db: Kysely<Database>,
  { chamberId, planId }: { chamberId: number; planId: number },
): Promise<Map<string, ManualActual>> {
  const rows = await db
    .selectFrom('manual_actuals as m')
    .innerJoin('kpis as k', 'k.id', 'm.kpiId')
    .select(['k.code', 'm.fiscalYear', 'm.value', 'm.evidence', 'm.enteredBy', 'm.enteredAt'])
    .where('m.chamberId', '=', chamberId)
    .where('k.planId', '=', planId)
    .execute();
  return new Map(
    rows.map((r) => [
      `${r.code}/${r.fiscalYear}`,
      { value: r.value, evidence: r.evidence, enteredBy: r.enteredBy, enteredAt: r.enteredAt },
    ]),
  );
}
