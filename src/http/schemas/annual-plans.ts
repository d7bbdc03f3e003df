/**
 * Request and response schemas of the 事業計画 (annual plan). The body's shape only: lengths, empty
 * 内容 and unknown measures are the domain's checks (`checkAnnualPlan`), answered as 400 with each
 * problem under its field (measures.5.items.2.text), which the page shows beside it.
 */
import { z } from 'zod';
import { ANNUAL_PLAN_SOURCES } from '../../domain/plan/annual-plan.js';
import { evaluationYearParams } from './evaluations.js';

export const annualPlanParams = evaluationYearParams;

const item = z.object({
  initiative: z.number().int().positive().max(9999).nullable().describe('事業の柱（取組の番号）。null は施策全体'),
  text: z.string().max(20_000).describe('事業内容'),
  source: z.enum(ANNUAL_PLAN_SOURCES).describe('roadmap 工程表 / carriedOver 繰越 / improvement 改善策 / kpiAction KPI対策 / added 追加'),
  sourceNote: z.string().max(20_000).default('').describe('出どころ（R6年度 延期: 理由 など）'),
  carriedOver: z.boolean().default(false).describe('前年度から繰越（工程表で続く取組が前年度に未実施・延期）'),
  owner: z.string().max(20_000).default('').describe('担当'),
  timing: z.string().max(20_000).default('').describe('実施時期（上期・通年・6月 など）'),
});

export const annualPlanBody = z.object({
  preface: z.string().max(100_000).describe('基本方針・前文'),
  measures: z
    .array(z.object({ number: z.number().int().positive().max(9999), items: z.array(item).max(1000) }))
    .max(1000)
    .describe('施策ごとの項目（この順に保存します）。送らなかった施策は項目なし'),
});

export const draftBody = z
  .object({ replace: z.boolean().default(false).describe('もうある事業計画を作り直す（再作成: 編集した内容は置き換わります）') })
  .default({ replace: false });
export const reopenBody = z.object({ reason: z.string().trim().min(1, { error: '理由を入力してください' }).max(1000) });

export const annualPlanSchema = z.object({
  chamber: z.object({ code: z.string(), name: z.string() }),
  plan: z.object({ code: z.string(), title: z.string(), period: z.object({ from: z.number().int(), to: z.number().int() }) }),
  fiscalYear: z.number().int(),
  previousYear: z.number().int().nullable().describe('繰越と改善策をとる年度。計画の初年度は null'),
  beyondPlan: z.boolean().describe('計画期間の翌年度（工程表の予定も目標値もない）'),
  stored: z.boolean().describe('false: まだ作っていない。measures は下書きの案'),
  state: z.enum(['none', 'draft', 'confirmed']).describe('none: 未作成 / draft: 編集中 / confirmed: 確定'),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  draftedBy: z.string().nullable(),
  draftedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  preface: z.string(),
  measures: z.array(
    z.object({
      strategy: z.object({ label: z.string(), title: z.string() }),
      number: z.number().int(),
      title: z.string(),
      initiatives: z.array(z.object({ number: z.number().int(), title: z.string() })),
      kpis: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          unit: z.string(),
          parentCode: z.string().nullable(),
          target: z.number().nullable().describe('その年度の目標値。null は設定なし'),
        }),
      ),
      items: z.array(item.required()),
    }),
  ),
});

export type AnnualPlanBody = z.infer<typeof annualPlanSchema>;
export type AnnualPlanInputBody = z.input<typeof annualPlanBody>;
