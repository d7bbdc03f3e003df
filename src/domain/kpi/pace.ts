/**
 * Where a KPI should be by today, and where it is heading, for one fiscal year.
 *
 * Flows (counted over the year, e.g. 課題解決件数) have a pace: the share of the year's total
 * that earlier years had reached by the same point of the year. Expected by today is
 * target × share; the year-end projection is actual to date ÷ share. Stocks and ratios
 * measured on an as-of day (組織率 on 4月1日, 共済加入率 on 1月末) have no pace: only their
 * latest value and the day it is (or will be) final.
 *
 * Edge cases:
 * - "by today" includes today: on 4月1日 one day of April has passed, on 3月31日 the whole year;
 * - the share interpolates inside the current month by days (15 of 29 days on 2024-02-15);
 * - no history, or history that adds up to 0, falls back to an even spread over the days of
 *   the fiscal year (366 in FY2023, which holds 2024-02-29);
 * - 累計: the pace applies to this year's increase only. Expected = previous year-end +
 *   (target − previous year-end) × share; projection = previous year-end + increase to date
 *   ÷ share. A target already passed at the previous year-end gives an expected value between
 *   the two (the KPI is ahead either way); no clamping;
 * - before the year: expected is 0 (a 累計 KPI: the previous year-end) and nothing is projected;
 *   after it: expected is the target and the projection is the actual, method 'final';
 * - early in the year (share < 10 %) a projection from the pace would be noise: the previous
 *   year's total is used instead, or nothing when there is none;
 * - values are not rounded: the view rounds to the KPI's unit. Over the target stays over.
 */
import {
  asOf,
  type FiscalYear,
  fiscalYearBounds,
  formatFiscalYear,
  formatJapaneseDate,
  type IsoDate,
  parseIsoDate,
} from '../fiscal-calendar.js';

/** Below this share of the year a pace projection is not made. */
export const MIN_PROJECTION_SHARE = 0.1;

export interface MonthlyHistory {
  fiscalYear: FiscalYear;
  /** 12 values, April … March: what happened in each month (for 累計, the increase, not the running total). */
  months: readonly number[];
}

export type Phase = 'before' | 'during' | 'after';

export type ShareBasis = { method: 'history'; years: FiscalYear[] } | { method: 'even' };

