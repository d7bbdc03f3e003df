/**
 * What an owner (担当者) must still enter: for each KPI, the fiscal years of the current period
 * whose actual cannot be computed because an input is missing — a statistic (商工業者数 of
 * 4月1日), a finance figure of a closed year (会費, 経常収入), or the manual actual of a KPI
 * no record can produce. An owner who is not reminded does not update.
 *
 * Only what can be entered now is a gap: in today's fiscal year, a missing statistic (its
 * 4月1日 has passed); in the year before, anything missing (the year is closed, its 決算 and
 * its manual actuals are due). This year's finance figures and manual actuals are not gaps
 * until the year closes; a year that has not begun is none; a flow with no records yet is
 * none either (0 is a value).
 *
 * A gap says what is missing in the evaluator's words (its reason) and for which year.
 */
import { type FiscalYear, fiscalYearOf, formatFiscalYear, type IsoDate } from '../fiscal-calendar.js';

export interface KpiYearResult {
  code: string;
  fiscalYear: FiscalYear;
  source: 'derived' | 'manual' | 'missing';
  reason: string | null;
  /** What was measured; a statistic or finance item with no value is a missing input. */
  terms: readonly { value: number | null; measurement: { type: string } }[];
}

export interface DataGap {
  code: string;
  fiscalYear: FiscalYear;
  /** 「R7年度: 経常収入が未入力です」 */
  message: string;
}

/** The gaps of the current period, today's year first. */
export function dataGaps(results: readonly KpiYearResult[], today: IsoDate, period: { from: FiscalYear; to: FiscalYear }): DataGap[] {
  const current = fiscalYearOf(today);
  const years = [current, current - 1].filter((y) => y >= period.from && y <= period.to);
  const gaps: DataGap[] = [];
  for (const year of years)
    for (const r of results) {
      if (r.fiscalYear !== year || r.source !== 'missing') continue;
      const statisticMissing = r.terms.some((t) => t.value === null && t.measurement.type === 'statistic');
      if (year === current && !statisticMissing) continue;
      gaps.push({ code: r.code, fiscalYear: year, message: `${formatFiscalYear(year, 'short')}: ${r.reason ?? '実績値がありません'}` });
    }
  return gaps;
}

export const NO_OWNER = '担当者未設定';

export interface OwnerGroup<K> {
  owner: string;
  kpis: { kpi: K; gaps: DataGap[] }[];
}

/**
 * The KPIs grouped by owner (those without one last, as 担当者未設定), each KPI with its gaps;
 * owners in the order of their first KPI in the plan. KPIs with no gap are kept: the view
 * shows who owns what, and marks what is missing.
 */
export function groupByOwner<K extends { code: string }>(
  kpis: readonly K[],
  owners: ReadonlyMap<string, string>,
  gaps: readonly DataGap[],
): OwnerGroup<K>[] {
  const groups = new Map<string, OwnerGroup<K>>();
  for (const kpi of kpis) {
    const owner = owners.get(kpi.code)?.trim() || NO_OWNER;
    const group = groups.get(owner) ?? { owner, kpis: [] };
    group.kpis.push({ kpi, gaps: gaps.filter((g) => g.code === kpi.code) });
    groups.set(owner, group);
  }
  const unowned = groups.get(NO_OWNER);
  groups.delete(NO_OWNER);
  return [...groups.values(), ...(unowned ? [unowned] : [])];
}
