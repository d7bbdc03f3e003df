/**
 * Which KPIs a support record counts toward, and in which fiscal years: what changes when
 * the record is changed or deleted. A record counts toward a KPI whose definition has a
 * `count` or `sum` of its 種別, when the 区分 and 業種 filters (if any) let it through. A
 * 累計 KPI counts it in its own year and every later year of the plan.
 *
 * A business's own changes reach KPIs too: its membership history through `members` (組織率,
 * and the denominator of 共済加入率), its 業種 through the 業種 filters that count its records.
 *
 * A year is closed (締め済み) once it has ended: its actuals went into that year's evaluation,
 * so changing them must be a conscious act.
 */
import { asOf, type FiscalYear, fiscalYearOf, type IsoDate } from '../fiscal-calendar.js';
import { isMemberOn, type MembershipPeriod } from '../records/business.js';
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

/** The as-of days (MM-DD, MM-末) on which an expression counts members, in order, once each. */
export function memberAsOfDays(expr: Expr): string[] {
  if ('members' in expr) return [expr.members.asOf];
  const parts = 'add' in expr ? expr.add : 'ratio' in expr ? [expr.ratio.numerator, expr.ratio.denominator] : [];
  return [...new Set(parts.flatMap(memberAsOfDays))];
}

/**
 * The KPIs whose actual changes in the given fiscal years when one business's membership history
 * changes from `before` to `after` (empty before: a business added; empty after: one deleted). A
 * KPI that counts `members` on an as-of day changes in a year when the business was a member on
 * that day before and is not after, or the other way round; periods that change only on other
 * days change nothing. `members` is a stock, never 累計, so only the year itself changes.
 */
export function kpisCountingMembership(
  kpis: readonly KpiOfPlan[],
  { before, after }: { before: readonly MembershipPeriod[]; after: readonly MembershipPeriod[] },
  fiscalYears: readonly FiscalYear[],
): CountedIn[] {
  const found: CountedIn[] = [];
  for (const kpi of kpis) {
    const days = kpi.actual ? memberAsOfDays(kpi.actual) : [];
    if (days.length === 0) continue;
    const changed = fiscalYears.filter((y) =>
      days.some((monthDay) => {
        const day = asOf(y, monthDay);
        return isMemberOn(before, day) !== isMemberOn(after, day);
      }),
    );
    if (changed.length > 0) found.push({ code: kpi.code, name: kpi.name, fiscalYears: [...changed].sort((a, b) => a - b) });
  }
  return found;
}

/** For each count or sum of an expression, in order: whether it counts the record. */
function termsCounting(expr: Expr, record: Omit<CountedRecord, 'fiscalYear'>): boolean[] {
  if ('count' in expr || 'sum' in expr) return [exprCounts(expr, record)];
  if ('add' in expr) return expr.add.flatMap((e) => termsCounting(e, record));
  if ('ratio' in expr) return [...termsCounting(expr.ratio.numerator, record), ...termsCounting(expr.ratio.denominator, record)];
  return [];
}

/**
 * The KPIs (and years) whose actual changes when a business's 業種 changes from `before` to
 * `after`, through the business's support records (their 種別, 区分 and year): a KPI changes
 * where one of its counts or sums counts a record under one 業種 and not under the other (an
 * 業種 filter, such as ものづくり's 製造業). A KPI that counts the record either way is unchanged.
 */
export function kpisCountingIndustryChange(
  kpis: readonly KpiOfPlan[],
  records: readonly Omit<CountedRecord, 'industry'>[],
  { before, after }: { before: string | null; after: string | null },
  period: { from: FiscalYear; to: FiscalYear },
): CountedIn[] {
  if (before === after) return [];
  const byCode = new Map<string, CountedIn>();
  for (const record of records) {
    const asBefore = { ...record, industry: before };
    const asAfter = { ...record, industry: after };
    const changed = kpis.filter(
      (k) => k.actual !== null && termsCounting(k.actual, asBefore).join() !== termsCounting(k.actual, asAfter).join(),
    );
    for (const hit of [...kpisCountingRecord(changed, asBefore, period), ...kpisCountingRecord(changed, asAfter, period)]) {
      const known = byCode.get(hit.code);
      byCode.set(hit.code, {
        ...hit,
        fiscalYears: [...new Set([...(known?.fiscalYears ?? []), ...hit.fiscalYears])].sort((a, b) => a - b),
      });
    }
  }
  // In the plan's order.
  return kpis.flatMap((k) => byCode.get(k.code) ?? []);
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
