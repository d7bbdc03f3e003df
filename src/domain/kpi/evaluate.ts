/**
 * Evaluating a KPI's actual for one fiscal year, in two pure steps around the database:
 *
 *   1. `measurementsFor(definition, context)` lists what must be measured in the records
 *      (with the exact date windows and as-of days, from the fiscal calendar);
 *   2. an executor measures them (src/db/queries/measure.ts; `measureInMemory` here is the
 *      reference the SQL must agree with);
 *   3. `evaluateActual(definition, context, results)` combines the values.
 *
 * Edge cases:
 * - a fiscal year after today's is 未到来: no value;
 * - an as-of day after today (共済 on 1月末 seen in November) is measured today and marked
 *   provisional, with the day it becomes final;
 * - a statistic or finance figure not entered gives no value, with the reason;
 * - a ratio whose denominator is 0 gives no value, with the reason — never a crash;
 * - 累計: actual(Y) = baseline + the flow from the plan's first fiscal year through Y;
 * - a KPI with no definition takes the manual actual entered for the year, if any.
 */
import { asOf, fiscalYearBounds, fiscalYearOf, formatFiscalYear, type IsoDate } from '../fiscal-calendar.js';
import type { Expr } from './definition.js';

export type Measurement =
  | {
      type: 'support';
      aggregate: 'quantity' | 'distinctBusinesses' | 'amount';
      kinds: string[];
      subKinds: string[] | null;
      industries: string[] | null;
      from: IsoDate;
      to: IsoDate;
    }
  | { type: 'visitors'; categories: string[] | null; from: IsoDate; to: IsoDate }
  | { type: 'members'; on: IsoDate }
  | { type: 'subscribers'; types: string[]; on: IsoDate }
  | { type: 'statistic'; item: string; fiscalYear: number }
  | { type: 'finance'; item: string; fiscalYear: number };

/** null: nothing was entered (statistic, finance). Flows and stocks are always numbers. */
export type MeasuredValue = number | null;

export function measurementKey(m: Measurement): string {
  return JSON.stringify(m);
}

export interface EvaluationContext {
  fiscalYear: number;
  /** The plan's first fiscal year: where 累計 windows start. */
  planFirstYear: number;
  cumulative: boolean;
  baseline: number | null;
  today: IsoDate;
}

export interface Term {
  label: string;
  value: number | null;
  measurement: Measurement;
}

export type Actual =
  | { status: 'derived'; value: number; provisional: boolean; finalOn: IsoDate | null; terms: Term[]; note: string | null }
  | { status: 'manual'; value: number; evidence: string; enteredBy: string; enteredAt: string }
  | { status: 'missing'; reason: string; terms: Term[] };

export interface ManualActual {
  value: number;
  evidence: string;
  enteredBy: string;
  enteredAt: string;
}

function windowOf(ctx: EvaluationContext, until: string | undefined): { from: IsoDate; to: IsoDate } {
  const from = fiscalYearBounds(ctx.cumulative ? ctx.planFirstYear : ctx.fiscalYear).start;
  const to = until ? asOf(ctx.fiscalYear, until) : fiscalYearBounds(ctx.fiscalYear).end;
  return { from, to };
}

/** A stock is measured on its as-of day, or today while that day is still to come. */
function stockDay(ctx: EvaluationContext, monthDay: string): IsoDate {
  const day = asOf(ctx.fiscalYear, monthDay);
  // ISO dates compare as strings (Math.min would not: it reads them as numbers).
  if (day > ctx.today) return ctx.today;
  return day;
}

function toMeasurements(expr: Expr, ctx: EvaluationContext): Measurement[] {
  if ('count' in expr) {
    const c = expr.count;
    return [
      {
        type: 'support',
        aggregate: c.distinct ? 'distinctBusinesses' : 'quantity',
        kinds: c.kind,
        subKinds: c.subKinds ?? null,
        industries: c.industries ?? null,
        ...windowOf(ctx, c.until),
      },
    ];
  }
  if ('sum' in expr) {
    const s = expr.sum;
    return [
      {
        type: 'support',
        aggregate: 'amount',
        kinds: s.kind,
        subKinds: s.subKinds ?? null,
        industries: s.industries ?? null,
        ...windowOf(ctx, s.until),
      },
    ];
  }
  if ('visitors' in expr)
    return [{ type: 'visitors', categories: expr.visitors.categories ?? null, ...windowOf(ctx, expr.visitors.until) }];
  if ('members' in expr) return [{ type: 'members', on: stockDay(ctx, expr.members.asOf) }];
  if ('subscribers' in expr) return [{ type: 'subscribers', types: expr.subscribers.types, on: stockDay(ctx, expr.subscribers.asOf) }];
  if ('statistic' in expr) return [{ type: 'statistic', item: expr.statistic, fiscalYear: ctx.fiscalYear }];
  if ('finance' in expr) return [{ type: 'finance', item: expr.finance, fiscalYear: ctx.fiscalYear }];
  if ('add' in expr) return expr.add.flatMap((e) => toMeasurements(e, ctx));
  return [...toMeasurements(expr.ratio.numerator, ctx), ...toMeasurements(expr.ratio.denominator, ctx)];
}

/** Nothing to measure for a year that has not begun. */
export function measurementsFor(expr: Expr, ctx: EvaluationContext): Measurement[] {
  if (ctx.fiscalYear > fiscalYearOf(ctx.today)) return [];
  return toMeasurements(expr, ctx);
}

