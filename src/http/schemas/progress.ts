/** The dashboard's response: where every KPI stands in one fiscal year. */
import { z } from 'zod';
import { kpiQuerySchema } from './kpi.js';

export const progressQuerySchema = z.object({
  fiscalYear: kpiQuerySchema.shape.fiscalYear.describe('年度（2024, R6, 令和6年度）。省略時は今日の年度'),
});

const band = z.object({ code: z.string(), label: z.string(), mark: z.string().nullable(), min: z.number().nullable() });

export const ratingSchema = z.object({
  kind: z.enum(['rated', 'noTarget', 'noActual']),
  /** The band's code (A, B …); null for 設定なし / 未集計. */
  code: z.string().nullable(),
  label: z.string(),
  mark: z.string().nullable(),
  /** The rate that was rated (percent); null for a target of 0 and the unrated. */
  rate: z.number().nullable(),
  note: z.string().nullable(),
});

const trendPoint = z.object({
  fiscalYear: z.number().int(),
  label: z.string(),
  status: z.enum(['baseline', 'final', 'provisional', 'future']),
  target: z.number().nullable(),
  actual: z.number().nullable(),
});

export const progressRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  cumulative: z.boolean(),
  parentCode: z.string().nullable(),
  strategy: z.string(),
  measure: z.number().int(),
  measureTitle: z.string(),
  kind: z.enum(['flow', 'stock', 'manual']).describe('flow: 年間に積み上がる件数など / stock: 基準日に測る値・比率 / manual: 手入力'),
  target: z.number().nullable().describe('評価に使う目標値（改訂があれば改訂後）'),
  originalTarget: z.number().nullable().describe('当初の目標値'),
  actual: z.number().nullable(),
  source: z.enum(['derived', 'manual', 'missing']),
  reason: z.string().nullable(),
  achievementRate: z.number().nullable(),
  expected: z.number().nullable().describe('今日までに達しているはずの値（件数など、年間に積み上がるKPI）'),
  expectedNote: z.string().nullable(),
  projected: z.number().nullable().describe('年度末の見込み'),
  projectionMethod: z.enum(['pace', 'lastYear', 'none', 'final']).nullable(),
  projectionNote: z.string().nullable(),
  /** Stocks and ratios: the day the value is final, and whether it is. */
  measuredOn: z.string().nullable(),
  final: z.boolean(),
  rating: ratingSchema,
  ratedOn: z.enum(['actual', 'projection', 'actualSoFar']),
  trend: z.array(trendPoint),
});

export const progressSchema = z.object({
  chamber: z.object({ code: z.string(), name: z.string() }),
  plan: z.object({ code: z.string(), title: z.string(), period: z.object({ from: z.number().int(), to: z.number().int() }) }),
  fiscalYear: z.number().int(),
  today: z.string(),
  bands: z.array(band),
  summary: z.object({
    bands: z.array(z.object({ code: z.string(), label: z.string(), mark: z.string().nullable(), count: z.number().int() })),
    noTarget: z.number().int(),
    noActual: z.number().int(),
    total: z.number().int(),
  }),
  behindFirst: z.array(z.string()),
  rows: z.array(progressRowSchema),
});

export type ProgressBody = z.infer<typeof progressSchema>;
