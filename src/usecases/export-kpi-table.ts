/**
 * The KPI table as an .xlsx file: every KPI of the chamber's current plan × every fiscal year,
 * with 基準値, the target each year is rated against (当初 and the revisions in a note), the actual derived from the records
 * (computeKpiActualsOf), 達成率 and 評価 by the chamber's rating bands. The year under way is
 * rated as the dashboard rates it (kpiProgress: on the year-end projection where there is one),
 * so that the file and the 進捗 page never disagree.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { fiscalYearOf, fiscalYearRange, type IsoDate } from '../domain/fiscal-calendar.js';
import { buildKpiSheet, type KpiTableKpi, kpiTableFileName } from '../domain/kpi/kpi-table.js';
import { rate } from '../domain/kpi/rating.js';
import { listKpis, strategyLabel } from '../domain/plan/plan.js';
import { computeKpiActualsOf } from './compute-kpi-actuals.js';
import { findPlan } from './find-plan.js';
import { kpiProgress } from './kpi-progress.js';
import { kpiTableWorkbook } from './kpi-table-workbook.js';
import { presentTargetYears } from './present-target-history.js';
import { chamberRatingBands } from './rating-bands.js';

export interface ExportKpiTableOptions {
  db: Kysely<Database>;
  chamberCode: string;
  today: IsoDate;
  /** ISO timestamp, for the file's properties. */
  now: string;
}

export interface KpiTableFile {
  /** The file name to offer (Japanese) and its ASCII fallback. */
  name: string;
  ascii: string;
  bytes: Buffer;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function exportKpiTable({ db, chamberCode, today, now }: ExportKpiTableOptions): Promise<KpiTableFile | undefined> {
  const loaded = await findPlan({ db, chamberCode, today });
  if (!loaded) return undefined;
  const { plan, chamberId, targetHistories } = loaded;
  const { bands } = await chamberRatingBands(db, chamberId);
  const actuals = await computeKpiActualsOf(db, loaded, { today });
  const currentYear = fiscalYearOf(today);
  const underWay =
    currentYear >= plan.period.from && currentYear <= plan.period.to
      ? await kpiProgress({ db, chamberCode, fiscalYear: currentYear, today, bands })
      : undefined;

  const results = new Map(actuals.results.map((r) => [`${r.code}/${r.fiscalYear}`, r]));
  const progress = new Map(underWay?.rows.map((r) => [r.code, r]));
  const years = fiscalYearRange(plan.period.from, plan.period.to);

  const kpis = listKpis(plan).map(({ kpi, strategy, measure, parentCode }): KpiTableKpi => {
    const history = new Map(presentTargetYears(targetHistories.get(kpi.code), kpi.targets, today).map((h) => [h.fiscalYear, h]));
    return {
      code: kpi.code,
      name: kpi.name,
      unit: kpi.unit,
      cumulative: kpi.cumulative,
      parentCode,
      strategy: { label: strategyLabel(strategy), title: strategy.title },
      measure: { number: measure.number, title: measure.title },
      baseline: kpi.baseline,
      baselineYear: kpi.baselineYear,
      years: years.flatMap((fiscalYear) => {
        const r = results.get(`${kpi.code}/${fiscalYear}`);
        if (!r) return [];
        const p = fiscalYear === currentYear ? progress.get(kpi.code) : undefined;
        return [
          {
            fiscalYear,
            target: r.target,
            actual: r.actual,
            reason: r.reason,
            achievementRate: r.achievementRate,
            achievementNote: r.achievementNote,
            manualEvidence: r.evidence,
            // A year that is over is rated on its actual, as assessProgress does.
            rating: p?.rating ?? rate(r.achievementRate, r.target, bands, { actual: r.actual, ...(r.reason ? { reason: r.reason } : {}) }),
            projected: p?.ratedOn === 'projection' ? p.projected : null,
            original: history.get(fiscalYear)?.original ?? r.target,
            revisions: history.get(fiscalYear)?.revisions ?? [],
          },
        ];
      }),
    };
  });

  const sheet = buildKpiSheet({ chamber: plan.chamber, plan, today, bands, kpis });
  const workbook = kpiTableWorkbook(sheet, { now });
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return { ...kpiTableFileName(plan.chamber, today), bytes };
}
