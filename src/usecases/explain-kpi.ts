/**
 * The drill-down from one KPI figure to the records behind it: the KPI's result for a
 * fiscal year and, for each term of its definition, the rows that were counted.
 */
import type { Kysely } from 'kysely';
import { listMeasurementRows, type MeasurementRow } from '../db/queries/measurement-rows.js';
import type { Database } from '../db/schema.js';
import type { IsoDate } from '../domain/fiscal-calendar.js';
import type { Measurement } from '../domain/kpi/evaluate.js';
import { computeKpiActuals, type KpiActuals, type KpiResult } from './compute-kpi-actuals.js';

export interface ExplainKpiOptions {
  db: Kysely<Database>;
  chamberCode: string;
  kpiCode: string;
  fiscalYear: number;
  today: IsoDate;
  /** Rows per term at most. */
  limit: number;
}

export interface KpiExplanation extends Omit<KpiActuals, 'results' | 'chamberId'> {
  result: KpiResult;
  terms: { label: string; value: number | null; measurement: Measurement; total: number; rows: MeasurementRow[] }[];
}

export async function explainKpi({
  db,
  chamberCode,
  kpiCode,
  fiscalYear,
  today,
  limit,
}: ExplainKpiOptions): Promise<KpiExplanation | undefined> {
  const actuals = await computeKpiActuals({ db, chamberCode, fiscalYear, kpiCode, today });
  const result = actuals?.results[0];
  if (!actuals || !result) return undefined;
  const { chamberId, results: _all, ...header } = actuals;
  const terms = [];
  for (const term of result.terms) terms.push({ ...term, ...(await listMeasurementRows(db, chamberId, term.measurement, limit)) });
  return { ...header, result, terms };
}
