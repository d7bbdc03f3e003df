/**
 * The plan file: what a chamber writes (YAML) to describe its アクションプログラム.
 * English keys from the glossary, Japanese values. This schema is the whole contract;
 * `docs/plan-file.md` explains it for the people who write the files.
 *
 * Rules checked here, beyond the shape:
 * - the period is 3 to 10 fiscal years; the baseline year comes before it;
 * - targets are keyed by fiscal years of the period (2024, "R6", "令和6年度" …), null = 設定なし;
 * - a roadmap row has one cell per fiscal year of the period; "→" continues the cell before;
 * - numbers (strategies per kind, measures, goals, initiatives, actions) are unique;
 * - KPI codes are unique in the plan;
 * - sub-KPIs (うち) sum to their parent for every year where all of them have a target.
 */
import { z } from 'zod';
import { parseFiscalYear } from '../fiscal-calendar.js';
import { exprSchema, isFlow } from '../kpi/definition.js';

export const MIN_PERIOD_YEARS = 3;
export const MAX_PERIOD_YEARS = 10;

const text = z.string().trim().min(1, { error: '空にはできません' });
const optionalText = z.string().trim().optional();
const positiveInt = z.int({ error: '整数で書いてください' }).positive({ error: '1以上の整数で書いてください' });

export const fiscalYearSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const fy = parseFiscalYear(value);
  if (fy === undefined) {
    ctx.addIssue({ code: 'custom', message: `年度として読めません: ${value}（例: 2024, R6, 令和6年度）` });
    return z.NEVER;
  }
  return fy;
});

const targetValue = z.number({ error: '目標値は数値か null（設定なし）で書いてください' }).nullable();

/** Targets keyed by fiscal year; the keys are normalised to numbers. */
const targetsSchema = z.record(z.string(), targetValue).transform((record, ctx) => {
  const out: Record<number, number | null> = {};
  for (const [key, value] of Object.entries(record)) {
    const fy = parseFiscalYear(key);
    if (fy === undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: `年度として読めません: ${key}（例: 2024, R6, 令和6年度）` });
      continue;
    }
    if (fy in out) {
      ctx.addIssue({ code: 'custom', path: [key], message: `${key} は同じ年度が二度書かれています` });
      continue;
    }
    out[fy] = value;
  }
  return out;
});

/** 実数 (each business once) or 延べ (every occurrence). */
export const countingSchema = z.enum(['distinct', 'total'], {
  error: 'counting は distinct（実数）か total（延べ）です',
});

const unitSchema = text.transform((u) => u.replace('％', '%'));

const kpiFields = {
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]+$/, { error: 'code は半角英数字と . _ - で書いてください' })
    .optional(),
  name: text,
  /** The indicator's caption where the plan lists it beside the 取組内容, e.g. 「事業承継計画の実現件数（累計）」. */
  label: optionalText,
  baseline: z.number({ error: '基準値は数値か null で書いてください' }).nullable().default(null),
  baselineYear: fiscalYearSchema.optional(),
  targets: targetsSchema.default({}),
  /** The plan's own wording of how the actual is counted (the bracketed formula). */
  definition: optionalText,
  /** A note on the definition, e.g. 「※共済加入者数は1月末、会員数は同年度4月1日時点の数」. */
  definitionNote: optionalText,
  cumulative: z.boolean({ error: 'cumulative は true か false です' }).default(false),
  counting: countingSchema.optional(),
  /** How the actual is derived from the records (src/domain/kpi/definition.ts); absent: entered by hand. */
  actual: exprSchema.optional(),
};

export const subKpiSchema = z.strictObject({ ...kpiFields, unit: unitSchema.optional() });

export const kpiSchema = z.strictObject({
  ...kpiFields,
  unit: unitSchema,
  breakdown: z.array(subKpiSchema).default([]),
});

export const goalSchema = z.strictObject({
  number: positiveInt,
  title: text,
  description: optionalText,
  kpis: z.array(kpiSchema).default([]),
});

export const actionSchema = z.strictObject({
  number: positiveInt,
  title: text,
  text: optionalText,
});

/** A roadmap cell: text, "→" (continues the cell before), or null / "" (nothing that year). */
export const roadmapCellSchema = z.string().nullable();

export const initiativeSchema = z.strictObject({
  number: positiveInt,
  title: text,
  description: optionalText,
  actions: z.array(actionSchema).default([]),
  roadmap: z.array(z.array(roadmapCellSchema)).default([]),
});

