/**
 * 評価シート (様式2): a measure's evaluation for one fiscal year, as staff write it, and the
 * rules that decide whether it may be submitted. Pure; the web UI imports it (zod only).
 *
 * The scales (chosen here, the same on the screen, the API and the .xlsx):
 * - 必要性・有効性・効率性: 高い / 普通 / 低い (high / medium / low). Three steps, as the
 *   評価委員会 judges them in words; letters would be confused with the overall rating.
 * - 総合評価: A 順調 / B 概ね順調 / C 一部未達成, 秋田県の様式2 の言葉 (the same words as
 *   AKITA_RATING_BANDS). It is the staff's judgement of the measure as a whole; the KPIs'
 *   worst rating is offered as a suggestion (`suggestedOverall`), not imposed.
 *
 * What blocks submission (`submissionProblems`, every problem with its field):
 * - the year has not ended: a year is evaluated after it closes (usually 4月〜6月 of the
 *   next year). A draft of the year under way may be written and saved, not submitted,
 *   since its actuals are not final;
 * - 成果, 課題, 改善策（次年度の方向性） empty;
 * - 必要性, 有効性, 効率性 or 総合評価 not chosen;
 * - a KPI that misses its target (`missesTarget`) without 原因, 改善策（何を）, 誰が and
 *   いつまでに;
 * - a KPI with a target whose actual is missing (未集計): the sheet would judge nothing; the
 *   actual must be entered (or its data completed) first.
 * A KPI with no target (設定なし) is never a miss.
 */
import { z } from 'zod';
import { type FiscalYear, fiscalYearBounds, formatFiscalYear, type IsoDate } from '../fiscal-calendar.js';

