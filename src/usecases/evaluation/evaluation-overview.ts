/**
 * A fiscal year's evaluation at a glance (and the 総括表 様式1's content): every strategy and
 * measure of the plan with its sheet's state and 総合評価, every KPI's result for the year, and
 * the committee's 総評.
 */
import type { Kysely } from 'kysely';
import { findEvaluationYear, listEvaluationSheets } from '../../db/queries/evaluations.js';
import type { Database } from '../../db/schema.js';
import type { OverallRating } from '../../domain/evaluation/sheet.js';
import type { FiscalYear, IsoDate } from '../../domain/fiscal-calendar.js';
import type { RatingBandSet } from '../../domain/kpi/rating.js';
import { strategyLabel } from '../../domain/plan/plan.js';
import { type EvaluationKpi, type EvaluationYear, loadEvaluationYear } from './evaluation-year.js';

export interface OverviewMeasure {
  number: number;
  title: string;
  state: 'none' | 'draft' | 'submitted';
  overall: OverallRating | null;
  submittedBy: string | null;
  submittedAt: string | null;
  committeeComment: string;
  kpis: EvaluationKpi[];
}

export interface EvaluationOverview {
  chamber: { code: string; name: string };
  plan: { code: string; title: string; period: { from: number; to: number } };
  fiscalYear: FiscalYear;
  closed: boolean;
  bands: RatingBandSet;
  strategies: { label: string; title: string; measures: OverviewMeasure[] }[];
  generalComment: { comment: string; updatedBy: string; updatedAt: string } | null;
}

export async function evaluationOverview(o: {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
  today: IsoDate;
  year?: EvaluationYear;
}): Promise<EvaluationOverview> {
  const { db, fiscalYear } = o;
  const year = o.year ?? (await loadEvaluationYear(o));
  const { loaded } = year;
  const key = { chamberId: loaded.chamberId, planId: loaded.planId, fiscalYear };
  const [sheets, general] = await Promise.all([listEvaluationSheets(db, key), findEvaluationYear(db, key)]);
  const byMeasure = new Map(sheets.map((s) => [s.measureNumber, s]));
  return {
    chamber: loaded.plan.chamber,
    plan: { code: loaded.plan.code, title: loaded.plan.title, period: loaded.plan.period },
    fiscalYear,
    closed: year.closed,
    bands: year.bands,
    strategies: loaded.plan.strategies.map((s) => ({
      label: strategyLabel(s),
      title: s.title,
      measures: s.measures.map((m): OverviewMeasure => {
        const sheet = byMeasure.get(m.number);
        return {
          number: m.number,
          title: m.title,
          state: sheet?.state ?? 'none',
          overall: (sheet?.overall as OverallRating | null | undefined) ?? null,
          submittedBy: sheet?.submittedBy ?? null,
          submittedAt: sheet?.submittedAt ?? null,
          committeeComment: sheet?.committeeComment ?? '',
          kpis: year.kpis.filter((k) => k.measure.number === m.number),
        };
      }),
    })),
    generalComment: general ? { comment: general.generalComment, updatedBy: general.updatedBy, updatedAt: general.updatedAt } : null,
  };
}
