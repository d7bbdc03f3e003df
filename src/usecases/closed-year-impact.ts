/**
 * What changing or deleting records does to closed fiscal years: which KPIs of the current plan
 * count them in a year that has ended. Changes that touch none go through; the others must be
 * confirmed (CONFIRMATION_REQUIRED with the KPIs and years, in Japanese).
 *
 * Support records: the KPIs that count the record before or after (kpisCountingRecord). Events
 * and 共済: the KPIs whose actual differs when the touched records are measured before and after
 * (kpisChangedBy), so that a change no KPI sees (an event's name, its participants) needs none.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { formatFiscalYear, type IsoDate } from '../domain/fiscal-calendar.js';
import { kpisChangedBy, type TouchedFacts } from '../domain/kpi/changed-by.js';
import { type CountedIn, type CountedRecord, isClosedFiscalYear, kpisCountingRecord } from '../domain/kpi/counted-by.js';
import { listKpis } from '../domain/plan/plan.js';
import { findPlan } from './find-plan.js';

/** The KPIs that count any of the records in a closed year, with those years only. */
export async function closedYearImpact(
  db: Kysely<Database>,
  { chamberCode, records, today }: { chamberCode: string; records: readonly CountedRecord[]; today: IsoDate },
): Promise<CountedIn[]> {
  const closed = records.filter((r) => isClosedFiscalYear(r.fiscalYear, today));
  if (closed.length === 0) return [];
  const loaded = await findPlan({ db, chamberCode, today });
  if (!loaded) return [];
  const kpis = listKpis(loaded.plan).map((l) => l.kpi);
  const byCode = new Map<string, CountedIn>();
  for (const record of closed) {
    for (const hit of kpisCountingRecord(kpis, record, loaded.plan.period)) {
      const years = hit.fiscalYears.filter((y) => isClosedFiscalYear(y, today));
      if (years.length === 0) continue;
      const known = byCode.get(hit.code);
      byCode.set(hit.code, { ...hit, fiscalYears: [...new Set([...(known?.fiscalYears ?? []), ...years])].sort() });
    }
  }
  return [...byCode.values()];
}

/** Refuses a change that touches a closed year's KPIs unless it was confirmed. */
export async function requireConfirmationForClosedYears(
  db: Kysely<Database>,
  options: { chamberCode: string; records: readonly CountedRecord[]; today: IsoDate; confirmed: boolean; what: string },
): Promise<CountedIn[]> {
  const impact = await closedYearImpact(db, options);
  requireConfirmation(impact, options);
  return impact;
}

/**
 * Refuses a change of events or 共済 that alters a closed year's actual of a KPI unless it was
 * confirmed: `before` and `after` are the records the change touches, as they are and as they
 * will be (src/domain/kpi/changed-by.ts).
 */
export async function requireConfirmationForChange(
  db: Kysely<Database>,
  options: { chamberCode: string; before: TouchedFacts; after: TouchedFacts; today: IsoDate; confirmed: boolean; what: string },
): Promise<CountedIn[]> {
  const { chamberCode, before, after, today } = options;
  const loaded = await findPlan({ db, chamberCode, today });
  if (!loaded) return [];
  const kpis = listKpis(loaded.plan).map((l) => l.kpi);
  const impact = kpisChangedBy(kpis, { before, after }, { period: loaded.plan.period, today })
    .map((k) => ({ ...k, fiscalYears: k.fiscalYears.filter((y) => isClosedFiscalYear(y, today)) }))
    .filter((k) => k.fiscalYears.length > 0);
  requireConfirmation(impact, options);
  return impact;
}

/** CONFIRMATION_REQUIRED naming the KPIs and years, unless there are none or the user confirmed. */
export function requireConfirmation(impact: readonly CountedIn[], { confirmed, what }: { confirmed: boolean; what: string }): void {
  if (impact.length === 0 || confirmed) return;
  throw new DomainError(
    'CONFIRMATION_REQUIRED',
    `${what}と、締め済みの年度の実績値が変わります。よろしければもう一度確定してください`,
    impact.map((k) => ({
      location: k.code,
      message: `${k.code} ${k.name}（${k.fiscalYears.map((y) => formatFiscalYear(y)).join('・')}）`,
    })),
  );
}
