/**
 * The dashboard's figures for one fiscal year: every KPI of the plan, grouped by strategy and
 * measure, with target, actual to date, 達成率, expected by today, projected year-end value,
 * rating and the trend over the plan's years; and the count of KPIs at each rating, those
 * falling behind first.
 *
 * The pace of a flow KPI needs how its earlier years filled up month by month: for each of
 * up to three earlier fiscal years, the KPI's definition is measured up to the end of every
 * month (src/domain/kpi/progress.ts flowUntil) in one batch with the rest.
 */
import type { Kysely } from 'kysely';
import { measure } from '../db/queries/measure.js';
import type { Database } from '../db/schema.js';
import { type FiscalYear, fiscalYearBounds, fiscalYearOf, type IsoDate } from '../domain/fiscal-calendar.js';
import { type EvaluationContext, evaluateActual, type Measurement, measurementsFor } from '../domain/kpi/evaluate.js';
import type { MonthlyHistory } from '../domain/kpi/pace.js';
import {
  assessProgress,
  flowUntil,
  historyYears,
  monthEndOf,
  monthlyFromRunningTotals,
  type Progress,
  paceKindOf,
} from '../domain/kpi/progress.js';
import { type RatingBandSet, type RatingSummary, summarizeRatings } from '../domain/kpi/rating.js';
import { kpiTrend, type TrendPoint } from '../domain/kpi/trend.js';
import { type LocatedKpi, listKpis, strategyLabel } from '../domain/plan/plan.js';
import { computeKpiActualsOf, type KpiResult } from './compute-kpi-actuals.js';
import { findPlan } from './find-plan.js';
import { chamberRatingBands } from './rating-bands.js';

export interface KpiProgressOptions {
  db: Kysely<Database>;
  chamberCode: string;
  /** Today's fiscal year when absent. */
  fiscalYear?: FiscalYear | undefined;
  today: IsoDate;
  /** The chamber's own (src/usecases/rating-bands.ts) when absent. */
  bands?: RatingBandSet;
}

export interface KpiProgressRow extends Progress {
  code: string;
  name: string;
  unit: string;
  cumulative: boolean;
  parentCode: string | null;
  strategy: string;
  measure: number;
  measureTitle: string;
  /** The target the year is rated against (see targets-in-force.ts). */
  target: number | null;
  /** The plan's original target for the year. */
  originalTarget: number | null;
  source: KpiResult['source'];
  reason: string | null;
  trend: TrendPoint[];
}

export interface KpiProgress {
  chamber: { code: string; name: string };
  plan: { code: string; title: string; period: { from: number; to: number } };
  fiscalYear: FiscalYear;
  today: IsoDate;
  bands: RatingBandSet;
  rows: KpiProgressRow[];
  summary: RatingSummary<KpiProgressRow>['counts'];
  /** The codes of the rows, those falling behind first. */
  behindFirst: string[];
}

