/** Request and response schemas of the 工程表の進み具合 endpoints. */
import { z } from 'zod';
import { LATE_REASONS, ROADMAP_STATES, ROADMAP_STATUSES } from '../../domain/plan/roadmap-status.js';
import { roadmapStatusInputSchema } from '../../domain/plan/roadmap-status-input.js';
import { fiscalYearParam } from './kpi.js';
import { chamberParams } from './plan.js';

const status = z.enum(ROADMAP_STATUSES).describe('planned 予定 / inProgress 実施中 / done 実施済 / notDone 未実施 / postponed 延期');
const state = z.enum(ROADMAP_STATES).describe('表示する状況: 記録された状況、記録がなければ 予定（終わった年度は unreported 未報告）');
const lateReason = z
  .enum(LATE_REASONS)
  .describe('遅れの理由: 年度が終わり報告なし / 年度が終わり実施済でない / 未実施 / 延期 / 下期になっても予定のまま');

const evidence = z.object({
  supportRecords: z.array(
    z.object({
      id: z.number().int(),
      date: z.string(),
      kind: z.string(),
      subKind: z.string().nullable(),
      businessName: z.string().nullable(),
    }),
  ),
  events: z.array(z.object({ id: z.number().int(), date: z.string(), name: z.string(), category: z.string().nullable() })),
});

export const roadmapEntrySchema = z.object({
  fiscalYear: z.number().int(),
  status: status.nullable().describe('記録された状況。null はまだ記録がない'),
  state,
  late: z.boolean(),
  lateReason: lateReason.nullable(),
  note: z.string().nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  evidenceCount: z.number().int(),
  evidence: evidence.nullable().describe('根拠の支援記録・イベント。記録を見る権限がない（県連）ときは null で、件数だけ'),
});

const item = z.object({
  id: z.number().int().describe('工程表の項目のID（PUT …/roadmap/:itemId/:fiscalYear）'),
  firstYear: z.number().int(),
  lastYear: z.number().int(),
  text: z.string().describe('計画の工程（→ で続く年度は一つの項目）'),
  entries: z.array(roadmapEntrySchema).describe('項目の年度ごと'),
});

export const roadmapSchema = z.object({
  chamber: z.object({ code: z.string(), name: z.string() }),
  plan: z.object({ code: z.string(), title: z.string(), period: z.object({ from: z.number().int(), to: z.number().int() }) }),
  today: z.string(),
  currentYear: z.number().int(),
  fiscalYear: z.number().int().nullable(),
  measures: z.array(
    z.object({
      strategy: z.string(),
      strategyTitle: z.string(),
      number: z.number().int(),
      title: z.string(),
      initiatives: z.array(
        z.object({
          number: z.number().int(),
          title: z.string(),
          rows: z.array(z.object({ rowIndex: z.number().int(), items: z.array(item) })),
        }),
      ),
    }),
  ),
  counts: z.record(z.string(), z.number().int()).describe('表示する状況ごとの件数'),
  late: z.number().int(),
});

export const roadmapQuery = z.object({
  fiscalYear: fiscalYearParam.describe('年度（2024, R6, 令和6年度）。省略時は計画期間のすべての年度'),
});

export const lateQuery = z.object({
  fiscalYear: fiscalYearParam.describe('年度（2024, R6, 令和6年度）。省略時は今日の年度'),
});

export const roadmapEntryParams = chamberParams.extend({
  itemId: z.coerce.number().int().positive().describe('工程表の項目のID'),
  fiscalYear: z.string().max(20).describe('年度（2024, R6, 令和6年度）'),
});

export const roadmapStatusBody = roadmapStatusInputSchema;

export const savedRoadmapEntrySchema = roadmapEntrySchema.extend({ itemId: z.number().int() });

export const lateRoadmapSchema = z.object({
  fiscalYear: z.number().int(),
  today: z.string(),
  planned: z.number().int().describe('その年度の工程の数'),
  entries: z.array(
    z.object({
      itemId: z.number().int(),
      fiscalYear: z.number().int(),
      measure: z.number().int(),
      measureTitle: z.string(),
      initiative: z.number().int(),
      initiativeTitle: z.string(),
      text: z.string(),
      state,
      lateReason,
      note: z.string().nullable(),
    }),
  ),
});

export type RoadmapBody = z.infer<typeof roadmapSchema>;
export type RoadmapEntryBody = z.infer<typeof roadmapEntrySchema>;
export type SavedRoadmapEntryBody = z.infer<typeof savedRoadmapEntrySchema>;
export type LateRoadmapBody = z.infer<typeof lateRoadmapSchema>;
