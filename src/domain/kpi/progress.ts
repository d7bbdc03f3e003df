/**
 * Where a KPI stands in one fiscal year, for the dashboard: its actual to date, the value
 * expected by today, the projected year-end value, and the rating. Pure: the actuals and the
 * monthly history come in, already measured (src/usecases/kpi-progress.ts).
 *
 * Which pace a KPI has follows from its definition:
 * - a flow (count, sum, visitors, or sums of them) accumulates over the year: expected by
 *   today and the year-end projection come from flowPace, with the months of earlier years;
 * - anything with a stock, a statistic, a finance item or a ratio is measured on a day
 *   (組織率 on 4月1日, 共済加入率 on 1月末, 参画事業者率 up to 1月末, 自己財源比率 at the
 *   year's closing): stockPace, the latest value and the day it becomes final;
 * - no definition: a manual actual, entered once a year; only its value.
 *
 * The rating of a year that is over compares the actual with the target. During the year it
 * compares the projected year-end value with the target (is the KPI on track?), and, where
 * nothing can be projected, the value so far; what was compared is said in `ratedOn`.
 */
import { asOf, type FiscalYear, fiscalYearBounds, type IsoDate } from '../fiscal-calendar.js';
import { type Expr, isFlow } from './definition.js';
import { type Actual, achievementRate } from './evaluate.js';
import { type FlowPace, flowPace, type MonthlyHistory, type StockPace, stockPace } from './pace.js';
import { type Rating, type RatingBandSet, rate } from './rating.js';

export type PaceKind = 'flow' | 'stock' | 'manual';

export function paceKindOf(expr: Expr | null): PaceKind {
  if (expr === null) return 'manual';
  return isFlow(expr) ? 'flow' : 'stock';
}

/** MM-末 of the n-th month of a fiscal year (0 = April … 11 = March). */
export function monthEndOf(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > 11) throw new RangeError(`月の番号は0〜11です: ${index}`);
  const month = ((index + 3) % 12) + 1;
  return `${String(month).padStart(2, '0')}-末`;
}

/**
 * The flow `expr` counted only up to `monthDay` of the fiscal year (each `until` becomes the
 * earlier of its own and this one): what the KPI had reached by the end of a month.
 */
export function flowUntil(expr: Expr, monthDay: string, fiscalYear: FiscalYear): Expr {
  const earlier = (own: string | undefined) => (own && asOf(fiscalYear, own) < asOf(fiscalYear, monthDay) ? own : monthDay);
  if ('count' in expr) return { count: { ...expr.count, until: earlier(expr.count.until) } };
  if ('sum' in expr) return { sum: { ...expr.sum, until: earlier(expr.sum.until) } };
  if ('visitors' in expr) return { visitors: { ...expr.visitors, until: earlier(expr.visitors.until) } };
  if ('add' in expr) return { add: expr.add.map((e) => flowUntil(e, monthDay, fiscalYear)) };
  throw new RangeError('flowUntil は件数・金額・来場者数（とその合計）だけに使えます');
}

/**
 * The 12 monthly values of a year from the values reached by the end of each month
 * (a running total, April … March): each month's increase.
 */
export function monthlyFromRunningTotals(fiscalYear: FiscalYear, reached: readonly number[]): MonthlyHistory {
  if (reached.length !== 12) throw new RangeError(`月末の値は12か月分が必要です（${reached.length}か月）`);
  return { fiscalYear, months: reached.map((v, i) => v - (i === 0 ? 0 : (reached[i - 1] ?? 0))) };
}

/**
 * The day a measured-on-a-day KPI becomes final in a fiscal year: its latest as-of day (a
 * stock's asOf, a count's until; statistics are the official counts of 4月1日), or the year's
 * last day for figures of the whole year (finance items, flows without `until`). As MM-DD /
 * MM-末 for stockPace.
 */
