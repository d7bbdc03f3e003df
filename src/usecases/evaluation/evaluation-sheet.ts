/**
 * One 評価シート (様式2) as the page and the .xlsx show it: the measure, its KPIs' results for
 * the year (pre-filled, never typed), the roadmap entries planned for the year, what staff
 * wrote, the committee's comment, the state (未着手 / 下書き / 提出済み) with every unlock, and
 * what still blocks submission.
 */
import type { Kysely } from 'kysely';
import { type EvaluationSheetRow, findEvaluationSheet, listEvaluationUnlocks } from '../../db/queries/evaluations.js';
import type { Database } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import {
  EMPTY_SHEET,
  type KpiAction,
  kpiActionSchema,
  type Level,
  missesTarget,
  type OverallRating,
  type SheetInput,
  type SheetProblem,
  submissionProblems,
  suggestedOverall,
} from '../../domain/evaluation/sheet.js';
import type { FiscalYear, IsoDate } from '../../domain/fiscal-calendar.js';
import type { RatingBandSet } from '../../domain/kpi/rating.js';
import { strategyLabel } from '../../domain/plan/plan.js';
import { type EvaluationKpi, type EvaluationYear, loadEvaluationYear } from './evaluation-year.js';
import { type RoadmapYearRow, roadmapForYear } from './roadmap-for-year.js';

export interface EvaluationSheetView {
  chamber: { code: string; name: string };
  plan: { code: string; title: string; period: { from: number; to: number } };
  fiscalYear: FiscalYear;
  closed: boolean;
  bands: RatingBandSet;
  strategy: { label: string; title: string };
  measure: { number: number; title: string; direction: string | null };
  kpis: (EvaluationKpi & { misses: boolean })[];
  roadmap: RoadmapYearRow[];
  sheet: SheetInput;
  suggestedOverall: OverallRating | null;
  state: 'none' | 'draft' | 'submitted';
  submittedBy: string | null;
  submittedAt: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
  committeeComment: string;
  committeeCommentBy: string | null;
  committeeCommentAt: string | null;
  unlocks: { unlockedBy: string; unlockedAt: string; reason: string; submittedBy: string | null; submittedAt: string | null }[];
  /** What blocks submission now ([] when it can be submitted). */
  problems: SheetProblem[];
}

/** The stored row as the sheet's input (an absent row is the empty sheet). */
export function sheetInputOf(row: EvaluationSheetRow | undefined): SheetInput {
  if (!row) return EMPTY_SHEET;
  const parsed: Record<string, unknown> = JSON.parse(row.kpiActions);
  const kpiActions: Record<string, KpiAction> = {};
  for (const [code, value] of Object.entries(parsed)) {
    const action = kpiActionSchema.safeParse(value);
    if (action.success) kpiActions[code] = action.data;
  }
  return {
    achievements: row.achievements,
    issues: row.issues,
    improvements: row.improvements,
    necessity: row.necessity as Level | null,
    effectiveness: row.effectiveness as Level | null,
    efficiency: row.efficiency as Level | null,
    overall: row.overall as OverallRating | null,
    kpiActions,
  };
}

/** The measure of the plan, with its strategy; 404 when the plan has no such number. */
export function measureOf(year: EvaluationYear, measureNumber: number) {
  for (const strategy of year.loaded.plan.strategies) {
    const measure = strategy.measures.find((m) => m.number === measureNumber);
    if (measure) return { strategy, measure };
  }
  throw new DomainError('NOT_FOUND', `施策${measureNumber}が見つかりません`);
}

export interface EvaluationSheetOptions {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
  measureNumber: number;
  today: IsoDate;
  /** Already loaded (the .xlsx of every sheet loads the year once). */
  year?: EvaluationYear;
}

export async function evaluationSheet({
  db,
  chamberCode,
  fiscalYear,
  measureNumber,
  today,
  year: given,
}: EvaluationSheetOptions): Promise<EvaluationSheetView> {
  const year = given ?? (await loadEvaluationYear({ db, chamberCode, fiscalYear, today }));
  const { loaded } = year;
  const { strategy, measure } = measureOf(year, measureNumber);
  const key = { chamberId: loaded.chamberId, planId: loaded.planId, fiscalYear, measureNumber };
  const [row, roadmap] = await Promise.all([
    findEvaluationSheet(db, key),
    roadmapForYear(db, { loaded, measureNumber, fiscalYear, today }),
  ]);
  const unlocks = row ? await listEvaluationUnlocks(db, loaded.chamberId, row.id) : [];
  const kpis = year.kpis.filter((k) => k.measure.number === measureNumber).map((k) => ({ ...k, misses: missesTarget(k) }));
  const sheet = sheetInputOf(row);
  return {
    chamber: loaded.plan.chamber,
    plan: { code: loaded.plan.code, title: loaded.plan.title, period: loaded.plan.period },
    fiscalYear,
    closed: year.closed,
    bands: year.bands,
    strategy: { label: strategyLabel(strategy), title: strategy.title },
    measure: { number: measure.number, title: measure.title, direction: measure.direction },
    kpis,
    roadmap,
    sheet,
    suggestedOverall: suggestedOverall(kpis),
    state: row?.state ?? 'none',
    submittedBy: row?.submittedBy ?? null,
    submittedAt: row?.submittedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
    updatedAt: row?.updatedAt ?? null,
    committeeComment: row?.committeeComment ?? '',
    committeeCommentBy: row?.committeeCommentBy ?? null,
    committeeCommentAt: row?.committeeCommentAt ?? null,
    unlocks,
    problems: submissionProblems(sheet, kpis, { fiscalYear, today }),
  };
}