export const LEVELS = ['high', 'medium', 'low'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = { high: '高い', medium: '普通', low: '低い' };

export const OVERALL_RATINGS = ['A', 'B', 'C'] as const;
export type OverallRating = (typeof OVERALL_RATINGS)[number];
export const OVERALL_LABELS: Record<OverallRating, string> = { A: '順調', B: '概ね順調', C: '一部未達成' };

/** Japanese names of the sheet's fields, for messages and labels. */
export const SHEET_FIELDS = {
  fiscalYear: '年度',
  achievements: '成果',
  issues: '課題',
  improvements: '改善策（次年度の方向性）',
  necessity: '必要性',
  effectiveness: '有効性',
  efficiency: '効率性',
  overall: '総合評価',
} as const;
export type SheetField = keyof typeof SHEET_FIELDS;

/** The per-KPI fields of a KPI that misses its target. */
export const KPI_ACTION_FIELDS = {
  cause: '未達成の原因',
  action: '改善策（何を）',
  who: '誰が',
  byWhen: 'いつまでに',
} as const;
export type KpiActionField = keyof typeof KPI_ACTION_FIELDS;

export const TEXT_MAX = 4000;
const SHORT_MAX = 200;

const text = (max: number, label: string) =>
  z
    .string()
    .max(max, { error: `${label}は${max}文字以内で入力してください` })
    .transform((v) => v.trim());

export const kpiActionSchema = z.object({
  cause: text(TEXT_MAX, KPI_ACTION_FIELDS.cause).default(''),
  action: text(TEXT_MAX, KPI_ACTION_FIELDS.action).default(''),
  who: text(SHORT_MAX, KPI_ACTION_FIELDS.who).default(''),
  /** Free text (「令和7年9月末」「次年度上期」): the sheets write it so, and a date would be too exact. */
  byWhen: text(SHORT_MAX, KPI_ACTION_FIELDS.byWhen).default(''),
});
export type KpiAction = z.output<typeof kpiActionSchema>;

/** What staff write on a sheet: saved as a draft at any time, complete only to be submitted. */
export const sheetInputSchema = z.object({
  achievements: text(TEXT_MAX, SHEET_FIELDS.achievements),
  issues: text(TEXT_MAX, SHEET_FIELDS.issues),
  improvements: text(TEXT_MAX, SHEET_FIELDS.improvements),
  necessity: z.enum(LEVELS).nullable(),
  effectiveness: z.enum(LEVELS).nullable(),
  efficiency: z.enum(LEVELS).nullable(),
  overall: z.enum(OVERALL_RATINGS).nullable(),
  /** By KPI code. Kept for any KPI sent; only those that miss are required and shown. */
  kpiActions: z.record(z.string().max(50), kpiActionSchema),
});
export type SheetInput = z.output<typeof sheetInputSchema>;

export const EMPTY_SHEET: SheetInput = {
  achievements: '',
  issues: '',
  improvements: '',
  necessity: null,
  effectiveness: null,
  efficiency: null,
  overall: null,
  kpiActions: {},
};

export const COMMENT_MAX = 4000;
export const commentSchema = z.object({ comment: text(COMMENT_MAX, 'コメント') });
export const unlockSchema = z.object({
  reason: text(500, 'ロック解除の理由').refine((v) => v !== '', { error: 'ロック解除の理由を入力してください' }),
});

/** A KPI's result for the evaluated year, as the sheet shows it. */
export interface EvaluatedKpi {
  code: string;
  name: string;
  unit: string;
  /** The target in force for the year; null = 設定なし. */
  target: number | null;
  actual: number | null;
  /** Why there is no actual (未集計). */
  reason: string | null;
}

/**
 * Whether the KPI fell short of its target in force: actual < target. No target (設定なし) or
 * no actual is not a miss (the latter is its own problem). Target 0 is met by any actual ≥ 0,
 * as the rating has it.
 */
export function missesTarget(kpi: Pick<EvaluatedKpi, 'target' | 'actual'>): boolean {
  return kpi.target !== null && kpi.actual !== null && kpi.actual < kpi.target;
}

/** `kpis.5-1.cause`: the field of a KPI's row, as problems and the form name it. */
export const kpiField = (code: string, field?: KpiActionField) => (field ? `kpis.${code}.${field}` : `kpis.${code}`);

export interface SheetProblem {
  /** A SheetField, or kpiField(code[, field]). */
  field: string;
  message: string;
}

export interface SubmissionContext {
  fiscalYear: FiscalYear;
  today: IsoDate;
}

/** Every reason the sheet cannot be submitted yet, each with its field; [] when it can. */
export function submissionProblems(
  sheet: SheetInput,
  kpis: readonly EvaluatedKpi[],
  { fiscalYear, today }: SubmissionContext,
): SheetProblem[] {
  const problems: SheetProblem[] = [];
  const { end } = fiscalYearBounds(fiscalYear);
  if (today <= end) {
    problems.push({
      field: 'fiscalYear',
      message: `${formatFiscalYear(fiscalYear)}はまだ終わっていません（${end}まで）。下書きは保存できますが、提出は年度が終わってからです`,
    });
  }
  for (const field of ['achievements', 'issues', 'improvements'] as const) {
    if (sheet[field].trim() === '') problems.push({ field, message: `${SHEET_FIELDS[field]}を入力してください` });
  }
  for (const field of ['necessity', 'effectiveness', 'efficiency', 'overall'] as const) {
    if (sheet[field] === null) problems.push({ field, message: `${SHEET_FIELDS[field]}を選んでください` });
  }
  for (const kpi of kpis) {
    if (kpi.target !== null && kpi.actual === null) {
      problems.push({
        field: kpiField(kpi.code),
        message: `「${kpi.name}」の実績値がありません（${kpi.reason ?? '未集計'}）。実績値がそろってから提出してください`,
      });
      continue;
    }
    if (!missesTarget(kpi)) continue;
    const action = sheet.kpiActions[kpi.code];
    for (const field of Object.keys(KPI_ACTION_FIELDS) as KpiActionField[]) {
      if ((action?.[field] ?? '').trim() === '')
        problems.push({
          field: kpiField(kpi.code, field),
          message: `「${kpi.name}」は目標に届いていません。${KPI_ACTION_FIELDS[field]}を入力してください`,
        });
    }
  }
  return problems;
}

/**
 * 総合評価 the KPIs suggest: the worst of their ratings on the 秋田 scale (A ≥ 100 %,
 * B ≥ 80 %, C below; target 0 met by actual ≥ 0). null when no KPI has both a target and
 * an actual. Staff may choose otherwise.
 */
export function suggestedOverall(kpis: readonly Pick<EvaluatedKpi, 'target' | 'actual'>[]): OverallRating | null {
  let worst: OverallRating | null = null;
  for (const { target, actual } of kpis) {
    if (target === null || actual === null) continue;
    // 達成率 rounded to 0.1 % as achievementRate has it, so that 79.96 % reads B here as on the KPI's badge.
    const rate = target === 0 ? (actual >= 0 ? 100 : 0) : Math.round((actual / target) * 1000) / 10;
    const rating: OverallRating = rate >= 100 ? 'A' : rate >= 80 ? 'B' : 'C';
    if (worst === null || rating > worst) worst = rating;
  }
  return worst;
}

export type SheetState = 'draft' | 'submitted';
export const SHEET_STATE_LABELS: Record<SheetState | 'none', string> = { none: '未着手', draft: '下書き', submitted: '提出済み' };