export function finalMonthDay(expr: Expr, fiscalYear: FiscalYear): string {
  const days: string[] = [];
  const walk = (e: Expr): void => {
    if ('members' in e) days.push(e.members.asOf);
    else if ('subscribers' in e) days.push(e.subscribers.asOf);
    else if ('count' in e) days.push(e.count.until ?? '03-末');
    else if ('sum' in e) days.push(e.sum.until ?? '03-末');
    else if ('visitors' in e) days.push(e.visitors.until ?? '03-末');
    else if ('add' in e) e.add.forEach(walk);
    else if ('ratio' in e) {
      walk(e.ratio.numerator);
      walk(e.ratio.denominator);
    } else if ('statistic' in e) days.push('04-01');
    else days.push('03-末');
  };
  walk(expr);
  return days.reduce((a, b) => (asOf(fiscalYear, b) > asOf(fiscalYear, a) ? b : a));
}

export interface ProgressInput {
  definition: Expr | null;
  cumulative: boolean;
  fiscalYear: FiscalYear;
  today: IsoDate;
  target: number | null;
  /** The fiscal year's actual (as of today for the current year); null: none, for `reason`. */
  actual: number | null;
  source: Actual['status'];
  reason: string | null;
  /** 累計 only: the cumulative actual at the end of the previous year (the baseline in the first year). */
  previousYearEnd: number | null;
  /** Flows: the monthly values of earlier years (each month's increase). */
  history: readonly MonthlyHistory[];
  bands: RatingBandSet;
}

export interface Progress {
  kind: PaceKind;
  actual: number | null;
  /** 達成率 of the actual so far against the year's target. */
  achievementRate: number | null;
  pace: FlowPace | StockPace | null;
  expected: number | null;
  projected: number | null;
  projectionNote: string | null;
  rating: Rating;
  /** What the rating compared with the target. */
  ratedOn: 'actual' | 'projection' | 'actualSoFar';
}

export function assessProgress(input: ProgressInput): Progress {
  const { actual, target, bands, fiscalYear, today } = input;
  const kind = paceKindOf(input.definition);
  const achievement = achievementRate(actual, target);
  const { end } = fiscalYearBounds(fiscalYear);
  const over = today > end;
  const reason = input.reason ?? undefined;
  const rateOf = (value: number | null) =>
    rate(achievementRate(value, target).rate, target, bands, { actual: value, ...(reason ? { reason } : {}) });

  if (kind === 'flow' && input.definition) {
    const pace = flowPace({
      fiscalYear,
      today,
      target,
      actualToDate: actual,
      history: input.history,
      cumulative: input.cumulative ? { previousYearEnd: input.previousYearEnd } : undefined,
    });
    const projected = pace.projection.value;
    const ratedOn = over ? 'actual' : projected !== null ? 'projection' : 'actualSoFar';
    return {
      kind,
      actual,
      achievementRate: achievement.rate,
      pace,
      expected: pace.expected.value,
      projected,
      projectionNote: pace.projection.explanation,
      rating: rateOf(ratedOn === 'projection' ? projected : actual),
      ratedOn,
    };
  }
  if (kind === 'stock' && input.definition) {
    const pace = stockPace({
      fiscalYear,
      today,
      asOf: finalMonthDay(input.definition, fiscalYear),
      target,
      latest: actual === null ? null : { value: actual, on: [today, end].sort()[0] ?? end },
    });
    return {
      kind,
      actual,
      achievementRate: achievement.rate,
      pace,
      expected: null,
      projected: null,
      projectionNote: pace.explanation,
      rating: rateOf(actual),
      ratedOn: pace.final ? 'actual' : 'actualSoFar',
    };
  }
  return {
    kind: 'manual',
    actual,
    achievementRate: achievement.rate,
    pace: null,
    expected: null,
    projected: null,
    projectionNote: input.source === 'manual' ? '手入力の実績値' : null,
    rating: rateOf(actual),
    ratedOn: 'actual',
  };
}

/** The fiscal years before `fiscalYear` whose months are the pace's history: up to `count`, nearest first. */
export function historyYears(fiscalYear: FiscalYear, count = 3): FiscalYear[] {
  return Array.from({ length: count }, (_, i) => fiscalYear - 1 - i);
}
