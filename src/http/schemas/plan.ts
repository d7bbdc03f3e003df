/**
 * Response schemas of the plan endpoints. They document the API (OpenAPI) and validate
 * what the server sends: a field the presenter forgets fails here, not in the browser.
 */
import { z } from 'zod';

const targets = z.record(z.string(), z.number().nullable()).describe('年度（西暦）ごとの目標値。null は設定なし');
const statement = z.object({ title: z.string(), text: z.string().nullable() });

const kpiFields = {
  code: z.string(),
  name: z.string(),
  label: z.string().nullable(),
  unit: z.string(),
  baseline: z.number().nullable(),
  baselineYear: z.number().int(),
  targets,
  definition: z.string().nullable(),
  definitionNote: z.string().nullable(),
  cumulative: z.boolean(),
  counting: z.enum(['distinct', 'total']).nullable(),
  actual: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe(
      '記録から実績値を算出する定義（計画ファイルの actual。count, sum, visitors, members, subscribers, statistic, finance, add, ratio）。null は手入力',
    ),
};

/** Sub-KPIs (うち) have the same fields and no further breakdown. */
const kpi = z.object({ ...kpiFields, breakdown: z.array(z.object({ ...kpiFields, breakdown: z.array(z.never()) })) });

const planTree = z.object({
  chamber: z.object({ code: z.string(), name: z.string() }),
  code: z.string(),
  title: z.string(),
  period: z.object({ from: z.number().int(), to: z.number().int() }),
  baselineYear: z.number().int(),
  slogan: statement.nullable(),
  vision: statement.nullable(),
  policies: z.array(z.object({ number: z.number().int(), title: z.string(), text: z.string().nullable() })),
  strategies: z.array(
    z.object({
      kind: z.enum(['common', 'own']),
      number: z.number().int(),
      title: z.string(),
      reason: z.string().nullable(),
      measures: z.array(
        z.object({
          number: z.number().int(),
          title: z.string(),
          page: z.number().int().nullable(),
          direction: z.string().nullable(),
          goals: z.array(z.object({ number: z.number().int(), title: z.string(), description: z.string().nullable(), kpis: z.array(kpi) })),
          initiatives: z.array(
            z.object({
              number: z.number().int(),
              title: z.string(),
              description: z.string().nullable(),
              actions: z.array(z.object({ number: z.number().int(), title: z.string(), text: z.string().nullable() })),
              roadmap: z.array(
                z.object({ items: z.array(z.object({ firstYear: z.number().int(), lastYear: z.number().int(), text: z.string() })) }),
              ),
            }),
          ),
        }),
      ),
    }),
  ),
});

const revision = z.object({
  fiscalYear: z.number().int(),
  oldTarget: z.number().nullable().describe('決定日に有効だった、改訂前の目標値'),
  newTarget: z.number().nullable(),
  revisedAt: z.string().describe('入力した日時'),
  reason: z.string().nullable(),
  source: z.string().describe('計画ファイル名、または 画面'),
  decidedOn: z.string().describe('決定日'),
  decidedBy: z.string().describe('決定機関（評価委員会・理事会・総会 など、計画ファイルからは 計画ファイルの取り込み）'),
  enteredBy: z.string().describe('入力したアカウント'),
  enteredVia: z.enum(['import', 'screen']),
});

/** One year of a KPI's target history (src/usecases/present-target-history.ts). */
export const targetYearSchema = z.object({
  fiscalYear: z.number().int(),
  original: z.number().nullable().describe('当初の目標値（null は設定なし）'),
  target: z.number().nullable().describe('評価に使う目標値: 年度末（年度中・年度前は今日）に有効な目標値'),
  asOf: z.string().describe('target を決めた日（年度末または今日）'),
  revisions: z
    .array(
      z.object({
        value: z.number().nullable(),
        previous: z.number().nullable().describe('この改訂で置き換えた目標値'),
        decidedOn: z.string(),
        decidedBy: z.string(),
        reason: z.string().nullable(),
        enteredBy: z.string(),
        enteredAt: z.string(),
        via: z.enum(['import', 'screen']),
        source: z.string().nullable(),
        afterYearEnd: z.boolean().describe('年度の終了後の決定（評価には使わない）'),
      }),
    )
    .describe('改訂（決定日の順）'),
});

export const planExportSchema = z.object({
  format: z.literal('shirube-plan-export/1'),
  importedAt: z.string(),
  sourceName: z.string().nullable(),
  chamber: z.object({ code: z.string(), name: z.string() }),
  plan: planTree,
  kpis: z.array(
    z.object({
      strategy: z.string().describe('共通戦略1 など'),
      strategyTitle: z.string(),
      measure: z.number().int().describe('施策番号'),
      measureTitle: z.string(),
      goal: z.number().int().describe('施策目標の番号'),
      goalTitle: z.string(),
      parentCode: z.string().nullable().describe('内訳（うち）の親KPIのコード'),
      ...kpiFields,
      revisions: z.array(revision).describe('目標値の改訂（記録した順）'),
      targetHistory: z.array(targetYearSchema).describe('年度ごとの当初の目標値・評価に使う目標値・改訂'),
    }),
  ),
});

export type PlanExportBody = z.infer<typeof planExportSchema>;

export const chamberListSchema = z.object({
  chambers: z.array(z.object({ code: z.string(), name: z.string() })),
});

export const planListSchema = z.object({
  chamber: z.object({ code: z.string(), name: z.string() }),
  plans: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      firstYear: z.number().int(),
      lastYear: z.number().int(),
      baselineYear: z.number().int(),
      importedAt: z.string(),
    }),
  ),
});

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ location: z.string().optional(), message: z.string() })),
  }),
});

export const chamberParams = z.object({ chamber: z.string().min(1).max(64).describe('商工会コード（例: nikaho）') });
export const planParams = chamberParams.extend({ plan: z.string().min(1).max(64).describe('計画コード（例: nikaho-2022）') });
