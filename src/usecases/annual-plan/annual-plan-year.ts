/**
 * What every view and write of a year's 事業計画 starts from: the plan it belongs to, the draft
 * made from the PDCA (src/domain/plan/annual-plan.ts), and the stored plan when there is one.
 *
 * The plan of the year: the one whose period holds it; for the year right after a plan's last
 * year, that plan (the 事業計画 of R9 is drafted in R8's 2–3月 from R8's 工程表 and evaluation,
 * before a next plan exists), marked `beyondPlan`. Any other year answers 404.
 */
import type { Kysely } from 'kysely';
import {
  type AnnualPlanKey,
  type AnnualPlanRow,
  findAnnualPlan,
  listAnnualPlanItems,
  listRoadmapStatusesOfYear,
} from '../../db/queries/annual-plans.js';
import { listEvaluationSheets } from '../../db/queries/evaluations.js';
import type { LoadedPlan } from '../../db/queries/load-plan.js';
import type { Database } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import { type FiscalYear, fiscalYearBounds, formatFiscalYear } from '../../domain/fiscal-calendar.js';
import {
  type AnnualPlanItem,
  type AnnualPlanKpi,
  type AnnualPlanMeasureDraft,
  type AnnualPlanState,
  defaultPreface,
  draftAnnualPlan,
} from '../../domain/plan/annual-plan.js';
import { strategyLabel } from '../../domain/plan/plan.js';
import { sheetInputOf } from '../evaluation/evaluation-sheet.js';
import { targetsInForce } from '../evaluation/targets-in-force.js';
import { findPlan } from '../find-plan.js';

export interface AnnualPlanYear {
  loaded: LoadedPlan;
  fiscalYear: FiscalYear;
  /** The year the draft takes its 繰越 and 改善策 from; null in the plan's first year. */
  previousYear: FiscalYear | null;
  beyondPlan: boolean;
  key: AnnualPlanKey;
  draft: AnnualPlanMeasureDraft[];
  preface: string;
}

export interface AnnualPlanYearOptions {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
}

/** The plan of the year (see above); 404 when there is none. */
async function planOfYear({ db, chamberCode, fiscalYear }: AnnualPlanYearOptions) {
  const loaded = await findPlan({ db, chamberCode, today: fiscalYearBounds(fiscalYear).start });
  const period = loaded?.plan.period;
  if (loaded && period && period.from <= fiscalYear && fiscalYear <= period.to) return { loaded, beyondPlan: false };
  if (loaded && period && fiscalYear === period.to + 1) return { loaded, beyondPlan: true };
  throw new DomainError('NOT_FOUND', `${formatFiscalYear(fiscalYear)}の事業計画を作る計画（アクションプログラム）が見つかりません`);
}

export async function loadAnnualPlanYear(o: AnnualPlanYearOptions): Promise<AnnualPlanYear> {
  const { db, fiscalYear } = o;
  const { loaded, beyondPlan } = await planOfYear(o);
  const { chamberId, planId, plan } = loaded;
  const previous = fiscalYear - 1;
  const hasPrevious = previous >= plan.period.from;
  const [statuses, sheets, targets] = await Promise.all([
    hasPrevious ? listRoadmapStatusesOfYear(db, chamberId, planId, previous) : [],
    hasPrevious ? listEvaluationSheets(db, { chamberId, planId, fiscalYear: previous }) : [],
    // The year's target as the 事業計画 takes it up: in force when the year begins (a revision is
    // decided within the year it revises, so none can precede the plan made for it).
    targetsInForce(db, loaded, fiscalYear, fiscalYearBounds(fiscalYear).start),
  ]);
  const draft = draftAnnualPlan({
    fiscalYear,
    period: plan.period,
    measures: plan.strategies.flatMap((s) => s.measures),
    roadmapStatusesOfPreviousYear: statuses,
    evaluationsOfPreviousYear: sheets.map((s) => {
      const sheet = sheetInputOf(s);
      return { measure: s.measureNumber, state: s.state, improvements: sheet.improvements, kpiActions: sheet.kpiActions };
    }),
    targets,
  });
  return {
    loaded,
    fiscalYear,
    previousYear: hasPrevious ? previous : null,
    beyondPlan,
    key: { chamberId, planId, fiscalYear },
    draft,
    preface: defaultPreface({ fiscalYear, planTitle: plan.title, hasPrevious, beyondPlan }),
  };
}

