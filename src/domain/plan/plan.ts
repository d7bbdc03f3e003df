/**
 * The plan as the rest of the system sees it: every default filled in, every KPI with a
 * code and a target entry for each fiscal year of the period (null = 設定なし), and the
 * roadmap's "→" cells turned into bars that span the years they cover.
 */
import { type FiscalYear, fiscalYearRange } from '../fiscal-calendar.js';
import type { Expr } from '../kpi/definition.js';

export { strategyLabel } from './labels.js';

import { defaultKpiCode, isContinuation, type PlanFile, type PlanFileKpi, type PlanFileSubKpi } from './plan-file.js';

export type StrategyKind = 'common' | 'own';
export type Counting = 'distinct' | 'total';

export interface Plan {
  chamber: { code: string; name: string };
  code: string;
  title: string;
  period: { from: FiscalYear; to: FiscalYear };
  baselineYear: FiscalYear;
  slogan: Statement | null;
  vision: Statement | null;
  policies: Policy[];
  strategies: Strategy[];
}

export interface Statement {
  title: string;
  text: string | null;
}

export interface Policy {
  number: number;
  title: string;
  text: string | null;
}

export interface Strategy {
  kind: StrategyKind;
  number: number;
  title: string;
  reason: string | null;
  measures: Measure[];
}

export interface Measure {
  number: number;
  title: string;
  page: number | null;
  direction: string | null;
  goals: Goal[];
  initiatives: Initiative[];
}

export interface Goal {
  number: number;
  title: string;
  description: string | null;
  kpis: Kpi[];
}

/** Targets for every fiscal year of the period, keyed by year; null = 設定なし. */
export type Targets = Record<FiscalYear, number | null>;

export interface Kpi {
  code: string;
  name: string;
  label: string | null;
  unit: string;
  baseline: number | null;
  baselineYear: FiscalYear;
  targets: Targets;
  definition: string | null;
  definitionNote: string | null;
  cumulative: boolean;
  counting: Counting | null;
  /** How the actual is derived from the records; null: entered by hand with its evidence. */
  actual: Expr | null;
  /** Sub-KPIs (うち); their targets sum to this KPI's. */
  breakdown: Kpi[];
}

export interface Initiative {
  number: number;
  title: string;
  description: string | null;
  actions: Action[];
  roadmap: RoadmapRow[];
}

export interface Action {
  number: number;
  title: string;
  text: string | null;
}

export interface RoadmapRow {
  items: RoadmapItem[];
}

/** One entry of the 工程表, drawn as a bar from its first to its last fiscal year. */
export interface RoadmapItem {
  firstYear: FiscalYear;
  lastYear: FiscalYear;
  text: string;
}

const nullable = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s);

export function buildPlan(file: PlanFile): Plan {
  const years = fiscalYearRange(file.period.from, file.period.to);
  const kpi = (k: PlanFileKpi | PlanFileSubKpi, code: string, unit: string, breakdown: Kpi[]): Kpi => ({
    code,
    name: k.name,
    label: nullable(k.label),
    unit,
    baseline: k.baseline,
    baselineYear: k.baselineYear ?? file.baselineYear,
    targets: Object.fromEntries(years.map((y) => [y, k.targets[y] ?? null])),
    definition: nullable(k.definition),
    definitionNote: nullable(k.definitionNote),
    cumulative: k.cumulative,
    counting: k.counting ?? null,
    actual: k.actual ?? null,
    breakdown,
  });
  return {
    chamber: { ...file.chamber },
    code: file.code,
    title: file.title,
    period: { ...file.period },
    baselineYear: file.baselineYear,
    slogan: file.slogan ? { title: file.slogan.title, text: nullable(file.slogan.text) } : null,
    vision: file.vision ? { title: file.vision.title, text: nullable(file.vision.text) } : null,
    policies: file.policies.map((p) => ({ number: p.number, title: p.title, text: nullable(p.text) })),
    strategies: file.strategies.map((s) => ({
      kind: s.kind,
      number: s.number,
      title: s.title,
      reason: nullable(s.reason),
      measures: s.measures.map((m) => ({
        number: m.number,
        title: m.title,
        page: m.page ?? null,
        direction: nullable(m.direction),
        goals: m.goals.map((g) => ({
          number: g.number,
          title: g.title,
          description: nullable(g.description),
          kpis: g.kpis.map((k, ki) => {
            const code = k.code ?? defaultKpiCode(m.number, g.number, g.kpis.length > 1 ? ki + 1 : undefined);
            const subs = k.breakdown.map((sub, si) => kpi(sub, sub.code ?? `${code}-${si + 1}`, sub.unit ?? k.unit, []));
            return kpi(k, code, k.unit, subs);
          }),
        })),
        initiatives: m.initiatives.map((i) => ({
          number: i.number,
          title: i.title,
          description: nullable(i.description),
          actions: i.actions.map((a) => ({ number: a.number, title: a.title, text: nullable(a.text) })),
          roadmap: i.roadmap.map((cells) => ({ items: roadmapBars(cells, file.period.from) })),
        })),
      })),
    })),
  };
}

/**
 * Cells → bars. A text cell starts a bar in its year; each "→" after it extends the bar
 * one year; an empty cell ends it. `[A, →, B, →, →]` from 2022 is A 2022–2023 and B 2024–2026.
 */
export function roadmapBars(cells: readonly (string | null)[], firstYear: FiscalYear): RoadmapItem[] {
  const bars: RoadmapItem[] = [];
  let open: RoadmapItem | undefined;
  cells.forEach((cell, i) => {
    const year = firstYear + i;
    const t = cell?.trim() ?? '';
    if (t === '') {
      open = undefined;
    } else if (isContinuation(t)) {
      if (open) open.lastYear = year;
    } else {
      open = { firstYear: year, lastYear: year, text: t };
      bars.push(open);
    }
  });
  return bars;
}

export interface LocatedKpi {
  kpi: Kpi;
  strategy: Strategy;
  measure: Measure;
  goal: Goal;
  /** The parent KPI's code for a sub-KPI (うち). */
  parentCode: string | null;
}

/** Every KPI of the plan with where it sits, sub-KPIs right after their parent. */
export function listKpis(plan: Plan): LocatedKpi[] {
  return plan.strategies.flatMap((strategy) =>
    strategy.measures.flatMap((measure) =>
      measure.goals.flatMap((goal) =>
        goal.kpis.flatMap((kpi) => [
          { kpi, strategy, measure, goal, parentCode: null },
          ...kpi.breakdown.map((sub) => ({ kpi: sub, strategy, measure, goal, parentCode: kpi.code })),
        ]),
      ),
    ),
  );
}