export async function kpiProgress({
  db,
  chamberCode,
  fiscalYear,
  today,
  bands: givenBands,
}: KpiProgressOptions): Promise<KpiProgress | undefined> {
  const loaded = await findPlan({ db, chamberCode, today });
  if (!loaded) return undefined;
  const { plan, chamberId } = loaded;
  const bands = givenBands ?? (await chamberRatingBands(db, chamberId)).bands;
  const year = fiscalYear ?? fiscalYearOf(today);
  const actuals = await computeKpiActualsOf(db, loaded, { today });
  const byKey = new Map(actuals.results.map((r) => [`${r.code}/${r.fiscalYear}`, r]));
  const located = listKpis(plan);

  // The months of earlier years, only for a year under way (before and after need none).
  const { start, end } = fiscalYearBounds(year);
  const underWay = today >= start && today <= end;
  const histories = underWay ? await monthlyHistories(db, chamberId, located, year, plan.period.from) : new Map<string, MonthlyHistory[]>();

  const rows = located.map((l): KpiProgressRow => {
    const { kpi } = l;
    const result = byKey.get(`${kpi.code}/${year}`);
    const target = kpi.targets[year] ?? null;
    const previousYearEnd = year === plan.period.from ? kpi.baseline : (byKey.get(`${kpi.code}/${year - 1}`)?.actual ?? null);
    const progress = assessProgress({
      definition: kpi.actual,
      cumulative: kpi.cumulative,
      fiscalYear: year,
      today,
      target,
      actual: result?.actual ?? null,
      source: result?.source ?? 'missing',
      reason: result?.reason ?? (year < plan.period.from || year > plan.period.to ? '計画期間外の年度です' : null),
      previousYearEnd,
      history: histories.get(kpi.code) ?? [],
      bands,
    });
    return {
      ...progress,
      code: kpi.code,
      name: kpi.name,
      unit: kpi.unit,
      cumulative: kpi.cumulative,
      parentCode: l.parentCode,
      strategy: strategyLabel(l.strategy),
      measure: l.measure.number,
      measureTitle: l.measure.title,
      target,
      originalTarget: loaded.targetHistories.get(kpi.code)?.get(year)?.original ?? target,
      source: result?.source ?? 'missing',
      reason: result?.reason ?? null,
      trend: kpiTrend({
        baselineYear: kpi.baselineYear,
        baseline: kpi.baseline,
        period: plan.period,
        targets: kpi.targets,
        actuals: Object.fromEntries(actuals.results.filter((r) => r.code === kpi.code).map((r) => [r.fiscalYear, r.actual])),
        today,
      }),
    };
  });
  const summary = summarizeRatings(rows, bands);
  return {
    chamber: plan.chamber,
    plan: { code: plan.code, title: plan.title, period: plan.period },
    fiscalYear: year,
    today,
    bands,
    rows,
    summary: summary.counts,
    behindFirst: summary.behindFirst.map((r) => r.code),
  };
}

/** For every flow KPI with a definition: the months of up to three years before `year`. */
async function monthlyHistories(
  db: Kysely<Database>,
  chamberId: number,
  located: readonly LocatedKpi[],
  year: FiscalYear,
  planFirstYear: FiscalYear,
): Promise<Map<string, MonthlyHistory[]>> {
  const cells: { code: string; fiscalYear: FiscalYear; month: number; ctx: EvaluationContext; expr: ReturnType<typeof flowUntil> }[] = [];
  for (const { kpi } of located) {
    if (!kpi.actual || paceKindOf(kpi.actual) !== 'flow') continue;
    for (const fiscalYear of historyYears(year)) {
      // Each year's own increase, whether or not the KPI is 累計.
      const ctx: EvaluationContext = {
        fiscalYear,
        planFirstYear,
        cumulative: false,
        baseline: null,
        today: fiscalYearBounds(fiscalYear).end,
      };
      for (let month = 0; month < 12; month++)
        cells.push({ code: kpi.code, fiscalYear, month, ctx, expr: flowUntil(kpi.actual, monthEndOf(month), fiscalYear) });
    }
  }
  const measurements: Measurement[] = cells.flatMap((c) => measurementsFor(c.expr, c.ctx));
  const measured = await measure(db, chamberId, measurements);
  const reached = new Map<string, Map<FiscalYear, number[]>>();
  for (const c of cells) {
    const actual = evaluateActual(c.expr, c.ctx, measured);
    const years = reached.get(c.code) ?? new Map<FiscalYear, number[]>();
    const values = years.get(c.fiscalYear) ?? [];
    values[c.month] = actual.status === 'missing' ? 0 : actual.value;
    years.set(c.fiscalYear, values);
    reached.set(c.code, years);
  }
  const histories = new Map<string, MonthlyHistory[]>();
  for (const [code, years] of reached)
    histories.set(
      code,
      [...years].map(([fy, values]) => monthlyFromRunningTotals(fy, values)),
    );
  return histories;
}
