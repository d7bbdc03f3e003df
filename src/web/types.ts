/** The shapes the UI reads, all derived from the API's response type. */
import type { PlanExportBody } from '../http/schemas/plan.js';

export type { PlanExportBody };
export type Plan = PlanExportBody['plan'];
export type Chamber = PlanExportBody['chamber'];
export type Strategy = Plan['strategies'][number];
export type Measure = Strategy['measures'][number];
export type Goal = Measure['goals'][number];
export type Kpi = Goal['kpis'][number];
export type SubKpi = Kpi['breakdown'][number];
export type Initiative = Measure['initiatives'][number];
export type RoadmapRow = Initiative['roadmap'][number];

export interface ChambersBody {
  chambers: Chamber[];
}