export interface ExpectedShare {
  phase: Phase;
  /** 0 … 1: the part of the year's total expected by the end of today. */
  share: number;
  basis: ShareBasis;
  /** 「過去3年（R3年度・R4年度・R5年度）の月別実績の進み方」, 「年度の経過日数（365日中120日）による均等配分」 */
  explanation: string;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a calendar day (UTC arithmetic on a day with no zone). */
function dayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function phaseOf(fiscalYear: FiscalYear, today: IsoDate): Phase {
  const { start, end } = fiscalYearBounds(fiscalYear);
  return today < start ? 'before' : today > end ? 'after' : 'during';
}

function checkHistory(history: readonly MonthlyHistory[]): void {
  const seen = new Set<FiscalYear>();
  for (const h of history) {
    const name = formatFiscalYear(h.fiscalYear, 'short');
    if (h.months.length !== 12) throw new RangeError(`月別実績は4月〜3月の12か月分が必要です: ${name}（${h.months.length}か月）`);
    if (!h.months.every(Number.isFinite)) throw new RangeError(`月別実績に数値でない値があります: ${name}`);
    if (seen.has(h.fiscalYear)) throw new RangeError(`月別実績の年度が重複しています: ${name}`);
    seen.add(h.fiscalYear);
  }
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
const yearList = (years: readonly FiscalYear[]): string => years.map((y) => formatFiscalYear(y, 'short')).join('・');

/**
 * The share of a fiscal year's total expected by the end of `today`.
 *
 * History: the years before `fiscalYear` whose total is above 0, their months added together
 * (so a busy year weighs more than a quiet one); the share is the months before today's plus
 * today's month × (day ÷ days in that month), over the total, kept within 0 … 1 (a negative
 * correction month could push it outside). Years from `fiscalYear` on are ignored.
 * Without such years: days elapsed ÷ days of the fiscal year.
 * Before the year the share is 0, after it 1; the basis is still reported.
 * Throws on history that is not 12 finite numbers per year, or a year given twice.
 */
export function expectedShare(fiscalYear: FiscalYear, today: IsoDate, history: readonly MonthlyHistory[]): ExpectedShare {
  checkHistory(history);
  const phase = phaseOf(fiscalYear, today);
  const { start, end } = fiscalYearBounds(fiscalYear);
  const used = history.filter((h) => h.fiscalYear < fiscalYear && sum(h.months) > 0).sort((a, b) => a.fiscalYear - b.fiscalYear);
  const bounded = (share: number): number => (phase === 'before' ? 0 : phase === 'after' ? 1 : share);

  if (used.length > 0) {
    const years = used.map((h) => h.fiscalYear);
    const pooled = Array.from({ length: 12 }, (_, i) => sum(used.map((h) => h.months[i] ?? 0)));
    const total = sum(pooled);
    const { year, month, day } = parseIsoDate(today);
    const index = (month + 8) % 12; // April → 0 … March → 11
    const reached = sum(pooled.slice(0, index)) + (pooled[index] ?? 0) * (day / daysInMonth(year, month));
    return {
      phase,
      share: bounded(clamp01(reached / total)),
      basis: { method: 'history', years },
      explanation: `過去${years.length}年（${yearList(years)}）の月別実績の進み方`,
    };
  }

  const length = dayNumber(end) - dayNumber(start) + 1;
  const elapsed = Math.min(length, Math.max(0, dayNumber(today) - dayNumber(start) + 1));
  const why = history.some((h) => h.fiscalYear < fiscalYear) ? '過去の月別実績が0のため、' : '過去の月別実績がないため、';
  return {
    phase,
    share: bounded(elapsed / length),
    basis: { method: 'even' },
    explanation: `${why}年度の経過日数（${length}日中${elapsed}日）による均等配分`,
  };
}

export interface FlowPaceInput {
  fiscalYear: FiscalYear;
  today: IsoDate;
  /** null: 設定なし. For 累計, the cumulative target. */
  target: number | null;
  /** The actual as of today; for 累計 the cumulative value (baseline included). null: none. */
  actualToDate: number | null;
  /** Monthly actuals of earlier fiscal years (for 累計: each month's increase). */
  history: readonly MonthlyHistory[];
  /**
   * 累計 KPIs only: the cumulative actual at the end of the previous fiscal year (in the
   * plan's first year, the baseline). null: not known, so nothing can be computed.
   */
  cumulative?: { previousYearEnd: number | null } | undefined;
}

export interface Expected {
  value: number | null;
  explanation: string;
}

export interface Projection {
  value: number | null;
  /** 'final': the year is over and the value is the actual. */
  method: 'pace' | 'lastYear' | 'none' | 'final';
  explanation: string;
}

export interface FlowPace {
  kind: 'flow';
  share: ExpectedShare;
  expected: Expected;
  projection: Projection;
}

const num = (v: number): string => String(Math.round(v * 10) / 10);
const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** Expected by today and the year-end projection of a flow KPI (see the module comment). */
export function flowPace(input: FlowPaceInput): FlowPace {
  const share = expectedShare(input.fiscalYear, input.today, input.history);
  const base = input.cumulative ? input.cumulative.previousYearEnd : 0;
  if (base === null) {
    const explanation = '前年度末の累計値がないため計算できません';
    return { kind: 'flow', share, expected: { value: null, explanation }, projection: { value: null, method: 'none', explanation } };
  }
  return { kind: 'flow', share, expected: expectedValue(input, share, base), projection: projection(input, share, base) };
}

function expectedValue(input: FlowPaceInput, share: ExpectedShare, base: number): Expected {
  const { target } = input;
  if (target === null) return { value: null, explanation: '目標値の設定なし' };
  if (share.phase === 'after') return { value: target, explanation: '年度終了（目標値）' };
  if (share.phase === 'before') return { value: base, explanation: input.cumulative ? '年度開始前（前年度末の累計値）' : '年度開始前' };
  const value = base + (target - base) * share.share;
  const increase = input.cumulative ? `前年度末の累計 ${num(base)} に、目標までの増加分 ${num(target - base)} の` : '目標値の';
  return { value, explanation: `${share.explanation}から、${increase}${percent(share.share)}が今日までに進む想定` };
}

function projection(input: FlowPaceInput, share: ExpectedShare, base: number): Projection {
  const { actualToDate: actual } = input;
  if (share.phase === 'before') return { value: null, method: 'none', explanation: '年度が始まっていないため推計できません' };
  if (actual === null) return { value: null, method: 'none', explanation: '実績値がないため推計できません' };
  if (share.phase === 'after')
    return { value: actual, method: 'final', explanation: '年度が終了したため、実績値をそのまま年度末の値とします' };
  const cumulativeNote = input.cumulative ? `（累計: 前年度末 ${num(base)} に今年度の増加分の見込みを加算）` : '';

  if (share.share >= MIN_PROJECTION_SHARE) {
    return {
      value: base + (actual - base) / share.share,
      method: 'pace',
      explanation: `${share.explanation}から推計（今日までに年間の${percent(share.share)}が進む想定）${cumulativeNote}`,
    };
  }
  const early = `年度の初めで進み方から推計するには早いため（想定進捗 ${percent(share.share)}）`;
  const lastYear = input.history.find((h) => h.fiscalYear === input.fiscalYear - 1);
  if (!lastYear) return { value: null, method: 'none', explanation: `${early}、前年度の実績もないため推計できません` };
  const fromLastYear = base + sum(lastYear.months);
  const name = formatFiscalYear(lastYear.fiscalYear, 'short');
  if (actual > fromLastYear) {
    return {
      value: actual,
      method: 'lastYear',
      explanation: `${early}、前年度（${name}）並みとするところ、すでに上回っているため現在の実績値とします${cumulativeNote}`,
    };
  }
  return {
    value: fromLastYear,
    method: 'lastYear',
    explanation: `${early}、前年度（${name}）の実績 ${num(sum(lastYear.months))} を見込みとします${cumulativeNote}`,
  };
}

export interface StockPaceInput {
  fiscalYear: FiscalYear;
  today: IsoDate;
  /** The as-of day inside the fiscal year, as in the KPI definition: MM-DD or MM-末 ('04-01', '01-末'). */
  asOf: string;
  target: number | null;
  /** The latest value and the day it was measured (today, while the as-of day is still to come). */
  latest: { value: number; on: IsoDate } | null;
}

export interface StockPace {
  kind: 'stock';
  /** The fiscal year's as-of day: when the value is (or becomes) final. */
  measuredOn: IsoDate;
  /** The as-of day has come (it is today or past). */
  final: boolean;
  value: number | null;
  valueOn: IsoDate | null;
  target: number | null;
  explanation: string;
}

/** 4月1日, 1月末 */
function monthDayLabel(monthDay: string): string {
  const [month, day] = monthDay.split('-');
  return day === '末' ? `${Number(month)}月末` : `${Number(month)}月${Number(day)}日`;
}

/**
 * A stock or ratio measured on an as-of day has no pace: its latest value and the day it is
 * final. Throws (RangeError, from the fiscal calendar) on an as-of day that is not MM-DD or
 * MM-末 or does not exist.
 */
export function stockPace(input: StockPaceInput): StockPace {
  const measuredOn = asOf(input.fiscalYear, input.asOf);
  const final = measuredOn <= input.today;
  const day = `${monthDayLabel(input.asOf)}（${formatJapaneseDate(measuredOn)}）`;
  const { latest } = input;
  const explanation = latest
    ? final
      ? `${day}時点の値（確定）`
      : `${day}に確定します。現在の値は${formatJapaneseDate(latest.on)}時点`
    : final
      ? `${day}時点の値がありません`
      : `${day}に測定します`;
  return {
    kind: 'stock',
    measuredOn,
    final,
    value: latest?.value ?? null,
    valueOn: latest?.on ?? null,
    target: input.target,
    explanation,
  };
}
