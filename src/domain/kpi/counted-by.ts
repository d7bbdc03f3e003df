/**
 * Which KPIs a support record counts toward, and in which fiscal years: what changes when
 * the record is changed or deleted. A record counts toward a KPI whose definition has a
 * `count` or `sum` of its 種別, when the 区分 and 業種 filters (if any) let it through. A
 * 累計 KPI counts it in its own year and every later year of the plan.
 *
 * A year is closed (締め済み) once it has ended: its actuals went into that year's evaluation,
 * so changing them must be a conscious act.
 */
import { type FiscalYear, fiscalYearOf, type IsoDate } from '../fiscal-calendar.js';
import type { Expr } from './definition.js';

export interface CountedRecord {
  kind: string;
  subKind: string | null;
  /** The business's 業種, null for a record without a business or a business without one. */
  industry: string | null;
  fiscalYear: FiscalYear;
}

export interface KpiOfPlan {
  code: string;
  name: string;
  cumulative: boolean;
  actual: Expr | null;
}

export interface CountedIn {
  code: string;
  name: string;
  /** The fiscal years whose actual includes the record, within the plan's period. */
  fiscalYears: FiscalYear[];
}

/** True when an expression counts or sums records that include this one. */
export function exprCounts(expr: Expr, record: Omit<CountedRecord, 'fiscalYear'>): boolean {
  if ('count' in expr || 'sum' in expr) {
    const f = 'count' in expr ? expr.count : expr.sum;
    if (!f.kind.includes(record.kind)) return false;
    if (f.subKinds && (record.subKind === null || !f.subKinds.includes(record.subKind))) return false;
    if (f.industries && (record.industry === null || !f.industries.includes(record.industry))) return false;
    return true;
  }
  if ('add' in expr) return expr.add.some((e) => exprCounts(e, record));
  if ('ratio' in expr) return exprCounts(expr.ratio.numerator, record) || exprCounts(expr.ratio.denominator, record);
  return false;
}

/** The KPIs (and years) that count the record, in the plan's order. */
export function kpisCountingRecord(
  kpis: readonly KpiOfPlan[],
  record: CountedRecord,
  period: { from: FiscalYear; to: FiscalYear },
): CountedIn[] {
  const found: CountedIn[] = [];
  for (const kpi of kpis) {
    if (!kpi.actual || !exprCounts(kpi.actual, record)) continue;
    // 累計: the record's year and every later one; a record before the plan's first year is in none.
    if (kpi.cumulative && record.fiscalYear < period.from) continue;
    const from = record.fiscalYear;
    const to = kpi.cumulative ? period.to : record.fiscalYear;
    const fiscalYears: FiscalYear[] = [];
    for (let y = from; y <= to; y++) fiscalYears.push(y);
    if (fiscalYears.length > 0) found.push({ code: kpi.code, name: kpi.name, fiscalYears });
  }
  return found;
}

/** A fiscal year that has ended by today. */
export function isClosedFiscalYear(fiscalYear: FiscalYear, today: IsoDate): boolean {
  return fiscalYear < fiscalYearOf(today);
}

/** A yearly figure entered by hand: an official statistic (商工業者数) or a finance item (会費). */
export type YearlyFigure = { statistic: string } | { finance: string };

/** The statistics and finance items a definition reads. */
export function figuresOf(expr: Expr): YearlyFigure[] {
  if ('statistic' in expr) return [{ statistic: expr.statistic }];
  if ('finance' in expr) return [{ finance: expr.finance }];
  if ('add' in expr) return expr.add.flatMap(figuresOf);
  if ('ratio' in expr) return [...figuresOf(expr.ratio.numerator), ...figuresOf(expr.ratio.denominator)];
  return [];
}

const sameFigure = (a: YearlyFigure, b: YearlyFigure) =>
  'statistic' in a ? 'statistic' in b && a.statistic === b.statistic : 'finance' in b && a.finance === b.finance;

/**
 * The KPIs whose actual of `fiscalYear` reads any of the figures. Figures are per year, never
 * 累計: a figure counts in its own year only.
 */
export function kpisUsingFigures(kpis: readonly KpiOfPlan[], figures: readonly YearlyFigure[], fiscalYear: FiscalYear): CountedIn[] {
  return kpis
    .filter((k) => k.actual !== null && figuresOf(k.actual).some((f) => figures.some((g) => sameFigure(f, g))))
    .map((k) => ({ code: k.code, name: k.name, fiscalYears: [fiscalYear] }));
}