export const measureSchema = z.strictObject({
  number: positiveInt,
  title: text,
  /** Page number in the printed plan (体系表の「頁」). */
  page: z.int().positive().optional(),
  /** 施策展開方向 */
  direction: optionalText,
  goals: z.array(goalSchema).default([]),
  initiatives: z.array(initiativeSchema).default([]),
});

export const strategyKindSchema = z.enum(['common', 'own'], { error: 'kind は common（共通）か own（独自）です' });

export const strategySchema = z.strictObject({
  kind: strategyKindSchema,
  number: positiveInt,
  title: text,
  /** 独自戦略の設定理由とその概要 */
  reason: optionalText,
  measures: z.array(measureSchema).default([]),
});

export const policySchema = z.strictObject({
  number: positiveInt,
  title: text,
  text: optionalText,
});

const statementSchema = z.strictObject({ title: text, text: optionalText });

export const planFileSchema = z
  .strictObject({
    chamber: z.strictObject({
      code: z
        .string()
        .trim()
        .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'chamber.code は半角小文字・数字・- で書いてください' }),
      name: text,
    }),
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'code は半角小文字・数字・- で書いてください' }),
    title: text,
    period: z.strictObject({ from: fiscalYearSchema, to: fiscalYearSchema }),
    baselineYear: fiscalYearSchema,
    /** スローガン */
    slogan: statementSchema.optional(),
    /** 目指す姿 */
    vision: statementSchema.optional(),
    /** 基本方針 */
    policies: z.array(policySchema).default([]),
    strategies: z.array(strategySchema).min(1, { error: '戦略が一つもありません' }),
  })
  .superRefine((plan, ctx) => {
    const { from, to } = plan.period;
    const years = to - from + 1;
    if (years < MIN_PERIOD_YEARS || years > MAX_PERIOD_YEARS) {
      ctx.addIssue({
        code: 'custom',
        path: ['period'],
        message: `計画期間は${MIN_PERIOD_YEARS}〜${MAX_PERIOD_YEARS}年度です（${from}〜${to} は${years}年度）`,
      });
      return;
    }
    if (plan.baselineYear >= from) {
      ctx.addIssue({ code: 'custom', path: ['baselineYear'], message: '基準年度は計画期間より前の年度です' });
    }
    checkUnique(ctx, plan.policies, (p) => p.number, ['policies'], '基本方針の番号');
    checkUnique(ctx, plan.strategies, (s) => `${s.kind}-${s.number}`, ['strategies'], '戦略の番号');
    const measures = plan.strategies.flatMap((s, si) => s.measures.map((m, mi) => ({ m, path: ['strategies', si, 'measures', mi] })));
    checkUnique(
      ctx,
      measures,
      (x) => x.m.number,
      [],
      '施策の番号',
      (x) => x.path,
    );
    const codes = new Map<string, string>();
    for (const { m, path } of measures) {
      checkUnique(ctx, m.goals, (g) => g.number, [...path, 'goals'], '施策目標の番号');
      checkUnique(ctx, m.initiatives, (i) => i.number, [...path, 'initiatives'], '取組の番号');
      m.goals.forEach((g, gi) => {
        g.kpis.forEach((k, ki) => {
          const kpiPath = [...path, 'goals', gi, 'kpis', ki];
          const code = k.code ?? defaultKpiCode(m.number, g.number, g.kpis.length > 1 ? ki + 1 : undefined);
          const seen = codes.get(code);
          if (seen) ctx.addIssue({ code: 'custom', path: [...kpiPath, 'code'], message: `KPIのコード ${code} が重複しています` });
          codes.set(code, code);
          checkKpiYears(ctx, k, kpiPath, from, to);
          checkCumulative(ctx, k, kpiPath);
          k.breakdown.forEach((sub, si) => {
            const subCode = sub.code ?? `${code}-${si + 1}`;
            if (codes.has(subCode))
              ctx.addIssue({
                code: 'custom',
                path: [...kpiPath, 'breakdown', si, 'code'],
                message: `KPIのコード ${subCode} が重複しています`,
              });
            codes.set(subCode, subCode);
            checkKpiYears(ctx, sub, [...kpiPath, 'breakdown', si], from, to);
            checkCumulative(ctx, sub, [...kpiPath, 'breakdown', si]);
          });
          checkBreakdownSums(ctx, k, kpiPath);
        });
      });
      m.initiatives.forEach((ini, ii) => {
        const iniPath = [...path, 'initiatives', ii];
        checkUnique(ctx, ini.actions, (a) => a.number, [...iniPath, 'actions'], '取組の番号（①②）');
        ini.roadmap.forEach((row, ri) => {
          if (row.length !== years) {
            ctx.addIssue({
              code: 'custom',
              path: [...iniPath, 'roadmap', ri],
              message: `工程表の行には計画期間の${years}年度分のセルが要ります（${row.length}セルあります）`,
            });
          }
          const first = row[0];
          if (first !== undefined && first !== null && isContinuation(first)) {
            ctx.addIssue({ code: 'custom', path: [...iniPath, 'roadmap', ri, 0], message: '最初の年度を「→」（継続）にはできません' });
          }
          row.forEach((cell, ci) => {
            const before = row[ci - 1];
            if (ci > 0 && cell !== null && isContinuation(cell) && (before === null || before === undefined || before.trim() === '')) {
              ctx.addIssue({ code: 'custom', path: [...iniPath, 'roadmap', ri, ci], message: '空のセルの後に「→」（継続）は置けません' });
            }
          });
        });
      });
    }
  });