export interface AnnualPlanMeasureView {
  strategy: { label: string; title: string };
  number: number;
  title: string;
  initiatives: { number: number; title: string }[];
  kpis: AnnualPlanKpi[];
  items: AnnualPlanItem[];
}

export interface AnnualPlanView {
  chamber: { code: string; name: string };
  plan: { code: string; title: string; period: { from: number; to: number } };
  fiscalYear: FiscalYear;
  previousYear: FiscalYear | null;
  beyondPlan: boolean;
  /** false: nothing stored yet; the measures are the draft (下書きの案). */
  stored: boolean;
  state: 'none' | AnnualPlanState;
  confirmedBy: string | null;
  confirmedAt: string | null;
  draftedBy: string | null;
  draftedAt: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
  preface: string;
  measures: AnnualPlanMeasureView[];
}

/** The stored plan with its items (or the draft when `row` is undefined), in the plan's measure order. */
export async function presentAnnualPlan(
  db: Kysely<Database>,
  year: AnnualPlanYear,
  row: AnnualPlanRow | undefined,
): Promise<AnnualPlanView> {
  const { plan } = year.loaded;
  const stored = row ? await listAnnualPlanItems(db, year.key.chamberId, row.id) : undefined;
  const drafts = new Map(year.draft.map((m) => [m.number, m]));
  const measures = plan.strategies.flatMap((s) =>
    s.measures.map((m): AnnualPlanMeasureView => {
      const d = drafts.get(m.number);
      return {
        strategy: { label: strategyLabel(s), title: s.title },
        number: m.number,
        title: m.title,
        initiatives: d?.initiatives ?? [],
        kpis: d?.kpis ?? [],
        items: stored ? (stored.get(m.number) ?? []) : (d?.items ?? []),
      };
    }),
  );
  return {
    chamber: plan.chamber,
    plan: { code: plan.code, title: plan.title, period: plan.period },
    fiscalYear: year.fiscalYear,
    previousYear: year.previousYear,
    beyondPlan: year.beyondPlan,
    stored: row !== undefined,
    state: row?.state ?? 'none',
    confirmedBy: row?.confirmedBy ?? null,
    confirmedAt: row?.confirmedAt ?? null,
    draftedBy: row?.draftedBy ?? null,
    draftedAt: row?.draftedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
    updatedAt: row?.updatedAt ?? null,
    preface: row?.preface ?? year.preface,
    measures,
  };
}

/** GET: the stored plan, or the draft when none is stored. */
export async function annualPlan(o: AnnualPlanYearOptions): Promise<AnnualPlanView> {
  const year = await loadAnnualPlanYear(o);
  return presentAnnualPlan(o.db, year, await findAnnualPlan(o.db, year.key));
}

/** What the audit trail keeps of a plan's content. */
export const contentOf = (v: AnnualPlanView) => ({
  preface: v.preface,
  measures: v.measures.map((m) => ({ number: m.number, items: m.items })),
});

export const confirmedMessage = (fiscalYear: FiscalYear) =>
  `${formatFiscalYear(fiscalYear)}の事業計画は確定済みのため変更できません（管理者が確定を取り消すと変更できます）`;
export const noPlanMessage = (fiscalYear: FiscalYear) =>
  `${formatFiscalYear(fiscalYear)}の事業計画はまだありません。「下書きを作る」から始めてください`;
