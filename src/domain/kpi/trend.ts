/**
 * The series of a KPI's small trend chart: the baseline year's value, then each fiscal year
 * of the plan with its target and actual. Pure reshaping; the values come from the plan
 * (a `Kpi` has `baseline`, `baselineYear` and `targets`) and the evaluated actuals.
 *
 * Edge cases:
 * - a year without a target (null or absent) has target null (設定なし); likewise actuals;
 * - today's fiscal year is marked provisional: its actual is the value so far;
 * - years after today's have no actual, even if one is passed (未到来);
 * - a baseline year inside or after the period is an error (the plan file refuses it too).
 */
import { type FiscalYear, fiscalYearOf, fiscalYearRange, formatFiscalYear, type IsoDate } from '../fiscal-calendar.js';

export interface TrendInput {
  baselineYear: FiscalYear;
  /** null: no baseline value. */
  baseline: number | null;
  period: { from: FiscalYear; to: FiscalYear };
  /** Targets by fiscal year, as in `Kpi.targets`. */
  targets: Readonly<Partial<Record<FiscalYear, number | null>>>;
  /** Actuals by fiscal year (for 累計 the cumulative value). */
  actuals: Readonly<Partial<Record<FiscalYear, number | null>>>;
  today: IsoDate;
}

/** baseline: 基準値; final: a past year; provisional: today's year (見込み中); future: 未到来. */
export type TrendStatus = 'baseline' | 'final' | 'provisional' | 'future';

export interface TrendPoint {
  fiscalYear: FiscalYear;
  /** R6年度 */
  label: string;
  status: TrendStatus;
  target: number | null;
  actual: number | null;
}

/** The baseline point first, then one point per fiscal year of the period. */
export function kpiTrend(input: TrendInput): TrendPoint[] {
  const { baselineYear, period } = input;
  if (baselineYear >= period.from) {
    throw new RangeError(`基準年度（${formatFiscalYear(baselineYear)}）は計画期間より前の年度です`);
  }
  const current = fiscalYearOf(input.today);
  const baseline: TrendPoint = {
    fiscalYear: baselineYear,
    label: formatFiscalYear(baselineYear, 'short'),
    status: 'baseline',
    target: null,
    actual: input.baseline,
  };
  const years = fiscalYearRange(period.from, period.to).map((fiscalYear): TrendPoint => {
    const status: TrendStatus = fiscalYear < current ? 'final' : fiscalYear === current ? 'provisional' : 'future';
    return {
      fiscalYear,
      label: formatFiscalYear(fiscalYear, 'short'),
      status,
      target: input.targets[fiscalYear] ?? null,
      actual: status === 'future' ? null : (input.actuals[fiscalYear] ?? null),
    };
  });
  return [baseline, ...years];
}