export type PlanFile = z.output<typeof planFileSchema>;
export type PlanFileKpi = z.output<typeof kpiSchema>;
export type PlanFileSubKpi = z.output<typeof subKpiSchema>;

/** A cell made only of arrows continues the entry before it. */
export function isContinuation(cell: string): boolean {
  const t = cell.replace(/\s/g, '');
  return t.length > 0 && /^[→➡⇒]+$/.test(t);
}

/** "6-2" for the KPI of 施策6's goal (2); "6-2-1" when the goal carries several KPIs. */
export function defaultKpiCode(measure: number, goal: number, index?: number): string {
  return index === undefined ? `${measure}-${goal}` : `${measure}-${goal}-${index}`;
}

type Path = (string | number)[];

function checkUnique<T>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  key: (item: T) => string | number,
  path: Path,
  what: string,
  itemPath: (item: T, index: number) => Path = (_item, index) => [...path, index],
): void {
  const seen = new Set<string | number>();
  items.forEach((item, index) => {
    const k = key(item);
    if (seen.has(k))
      ctx.addIssue({
        code: 'custom',
        path: itemPath(item, index),
        message: `${what} ${String(k).replace(/^(common|own)-/, '')} が重複しています`,
      });
    seen.add(k);
  });
}

function checkKpiYears(
  ctx: z.RefinementCtx,
  kpi: { targets: Record<number, number | null>; baselineYear?: number | undefined },
  path: Path,
  from: number,
  to: number,
): void {
  for (const fy of Object.keys(kpi.targets).map(Number)) {
    if (fy < from || fy > to) {
      ctx.addIssue({ code: 'custom', path: [...path, 'targets', String(fy)], message: `${fy}年度は計画期間（${from}〜${to}）の外です` });
    }
  }
  if (kpi.baselineYear !== undefined && kpi.baselineYear >= from) {
    ctx.addIssue({ code: 'custom', path: [...path, 'baselineYear'], message: '基準年度は計画期間より前の年度です' });
  }
}

function checkCumulative(
  ctx: z.RefinementCtx,
  kpi: { cumulative: boolean; actual?: z.output<typeof exprSchema> | undefined },
  path: Path,
): void {
  if (kpi.cumulative && kpi.actual && !isFlow(kpi.actual)) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'actual'],
      message: '累計の指標は、件数・金額・来場者数（count, sum, visitors）の合計でしか算出できません',
    });
  }
}

/** Sums compare after rounding to 6 decimals, so that 0.1 + 0.2 equals 0.3. */
function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-6;
}

function checkBreakdownSums(ctx: z.RefinementCtx, kpi: PlanFileKpi, path: Path): void {
  if (kpi.breakdown.length === 0) return;
  for (const [key, parent] of Object.entries(kpi.targets)) {
    const fy = Number(key);
    const parts = kpi.breakdown.map((s) => s.targets[fy]);
    if (parent === null || parts.some((p) => p === null || p === undefined)) continue;
    const sum = parts.reduce<number>((acc, p) => acc + (p ?? 0), 0);
    if (!sameNumber(sum, parent)) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'targets', key],
        message: `${fy}年度: 内訳（うち）の目標値の合計 ${sum} が目標値 ${parent} と一致しません`,
      });
    }
  }
  const sumBaseline = kpi.breakdown.reduce<number | null>((acc, s) => (acc === null || s.baseline === null ? null : acc + s.baseline), 0);
  if (kpi.baseline !== null && sumBaseline !== null && !sameNumber(sumBaseline, kpi.baseline)) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'baseline'],
      message: `内訳（うち）の基準値の合計 ${sumBaseline} が基準値 ${kpi.baseline} と一致しません`,
    });
  }
}
