/**
 * Every KPI of a chamber's plan, for every fiscal year of the plan (or one): target,
 * actual derived from the records by the KPI's definition (or entered by hand), 達成率,
 * and how the figure was obtained, with the terms behind it.
 */
import type { Kysely } from 'kysely';
import type { LoadedPlan } from '../db/queries/load-plan.js';
import { listManualActuals } from '../db/queries/manual-actuals.js';
import { measure } from '../db/queries/measure.js';
import type { Database } from '../db/schema.js';
import { fiscalYearRange, type IsoDate } from '../domain/fiscal-calendar.js';
import {
  type Actual,
  achievementRate,
  type EvaluationContext,
  evaluateActual,
  type Measurement,
  measurementsFor,
} from '../domain/kpi/evaluate.js';
import { type LocatedKpi, listKpis, strategyLabel } from '../domain/plan/plan.js';
import { findPlan } from './find-plan.js';

export interface ComputeKpiActualsOptions {
  db: Kysely<Database>;
  chamberCode: string;
  planCode?: string | undefined;
  /** One fiscal year of the plan; all of them when absent. */
  fiscalYear?: number | undefined;
  /** One KPI (its code); all of them when absent. */
  kpiCode?: string | undefined;
  today: IsoDate;
}

export interface KpiResult {
  code: string;
  strategy: string;
  measure: number;
  goal: number;
  name: string;
  unit: string;
  cumulative: boolean;
  fiscalYear: number;
  /** The target the year is rated against: in force on its last day, or today (findPlan). */
  target: number | null;
  /** The plan's original target (differs from `target` after a revision). */
  originalTarget: number | null;
  actual: number | null;
  /** derived: from the records; manual: entered by hand; missing: none, with the reason. */
  source: Actual['status'];
  reason: string | null;
  provisional: boolean;
  finalOn: IsoDate | null;
  achievementRate: number | null;
  achievementNote: string | null;
  /** What was measured to obtain the actual, and each value. */
  terms: { label: string; value: number | null; measurement: Measurement }[];
  note: string | null;
  evidence: string | null;
}

export interface KpiActuals {
  chamberId: number;
  chamber: { code: string; name: string };
  plan: { code: string; title: string; period: { from: number; to: number } };
  today: IsoDate;
  results: KpiResult[];
}

export async function computeKpiActuals({
  db,
  chamberCode,
  planCode,
  kpiCode,
  fiscalYear,
  today,
}: ComputeKpiActualsOptions): Promise<KpiActuals | undefined> {
  const loaded = await findPlan({ db, chamberCode, planCode, today });
  if (!loaded) return undefined;
  return computeKpiActualsOf(db, loaded, { kpiCode, fiscalYear, today });
}

/** computeKpiActuals for a plan already loaded. */
export async function computeKpiActualsOf(
  db: Kysely<Database>,
  loaded: LoadedPlan,
  { kpiCode, fiscalYear, today }: Pick<ComputeKpiActualsOptions, 'kpiCode' | 'fiscalYear' | 'today'>,
): Promise<KpiActuals> {
  const { plan, chamberId, planId } = loaded;
  const years = fiscalYear === undefined ? fiscalYearRange(plan.period.from, plan.period.to) : [fiscalYear];
  const manual = await listManualActuals(db, { chamberId, planId });

  const kpis = listKpis(plan).filter((l) => kpiCode === undefined || l.kpi.code === kpiCode);
  const cells = kpis.flatMap((located) =>
    years.map((fy) => {
      const ctx: EvaluationContext = {
        fiscalYear: fy,
        planFirstYear: plan.period.from,
        cumulative: located.kpi.cumulative,
        baseline: located.kpi.baseline,
        today,
      };
      return { located, ctx, measurements: located.kpi.actual ? measurementsFor(located.kpi.actual, ctx) : [] };
    }),
  );
  const measured = await measure(
    db,
    chamberId,
    cells.flatMap((c) => c.measurements),
  );
  const results = cells.map(({ located, ctx }) =>
    present(
      located,
      ctx.fiscalYear,
      loaded.targetHistories.get(located.kpi.code)?.get(ctx.fiscalYear)?.original ?? located.kpi.targets[ctx.fiscalYear] ?? null,
      evaluateActual(located.kpi.actual, ctx, measured, manual.get(`${located.kpi.code}/${ctx.fiscalYear}`) ?? null),
    ),
  );
  return {
    chamberId,
    chamber: plan.chamber,
    plan: { code: plan.code, title: plan.title, period: plan.period },
    today,
    results,
  };
}

function present(
  { kpi, strategy, measure, goal }: LocatedKpi,
  fiscalYear: number,
  originalTarget: number | null,
  actual: Actual,
): KpiResult {
  const target = kpi.targets[fiscalYear] ?? null;
  const value = actual.status === 'missing' ? null : actual.value;
  const achievement = achievementRate(value, target);
  return {
    code: kpi.code,
    strategy: strategyLabel(strategy),
    measure: measure.number,
    goal: goal.number,
    name: kpi.name,
    unit: kpi.unit,
    cumulative: kpi.cumulative,
    fiscalYear,
    target,
    originalTarget,
    actual: value,
    source: actual.status,
    reason: actual.status === 'missing' ? actual.reason : null,
    provisional: actual.status === 'derived' && actual.provisional,
    finalOn: actual.status === 'derived' ? actual.finalOn : null,
    achievementRate: achievement.rate,
    achievementNote: achievement.reason,
    terms: actual.status === 'manual' ? [] : actual.terms,
    note: actual.status === 'derived' ? actual.note : null,
    evidence: actual.status === 'manual' ? `${actual.evidence}（${actual.enteredBy}）` : null,
  };
}
