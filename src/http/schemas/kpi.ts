/** Request and response schemas of the KPI results endpoint. */
import { z } from 'zod';
import { parseFiscalYear } from '../../domain/fiscal-calendar.js';

export const kpiQuerySchema = z.object({
  fiscalYear: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const fy = parseFiscalYear(v);
      if (fy === undefined) {
        ctx.addIssue({ code: 'custom', message: `年度として読めません: ${v}（例: 2024, R6, 令和6年度）` });
        return z.NEVER;
      }
      return fy;
    })
    .describe('年度（2024, R6, 令和6年度）。省略時は計画期間のすべての年度'),
});

export const kpiResultsSchema = z.object({
  chamber: z.object({ code: z.string(), name: z.string() }),
  plan: z.object({ code: z.string(), title: z.string(), period: z.object({ from: z.number().int(), to: z.number().int() }) }),
  today: z.string(),
  results: z.array(
    z.object({
      code: z.string(),
      strategy: z.string(),
      measure: z.number().int(),
      goal: z.number().int(),
      name: z.string(),
      unit: z.string(),
      cumulative: z.boolean(),
      fiscalYear: z.number().int(),
      target: z.number().nullable(),
      actual: z.number().nullable(),
      source: z
        .enum(['derived', 'manual', 'missing'])
        .describe('derived: 記録から算出 / manual: 手入力 / missing: 値なし（reason に理由）'),
      reason: z.string().nullable(),
      provisional: z.boolean().describe('年度または基準日の途中の暫定値'),
      finalOn: z.string().nullable(),
      achievementRate: z.number().nullable().describe('達成率（%）'),
      achievementNote: z.string().nullable(),
      terms: z.array(z.object({ label: z.string(), value: z.number().nullable() })).describe('実績値の内訳（何を数えたか）'),
      note: z.string().nullable(),
      evidence: z.string().nullable(),
    }),
  ),
});