export function describeMeasurement(m: Measurement): string {
  const kinds = (m: { kinds: string[]; subKinds: string[] | null }) =>
    `${m.kinds.join('・')}${m.subKinds ? `（${m.subKinds.join('・')}）` : ''}`;
  const span = (m: { from: IsoDate; to: IsoDate }) => `${m.from}〜${m.to}`;
  switch (m.type) {
    case 'support': {
      const industries = m.industries ? `、業種: ${m.industries.join('・')}` : '';
      const what = m.aggregate === 'quantity' ? '件数' : m.aggregate === 'amount' ? '金額' : '事業者数（実数）';
      return `${kinds(m)}の${what}${industries}（${span(m)}）`;
    }
    case 'visitors':
      return `${m.categories ? m.categories.join('・') : 'イベント'}の来場者数（${span(m)}）`;
    case 'members':
      return `会員数（${m.on}時点）`;
    case 'subscribers':
      return `${m.types.join('＋')}の加入者数（${m.on}時点）`;
    case 'statistic':
      return `${m.item}（${formatFiscalYear(m.fiscalYear)}）`;
    case 'finance':
      return `${m.item}（${formatFiscalYear(m.fiscalYear)}）`;
  }
}

type Partial = { value: number; reason?: undefined } | { value: null; reason: string };

function evaluateExpr(expr: Expr, ctx: EvaluationContext, lookup: (m: Measurement) => MeasuredValue): Partial {
  if ('add' in expr) {
    let total = 0;
    for (const e of expr.add) {
      const part = evaluateExpr(e, ctx, lookup);
      if (part.value === null) return part;
      total += part.value;
    }
    return { value: total };
  }
  if ('ratio' in expr) {
    const num = evaluateExpr(expr.ratio.numerator, ctx, lookup);
    if (num.value === null) return num;
    const den = evaluateExpr(expr.ratio.denominator, ctx, lookup);
    if (den.value === null) return den;
    if (den.value === 0) {
      const [m] = toMeasurements(expr.ratio.denominator, ctx);
      return { value: null, reason: `分母${m ? `の${describeMeasurement(m)}` : ''}が0のため計算できません` };
    }
    const value = (num.value / den.value) * (expr.ratio.percent ? 100 : 1);
    return { value: Math.round(value * 1e6) / 1e6 };
  }
  const [m] = toMeasurements(expr, ctx);
  if (!m) throw new Error('internal: an expression without a measurement');
  const value = lookup(m);
  if (value === null) return { value: null, reason: `${describeMeasurement(m)}が未入力です` };
  return { value };
}

export function evaluateActual(
  expr: Expr | null,
  ctx: EvaluationContext,
  results: ReadonlyMap<string, MeasuredValue>,
  manual: ManualActual | null = null,
): Actual {
  if (ctx.fiscalYear > fiscalYearOf(ctx.today)) {
    return { status: 'missing', reason: `${formatFiscalYear(ctx.fiscalYear)}はまだ始まっていません`, terms: [] };
  }
  if (expr === null) {
    if (manual) return { status: 'manual', ...manual };
    return { status: 'missing', reason: '記録から算出する方法が定義されていません。実績値と根拠を入力してください', terms: [] };
  }
  const measurements = toMeasurements(expr, ctx);
  const lookup = (m: Measurement): MeasuredValue => {
    const v = results.get(measurementKey(m));
    if (v === undefined) throw new Error(`internal: not measured: ${measurementKey(m)}`);
    return v;
  };
  const terms: Term[] = measurements.map((m) => ({ label: describeMeasurement(m), value: lookup(m), measurement: m }));
  const result = evaluateExpr(expr, ctx, lookup);
  if (result.value === null) return { status: 'missing', reason: result.reason, terms };

  const value = ctx.cumulative ? (ctx.baseline ?? 0) + result.value : result.value;
  const pending = pendingAsOf(expr, ctx);
  return {
    status: 'derived',
    value,
    provisional: pending !== null,
    finalOn: pending,
    terms,
    note: ctx.cumulative ? `基準値 ${ctx.baseline ?? 0} ＋ ${formatFiscalYear(ctx.planFirstYear)}からの累計 ${result.value}` : null,
  };
}

/** The latest as-of day still to come, if a stock in the expression is measured early. */
function pendingAsOf(expr: Expr, ctx: EvaluationContext): IsoDate | null {
  const days: IsoDate[] = [];
  const walk = (e: Expr): void => {
    if ('members' in e) days.push(asOf(ctx.fiscalYear, e.members.asOf));
    else if ('subscribers' in e) days.push(asOf(ctx.fiscalYear, e.subscribers.asOf));
    else if ('add' in e) e.add.forEach(walk);
    else if ('ratio' in e) {
      walk(e.ratio.numerator);
      walk(e.ratio.denominator);
    } else if ('count' in e || 'sum' in e || 'visitors' in e) {
      const until = 'count' in e ? e.count.until : 'sum' in e ? e.sum.until : e.visitors.until;
      days.push(until ? asOf(ctx.fiscalYear, until) : fiscalYearBounds(ctx.fiscalYear).end);
    }
  };
  walk(expr);
  const future = days.filter((d) => d > ctx.today).sort();
  return future.at(-1) ?? null;
}

export interface Achievement {
  rate: number | null;
  /** Why there is no rate: 設定なし, no actual, target 0. */
  reason: string | null;
}

/** 達成率 = actual ÷ target, as a percentage; over 100 % is kept as it is. */
export function achievementRate(actual: number | null, target: number | null): Achievement {
  if (target === null) return { rate: null, reason: '目標値の設定なし' };
  if (actual === null) return { rate: null, reason: '実績値なし' };
  if (target === 0) return { rate: null, reason: actual >= 0 ? '目標値が0（達成）' : '目標値が0' };
  return { rate: Math.round((actual / target) * 1000) / 10, reason: null };
}
