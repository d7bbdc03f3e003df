/** Request and response schemas of a KPI's target history and its revision. */
import { z } from 'zod';
import { targetRevisionInputSchema } from '../../domain/plan/target-revision.js';
import { fiscalYearParam, kpiRecordsParams } from './kpi.js';
import { targetYearSchema } from './plan.js';

export const targetHistoryParams = kpiRecordsParams;

export const targetRevisionParams = kpiRecordsParams.extend({
  fiscalYear: fiscalYearParam
    .pipe(z.number({ error: '年度を指定してください（例: 2024, R6, 令和6年度）' }))
    .describe('改訂する年度（2024, R6, 令和6年度）'),
});

/** The form's own schema (src/domain/plan/target-revision.ts): the same checks in the browser and here. */
export const targetRevisionBody = targetRevisionInputSchema;

export const targetHistorySchema = z.object({
  kpi: z.object({
    code: z.string(),
    name: z.string(),
    unit: z.string(),
    measure: z.number().int(),
    parentCode: z.string().nullable(),
  }),
  plan: z.object({ code: z.string(), title: z.string(), period: z.object({ from: z.number().int(), to: z.number().int() }) }),
  today: z.string(),
  years: z.array(targetYearSchema),
});

export type TargetHistoryBody = z.infer<typeof targetHistorySchema>;
