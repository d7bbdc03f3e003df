/**
 * One KPI's target history for every year of the current plan: the original, the target each
 * year is rated against today, and the revisions in decision order (present-target-history.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { IsoDate } from '../domain/fiscal-calendar.js';
import { listKpis } from '../domain/plan/plan.js';
import { findPlan } from './find-plan.js';
import { presentTargetYears, type TargetYearBody } from './present-target-history.js';

export interface KpiTargetHistoryOptions {
  db: Kysely<Database>;
  chamberCode: string;
  kpiCode: string;
  today: IsoDate;
}

export interface KpiTargetHistory {
  kpi: { code: string; name: string; unit: string; measure: number; parentCode: string | null };
  plan: { code: string; title: string; period: { from: number; to: number } };
  today: IsoDate;
  years: TargetYearBody[];
}

export async function kpiTargetHistory({
  db,
  chamberCode,
  kpiCode,
  today,
}: KpiTargetHistoryOptions): Promise<KpiTargetHistory | undefined> {
  const loaded = await findPlan({ db, chamberCode, today });
  const located = loaded && listKpis(loaded.plan).find((l) => l.kpi.code === kpiCode);
  if (!loaded || !located) return undefined;
  const { kpi, measure, parentCode } = located;
  const { plan } = loaded;
  return {
    kpi: { code: kpi.code, name: kpi.name, unit: kpi.unit, measure: measure.number, parentCode },
    plan: { code: plan.code, title: plan.title, period: plan.period },
    today,
    years: presentTargetYears(loaded.targetHistories.get(kpi.code), kpi.targets, today),
  };
}
