/**
 * What every evaluation view of a fiscal year starts from: the plan that covers the year, the
 * chamber's rating bands, and every KPI's result for the year (target in force, actual from
 * the records or entered by hand, 達成率, 評価), located by strategy and measure.
 *
 * The rating compares the actual with the target (computeKpiActuals + rate with the chamber's
 * bands), as the dashboard does for a year that is over. For the year under way the actual is
 * to date (provisional), and so is its rating: such a sheet is a draft that cannot be submitted.
 */
import type { Kysely } from 'kysely';
import type { LoadedPlan } from '../../db/queries/load-plan.js';
import type { Database } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import type { EvaluatedKpi } from '../../domain/evaluation/sheet.js';
import { type FiscalYear, fiscalYearBounds, formatFiscalYear, type IsoDate } from '../../domain/fiscal-calendar.js';
import { achievementRate } from '../../domain/kpi/evaluate.js';
import { type Rating, type RatingBandSet, rate } from '../../domain/kpi/rating.js';
import { listKpis, strategyLabel } from '../../domain/plan/plan.js';
import { computeKpiActualsOf } from '../compute-kpi-actuals.js';
import { findPlan } from '../find-plan.js';
import { chamberRatingBands } from '../rating-bands.js';
import { targetsInForce } from './targets-in-force.js';

export interface EvaluationKpi extends EvaluatedKpi {
  parentCode: string | null;
  strategy: { label: string; title: string };
  measure: { number: number; title: string };
  achievementRate: number | null;
  rating: Rating;
  provisional: boolean;
}

export interface EvaluationYear {
  loaded: LoadedPlan;
  fiscalYear: FiscalYear;
  /** The year has ended (today is after 3月31日). */
  closed: boolean;
  bands: RatingBandSet;
  kpis: EvaluationKpi[];
}

export interface LoadEvaluationYearOptions {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
  today: IsoDate;
}

/** The plan covering the year; 404 when there is none, 400 for a year not begun. */
export async function findEvaluationPlan({ db, chamberCode, fiscalYear, today }: LoadEvaluationYearOptions): Promise<LoadedPlan> {
  const { start } = fiscalYearBounds(fiscalYear);
  const loaded = await findPlan({ db, chamberCode, today: start });
  if (!loaded || fiscalYear < loaded.plan.period.from || fiscalYear > loaded.plan.period.to)
    throw new DomainError('NOT_FOUND', `${formatFiscalYear(fiscalYear)}を含む計画が見つかりません`);
  if (today < start) throw new DomainError('BAD_REQUEST', `${formatFiscalYear(fiscalYear)}はまだ始まっていないため評価できません`);
  return loaded;
}

export async function loadEvaluationYear(options: LoadEvaluationYearOptions): Promise<EvaluationYear> {
  const { db, fiscalYear, today } = options;
  const loaded = await findEvaluationPlan(options);
  const [{ bands }, targets, actuals] = await Promise.all([
    chamberRatingBands(db, loaded.chamberId),
    targetsInForce(db, loaded, fiscalYear, today),
    computeKpiActualsOf(db, loaded, { fiscalYear, today }),
  ]);
  const results = new Map(actuals.results.map((r) => [r.code, r]));
  const kpis = listKpis(loaded.plan).map(({ kpi, strategy, measure, parentCode }): EvaluationKpi => {
    const result = results.get(kpi.code);
    const target = targets.get(kpi.code) ?? null;
    const actual = result?.actual ?? null;
    const reason = result?.reason ?? null;
    const achievement = achievementRate(actual, target);
    return {
      code: kpi.code,
      name: kpi.name,
      unit: kpi.unit,
      parentCode,
      strategy: { label: strategyLabel(strategy), title: strategy.title },
      measure: { number: measure.number, title: measure.title },
      target,
      actual,
      reason,
      achievementRate: achievement.rate,
      rating: rate(achievement.rate, target, bands, { actual, ...(reason ? { reason } : {}) }),
      provisional: result?.provisional ?? false,
    };
  });
  return { loaded, fiscalYear, closed: today > fiscalYearBounds(fiscalYear).end, bands, kpis };
}
