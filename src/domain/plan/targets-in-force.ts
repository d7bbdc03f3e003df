/**
 * A KPI's target for one fiscal year over time: the original (the plan as first loaded) and
 * every revision since, each with the value decided, the date of the decision, the body that
 * decided it (評価委員会, 理事会, 総会 …), the reason, and who entered it when. Pure: the rows
 * come from src/db/queries/load-plan.ts; `today` is passed in.
 *
 * Rules:
 * - In force on a day: the latest revision decided on or before that day; of two decided on the
 *   same day, the one entered later (then the one stored later); before any, the original.
 *   A revision entered late with an earlier decision date takes its place in that order.
 * - The target a year is rated against (達成率, 評価, the dashboard, the KPI table) is the one in
 *   force on the year's last day (3月31日), or today while the year runs or has not begun
 *   (`ratingDate`). A year's 評価 is against what the chamber was aiming at during the year.
 * - So a revision must be decided no later than the last day of the year it revises: a decision
 *   taken after a year ended (e.g. a 評価委員会 in July reviewing the year just closed) cannot
 *   rewrite what that year was measured against; it revises the years still to come. A decision
 *   taken within the year and entered later is accepted (it is dated when it was decided).
 * - A revision is decided on a real day, not after today (a decision not yet taken cannot be
 *   recorded) and not before the plan's first fiscal year began; its value (a number, or null
 *   for 設定なし) differs from the one in force on that day, else nothing would change.
 */
import { type FiscalYear, fiscalYearBounds, formatFiscalYear, formatJapaneseDate, type IsoDate, isIsoDate } from '../fiscal-calendar.js';
import type { Kpi, Plan } from './plan.js';

/** A target: a number, or null for 設定なし. */
export type TargetValue = number | null;

/** The decision body of a revision that came from a changed plan file (`shirube plan import`). */
export const PLAN_FILE_DECIDED_BY = '計画ファイルの取り込み';

export interface TargetRevision {
  value: TargetValue;
  decidedOn: IsoDate;
  /** 評価委員会, 理事会, 総会, … (free text); PLAN_FILE_DECIDED_BY for a plan file. */
  decidedBy: string;
  /** Required on the screen; a plan file imported without --reason has none. */
  reason: string | null;
  /** The account that entered it (its login), or `system` / `cli:<user>`. */
  enteredBy: string;
  /** ISO instant. */
  enteredAt: string;
  via: 'import' | 'screen';
  /** The plan file's name, for a revision that came with one. */
  source: string | null;
}

export interface TargetHistory {
  fiscalYear: FiscalYear;
  original: TargetValue;
  /** In the order they were stored. */
  revisions: readonly TargetRevision[];
}

/** A revision with the target it replaced (the one in force just before it, in decision order). */
export interface RevisionStep extends TargetRevision {
  previous: TargetValue;
}

