/** The shapes the UI reads, derived from the API's response schemas (types only). */
import type { z } from 'zod';
import type { kpiRecordsSchema, kpiResultsSchema } from '../http/schemas/kpi.js';
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

/** GET /chambers/:chamber/kpis: every KPI of the plan, by fiscal year, with its actual and 達成率. */
export type KpiResultsBody = z.infer<typeof kpiResultsSchema>;
export type KpiResult = KpiResultsBody['results'][number];

/** GET /chambers/:chamber/kpis/:code/records: one KPI's result and the records behind each term. */
export type KpiRecordsBody = z.infer<typeof kpiRecordsSchema>;
export type KpiRecordsTerm = KpiRecordsBody['terms'][number];

/**
 * One record behind a term; the schema leaves rows open (a record per row), the server
 * sends these shapes (src/db/queries/measurement-rows.ts, which the UI may not import).
 */
export type RecordRow =
  | {
      type: 'support';
      id: number;
      date: string;
      businessCode: string | null;
      businessName: string | null;
      kind: string;
      subKind: string | null;
      quantity: number;
      amount: number | null;
      staff: string | null;
      note: string | null;
    }
  | { type: 'event'; id: number; date: string; name: string; category: string | null; visitors: number }
  | { type: 'member'; businessCode: string; businessName: string; joinedOn: string; leftOn: string | null }
  | {
      type: 'subscription';
      id: number;
      businessCode: string;
      businessName: string;
      subscriptionType: string;
      joinedOn: string;
      leftOn: string | null;
    }
  | { type: 'figure'; fiscalYear: number; item: string; value: number };

export type RecordRowType = RecordRow['type'];

/** A KPI in the plan's flat list, with where it sits (measure, goal) and its parent for うち rows. */
export type PlanKpi = PlanExportBody['kpis'][number];
