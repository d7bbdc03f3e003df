/** The shapes the UI reads, derived from the API's response schemas (types only). */
import type { z } from 'zod';
import type { auditListSchema, memberSchema, sessionSchema } from '../http/schemas/account.js';
import type { kpiRecordsSchema, kpiResultsSchema } from '../http/schemas/kpi.js';
import type { PlanExportBody } from '../http/schemas/plan.js';
import type { ProgressBody } from '../http/schemas/progress.js';
import type { LateRoadmapBody, RoadmapBody, RoadmapEntryBody, SavedRoadmapEntryBody } from '../http/schemas/roadmap.js';

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

/** GET /session: who is signed in, the CSRF token, and the chambers with the role in each. */
export type SessionBody = z.infer<typeof sessionSchema>;
export type ChamberGrant = SessionBody['chambers'][number];
export type MemberBody = z.infer<typeof memberSchema>;
export type AuditListBody = z.infer<typeof auditListSchema>;
export type AuditEntry = AuditListBody['entries'][number];

export interface ChambersBody {
  chambers: Chamber[];
}

/** GET /chambers/:chamber/kpis: every KPI of the plan, by fiscal year, with its actual and 達成率. */
export type KpiResultsBody = z.infer<typeof kpiResultsSchema>;
export type KpiResult = KpiResultsBody['results'][number];

/** GET /chambers/:chamber/progress: the dashboard. */
export type { ProgressBody };
export type ProgressRow = ProgressBody['rows'][number];
export type TrendPoint = ProgressRow['trend'][number];

/** GET /chambers/:chamber/roadmap: the 工程表 with what became of each entry; …/roadmap/late: the late ones of a year. */
export type { LateRoadmapBody, RoadmapBody, RoadmapEntryBody, SavedRoadmapEntryBody };
export type RoadmapMeasure = RoadmapBody['measures'][number];
export type RoadmapInitiative = RoadmapMeasure['initiatives'][number];
export type RoadmapItem = RoadmapInitiative['rows'][number]['items'][number];

/** GET /chambers/:chamber/kpis/:code/records: one KPI's result and the records behind each term. */
export type KpiRecordsBody = z.infer<typeof kpiRecordsSchema>;
export type KpiRecordsTerm = KpiRecordsBody['terms'][number];

/** One record behind a term (the shapes the server sends; see src/domain/kpi/measurement-row.ts). */
export type { MeasurementRow as RecordRow } from '../domain/kpi/measurement-row.js';

import type { MeasurementRow } from '../domain/kpi/measurement-row.js';

export type RecordRowType = MeasurementRow['type'];

/** A KPI in the plan's flat list, with where it sits (measure, goal) and its parent for うち rows. */
export type PlanKpi = PlanExportBody['kpis'][number];

/** The 事業計画 of a fiscal year (stored, or the draft). */
export type { AnnualPlanBody } from '../http/schemas/annual-plans.js';

/** The annual evaluation: a year's overview and one 評価シート. */
export type { EvaluationOverviewBody, EvaluationSheetBody } from '../http/schemas/evaluations.js';
/** One year of a KPI's target history: original, the target rated against, the revisions in decision order. */
export type TargetYear = PlanKpi['targetHistory'][number];
export type TargetRevisionEntry = TargetYear['revisions'][number];