export const sameTarget = (a: TargetValue, b: TargetValue): boolean => a === b;

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** 1,620 or 設定なし, for messages and notes (the unit is the caller's). */
export function formatTargetValue(value: TargetValue): string {
  return value === null ? '設定なし' : GROUPED.format(value);
}

/** The revisions in decision order: by date of decision, then by when entered; stored order breaks ties. */
export function decisionOrder(revisions: readonly TargetRevision[]): TargetRevision[] {
  return revisions
    .map((r, i) => ({ r, i }))
    .sort((a, b) => cmp(a.r.decidedOn, b.r.decidedOn) || cmp(a.r.enteredAt, b.r.enteredAt) || a.i - b.i)
    .map(({ r }) => r);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The revision in force on a day, or null when the original is. */
export function revisionInForce(history: TargetHistory, onDate: IsoDate): TargetRevision | null {
  let found: TargetRevision | null = null;
  for (const r of decisionOrder(history.revisions)) {
    if (r.decidedOn > onDate) break;
    found = r;
  }
  return found;
}

/** The target in force on a day. */
export function targetInForce(history: TargetHistory, onDate: IsoDate): TargetValue {
  const r = revisionInForce(history, onDate);
  return r === null ? history.original : r.value;
}

/** The day a year's target is taken for its 評価: its last day once it has ended, else today. */
export function ratingDate(fiscalYear: FiscalYear, today: IsoDate): IsoDate {
  const { end } = fiscalYearBounds(fiscalYear);
  return today < end ? today : end;
}

/** The target a year is rated against, as of today. */
export function targetForRating(history: TargetHistory, today: IsoDate): TargetValue {
  return targetInForce(history, ratingDate(history.fiscalYear, today));
}

/** Every revision in decision order with the target it replaced. */
export function revisionSteps(history: TargetHistory): RevisionStep[] {
  let previous = history.original;
  return decisionOrder(history.revisions).map((r) => {
    const step = { ...r, previous };
    previous = r.value;
    return step;
  });
}

// ---------------------------------------------------------------- the plan with its targets in force

/** A KPI's histories, by fiscal year. */
export type KpiTargetHistories = ReadonlyMap<FiscalYear, TargetHistory>;

/**
 * The plan with every target replaced by the one its year is rated against today; the KPIs'
 * histories by code (a KPI or year without one keeps the plan's target).
 */
export function planWithTargetsInForce(plan: Plan, histories: ReadonlyMap<string, KpiTargetHistories>, today: IsoDate): Plan {
  const kpi = (k: Kpi): Kpi => {
    const byYear = histories.get(k.code);
    const targets = byYear
      ? Object.fromEntries(
          Object.entries(k.targets).map(([fy, t]) => {
            const h = byYear.get(Number(fy));
            return [fy, h ? targetForRating(h, today) : t];
          }),
        )
      : k.targets;
    return { ...k, targets, breakdown: k.breakdown.map(kpi) };
  };
  return {
    ...plan,
    strategies: plan.strategies.map((s) => ({
      ...s,
      measures: s.measures.map((m) => ({ ...m, goals: m.goals.map((g) => ({ ...g, kpis: g.kpis.map(kpi) })) })),
    })),
  };
}

// ---------------------------------------------------------------- checking a revision

export type RevisionField = 'fiscalYear' | 'value' | 'decidedOn';

export interface RevisionProblem {
  field: RevisionField;
  message: string;
}

export interface RevisionCheck {
  fiscalYear: FiscalYear;
  value: TargetValue;
  decidedOn: IsoDate;
}

export interface RevisionContext {
  today: IsoDate;
  period: { from: FiscalYear; to: FiscalYear };
  /** The year's history so far. */
  history: TargetHistory;
}

/** What makes a revision impossible, by field (see the rules above); none: it may be recorded. */
export function revisionProblems(
  { fiscalYear, value, decidedOn }: RevisionCheck,
  { today, period, history }: RevisionContext,
): RevisionProblem[] {
  if (fiscalYear < period.from || fiscalYear > period.to)
    return [
      {
        field: 'fiscalYear',
        message: `${formatFiscalYear(fiscalYear)}は計画期間（${formatFiscalYear(period.from)}〜${formatFiscalYear(period.to)}）の外です`,
      },
    ];
  const problems: RevisionProblem[] = [];
  if (value !== null && !Number.isFinite(value)) problems.push({ field: 'value', message: '目標値は数値で入力してください' });
  if (!isIsoDate(decidedOn)) {
    problems.push({ field: 'decidedOn', message: '決定日を入力してください（例: 2024/7/15、R6.7.15）' });
    return problems;
  }
  const planStart = fiscalYearBounds(period.from).start;
  const yearEnd = fiscalYearBounds(fiscalYear).end;
  if (decidedOn > today) problems.push({ field: 'decidedOn', message: '今日より後の日付は入力できません（決定した日を入力してください）' });
  else if (decidedOn > yearEnd)
    problems.push({
      field: 'decidedOn',
      message: `${formatFiscalYear(fiscalYear)}は${formatJapaneseDate(yearEnd)}に終わっています。年度が終わった後の決定で、その年度の目標値は変えられません（次の年度からの目標値を改訂してください）`,
    });
  else if (decidedOn < planStart)
    problems.push({ field: 'decidedOn', message: `計画期間の始まり（${formatJapaneseDate(planStart)}）より前の日付は入力できません` });
  else if (problems.length === 0 && sameTarget(value, targetInForce(history, decidedOn)))
    problems.push({
      field: 'value',
      message: `${formatJapaneseDate(decidedOn)}時点の目標値（${formatTargetValue(value)}）と同じです。変わる値を入力してください`,
    });
  return problems;
}
