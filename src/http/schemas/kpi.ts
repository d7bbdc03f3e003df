/** Request and response schemas of the KPI endpoints. */
import { z } from 'zod';
import { parseFiscalYear } from '../../domain/fiscal-calendar.js';

/** A fiscal year as people write it: 2024, R6, 令和6年度; '' reads as absent. */
export const fiscalYearParam = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return undefined;
    const fy = parseFiscalYear(v);
    if (fy === undefined) {
      ctx.addIssue({ code: 'custom', message: `年度として読めません: ${v}（例: 2024, R6, 令和6年度）` });
      return z.NEVER;
    }
    return fy;
  });

export const kpiQuerySchema = z.object({
  fiscalYear: fiscalYearParam.describe('年度（2024, R6, 令和6年度）。省略時は計画期間のすべての年度'),
});

export const kpiRecordsParams = z.object({
  chamber: z.string().min(1).max(64),
  code: z.string().min(1).max(64).describe('KPIのコード（例: 6-2）'),
});

export const kpiRecordsQuery = z.object({
  fiscalYear: fiscalYearParam
    .pipe(z.number({ error: '年度を指定してください（例: 2024, R6, 令和6年度）' }))
    .describe('年度（2024, R6, 令和6年度）'),
  limit: z.coerce.number().int().min(1).max(5000).default(500).describe('内訳ごとに返す行数の上限'),
});

const measurement = z.record(z.string(), z.unknown()).describe('数えた条件（種別・区分・期間・基準日など）');

export const kpiResultSchema = z.object({
  code: z.string(),
  strategy: z.string(),
  measure: z.number().int(),
  goal: z.number().int(),
  name: z.string(),
  unit: z.string(),
  cumulative: z.boolean(),
  fiscalYear: z.number().int(),
  target: z.number().nullable().describe('評価に使う目標値（年度末、年度中は今日に有効な目標値。改訂があれば改訂後）'),
  originalTarget: z.number().nullable().describe('当初の目標値'),
  actual: z.number().nullable(),
  source: z.enum(['derived', 'manual', 'missing']).describe('derived: 記録から算出 / manual: 手入力 / missing: 値なし（reason に理由）'),
  reason: z.string().nullable(),
  provisional: z.boolean().describe('年度または基準日の途中の暫定値'),
  finalOn: z.string().nullable(),
  achievementRate: z.number().nullable().describe('達成率（%）'),
  achievementNote: z.string().nullable(),
  terms: z.array(z.object({ label: z.string(), value: z.number().nullable(), measurement })).describe('実績値の内訳（何を数えたか）'),
  note: z.string().nullable(),
  evidence: z.string().nullable(),
});

const header = {
  chamber: z.object({ code: z.string(), name: z.string() }),
  plan: z.object({ code: z.string(), title: z.string(), period: z.object({ from: z.number().int(), to: z.number().int() }) }),
  today: z.string(),
};

export const kpiResultsSchema = z.object({ ...header, results: z.array(kpiResultSchema) });

export const kpiRecordsSchema = z.object({
  ...header,
  result: kpiResultSchema,
  terms: z.array(
    z.object({
      label: z.string(),
      value: z.number().nullable(),
      measurement,
      total: z.number().int().describe('該当する行の総数'),
      rows: z.array(z.record(z.string(), z.unknown())).describe('該当する記録（新しい順、limit 件まで）'),
    }),
  ),
});

export const manualActualParams = kpiRecordsParams.extend({
  fiscalYear: fiscalYearParam
    .pipe(z.number({ error: '年度を指定してください（例: 2024, R6, 令和6年度）' }))
    .describe('年度（2024, R6, 令和6年度）'),
});

export const manualActualBody = z.object({
  value: z.number({ error: '実績値は数値で入力してください' }).describe('実績値'),
  evidence: z.string().trim().min(1, { error: '根拠（資料名など）を入力してください' }).max(1000).describe('根拠'),
  enteredBy: z.string().trim().min(1, { error: '入力者を入力してください' }).max(100).describe('入力者'),
});
