/** Request and response schemas of the annual evaluation (評価シート 様式2, 総括表 様式1). */
import { z } from 'zod';
import { commentSchema, LEVELS, OVERALL_RATINGS, sheetInputSchema, unlockSchema } from '../../domain/evaluation/sheet.js';
import { parseFiscalYear } from '../../domain/fiscal-calendar.js';
import { chamberParams } from './plan.js';
import { ratingSchema } from './progress.js';

const fiscalYear = z
  .string()
  .max(20)
  .transform((v, ctx) => {
    const fy = parseFiscalYear(v);
    if (fy === undefined) {
      ctx.addIssue({ code: 'custom', message: `年度として読めません: ${v}（例: 2024, R6, 令和6年度）` });
      return z.NEVER;
    }
    return fy;
  })
  .describe('年度（2024, R6, 令和6年度）');

export const evaluationYearParams = chamberParams.extend({ fiscalYear });
export const evaluationSheetParams = evaluationYearParams.extend({
  measure: z.coerce.number().int().positive().max(9999).describe('施策番号'),
});

export const sheetBody = sheetInputSchema;
export const submitBody = z.object({ sheet: sheetInputSchema.optional().describe('画面の内容（あれば保存して提出）') }).default({});
export const commentBody = commentSchema;
export const unlockBody = unlockSchema;

const band = z.object({ code: z.string(), label: z.string(), mark: z.string().nullable(), min: z.number().nullable() });
const plan = z.object({ code: z.string(), title: z.string(), period: z.object({ from: z.number().int(), to: z.number().int() }) });
const state = z.enum(['none', 'draft', 'submitted']).describe('none: 未着手 / draft: 下書き / submitted: 提出済み（ロック）');

export const evaluationKpiSchema = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  parentCode: z.string().nullable(),
  target: z.number().nullable().describe('その年度に有効な目標値。null は設定なし'),
  actual: z.number().nullable(),
  reason: z.string().nullable(),
  achievementRate: z.number().nullable(),
  rating: ratingSchema,
  provisional: z.boolean(),
});

const sheetSchema = z.object({
  achievements: z.string(),
  issues: z.string(),
  improvements: z.string(),
  necessity: z.enum(LEVELS).nullable(),
  effectiveness: z.enum(LEVELS).nullable(),
  efficiency: z.enum(LEVELS).nullable(),
  overall: z.enum(OVERALL_RATINGS).nullable(),
  kpiActions: z.record(z.string(), z.object({ cause: z.string(), action: z.string(), who: z.string(), byWhen: z.string() })),
});

export const evaluationSheetSchema = z.object({
  chamber: z.object({ code: z.string(), name: z.string() }),
  plan,
  fiscalYear: z.number().int(),
  closed: z.boolean().describe('年度が終わっている（提出できるのは終わった年度だけ）'),
  bands: z.array(band),
  strategy: z.object({ label: z.string(), title: z.string() }),
  measure: z.object({ number: z.number().int(), title: z.string(), direction: z.string().nullable() }),
  kpis: z.array(evaluationKpiSchema.extend({ misses: z.boolean().describe('目標に届いていない（原因と改善策が要る）') })),
  roadmap: z.array(
    z.object({
      initiative: z.object({ number: z.number().int(), title: z.string() }),
      row: z.number().int(),
      text: z.string().nullable().describe('その年度の予定（工程表）。null は予定なし'),
      continued: z.boolean(),
      status: z.string().nullable().describe('予定 / 実施中 / 実施済 / 未実施 / 延期（まだ記録していなければ null）'),
      statusNote: z.string().nullable(),
    }),
  ),
  sheet: sheetSchema,
  suggestedOverall: z.enum(OVERALL_RATINGS).nullable().describe('KPIの評価から見た総合評価の目安（最も低いもの）'),
  state,
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  committeeComment: z.string(),
  committeeCommentBy: z.string().nullable(),
  committeeCommentAt: z.string().nullable(),
  unlocks: z.array(
    z.object({
      unlockedBy: z.string(),
      unlockedAt: z.string(),
      reason: z.string(),
      submittedBy: z.string().nullable(),
      submittedAt: z.string().nullable(),
    }),
  ),
  problems: z.array(z.object({ field: z.string(), message: z.string() })).describe('いま提出すると指摘される項目'),
});

export const evaluationOverviewSchema = z.object({
  chamber: z.object({ code: z.string(), name: z.string() }),
  plan,
  fiscalYear: z.number().int(),
  closed: z.boolean(),
  bands: z.array(band),
  strategies: z.array(
    z.object({
      label: z.string(),
      title: z.string(),
      measures: z.array(
        z.object({
          number: z.number().int(),
          title: z.string(),
          state,
          overall: z.enum(OVERALL_RATINGS).nullable(),
          submittedBy: z.string().nullable(),
          submittedAt: z.string().nullable(),
          committeeComment: z.string(),
          kpis: z.array(evaluationKpiSchema),
        }),
      ),
    }),
  ),
  generalComment: z.object({ comment: z.string(), updatedBy: z.string(), updatedAt: z.string() }).nullable(),
});

export const generalCommentSchema = z.object({ comment: z.string(), updatedBy: z.string(), updatedAt: z.string() });

export type EvaluationSheetBody = z.infer<typeof evaluationSheetSchema>;
export type EvaluationOverviewBody = z.infer<typeof evaluationOverviewSchema>;
