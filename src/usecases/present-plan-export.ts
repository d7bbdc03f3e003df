/**
 * The plan as exported (`shirube plan export --json`, GET …/plans/:plan/export): the tree as
 * stored, with each target the one its year is rated against today (findPlan), plus a flat
 * list of every KPI with where it sits, its target revisions as stored, and its target history
 * year by year (original, target, revisions in decision order: present-target-history.ts).
 * Targets are keyed by fiscal year ("2022": 62), null where the plan sets none.
 */
import type { LoadedPlan, StoredTargetRevision } from '../db/queries/load-plan.js';
import type { IsoDate } from '../domain/fiscal-calendar.js';
import { listKpis, strategyLabel } from '../domain/plan/plan.js';
import { presentTargetYears } from './present-target-history.js';

export const PLAN_EXPORT_FORMAT = 'shirube-plan-export/1' as const;

export function presentPlanExport({
  plan,
  importedAt,
  sourceName,
  revisions,
  targetHistories,
  today,
}: Pick<LoadedPlan, 'plan' | 'importedAt' | 'sourceName' | 'revisions' | 'targetHistories'> & { today: IsoDate }) {
  const revisionsOf = (code: string): Omit<StoredTargetRevision, 'kpiCode' | 'id'>[] =>
    revisions.filter((r) => r.kpiCode === code).map(({ kpiCode: _omit, id: _id, ...r }) => r);
  return {
    format: PLAN_EXPORT_FORMAT,
    importedAt,
    sourceName,
    chamber: plan.chamber,
    plan,
    kpis: listKpis(plan).map(({ kpi, strategy, measure, goal, parentCode }) => ({
      code: kpi.code,
      strategy: strategyLabel(strategy),
      strategyTitle: strategy.title,
      measure: measure.number,
      measureTitle: measure.title,
      goal: goal.number,
      goalTitle: goal.title,
      parentCode,
      name: kpi.name,
      label: kpi.label,
      unit: kpi.unit,
      baseline: kpi.baseline,
      baselineYear: kpi.baselineYear,
      targets: kpi.targets,
      cumulative: kpi.cumulative,
      counting: kpi.counting,
      definition: kpi.definition,
      definitionNote: kpi.definitionNote,
      actual: kpi.actual,
      revisions: revisionsOf(kpi.code),
      targetHistory: presentTargetYears(targetHistories.get(kpi.code), kpi.targets, today),
    })),
  };
}

export type PlanExport = ReturnType<typeof presentPlanExport>;
