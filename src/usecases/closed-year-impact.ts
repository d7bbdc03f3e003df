/**
 * What changing or deleting records does to closed fiscal years: which KPIs of the current plan
 * count them in a year that has ended. Changes that touch none go through; the others must be
 * confirmed (CONFIRMATION_REQUIRED with the KPIs and years, in Japanese).
 *
 * Support records: the KPIs that count the record before or after (kpisCountingRecord). Events
 * and 共済: the KPIs whose actual differs when the touched records are measured before and after
 * (kpisChangedBy), so that a change no KPI sees (an event's name, its participants) needs none.
 * A business: through its membership history (`members` on an as-of day: 組織率, 共済加入率's
 * denominator) and through its 業種, which the 業種 filters apply to its support records.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { fiscalYearOf, fiscalYearRange, formatFiscalYear, type IsoDate } from '../domain/fiscal-calendar.js';
import { kpisChangedBy, type TouchedFacts } from '../domain/kpi/changed-by.js';
import {
  type CountedIn,
  type CountedRecord,
  isClosedFiscalYear,
  type KpiOfPlan,
  kpisCountingIndustryChange,
  kpisCountingMembership,
  kpisCountingRecord,
} from '../domain/kpi/counted-by.js';
import { listKpis } from '../domain/plan/plan.js';
import type { MembershipPeriod } from '../domain/records/business.js';
import { findPlan } from './find-plan.js';

/** Hits of several kinds, one per KPI with the years together, in the plan's order. */
function merge(kpis: readonly KpiOfPlan[], hits: readonly CountedIn[], today: IsoDate): CountedIn[] {
  const byCode = new Map<string, CountedIn>();
  for (const hit of hits) {
    const years = hit.fiscalYears.filter((y) => isClosedFiscalYear(y, today));
    if (years.length === 0) continue;
    const known = byCode.get(hit.code);
    byCode.set(hit.code, { ...hit, fiscalYears: [...new Set([...(known?.fiscalYears ?? []), ...years])].sort((a, b) => a - b) });
  }
  return kpis.flatMap((k) => byCode.get(k.code) ?? []);
}

async function planKpis(db: Kysely<Database>, chamberCode: string, today: IsoDate) {
  const loaded = await findPlan({ db, chamberCode, today });
  if (!loaded) return undefined;
  return { kpis: listKpis(loaded.plan).map((l) => l.kpi), period: loaded.plan.period };
}

/** The KPIs that count any of the records in a closed year, with those years only. */
export async function closedYearImpact(
  db: Kysely<Database>,
  { chamberCode, records, today }: { chamberCode: string; records: readonly CountedRecord[]; today: IsoDate },
): Promise<CountedIn[]> {
  const closed = records.filter((r) => isClosedFiscalYear(r.fiscalYear, today));
  if (closed.length === 0) return [];
  const plan = await planKpis(db, chamberCode, today);
  if (!plan) return [];
  return merge(
    plan.kpis,
    closed.flatMap((record) => kpisCountingRecord(plan.kpis, record, plan.period)),
    today,
  );
}

/** A business as it counts toward KPIs: absent before it is added and after it is deleted. */
export interface CountedBusiness {
  industry: string | null;
  memberships: readonly MembershipPeriod[];
}

/**
 * The KPIs whose actual in a closed year of the plan changes when a business changes from
 * `before` to `after`: through its membership on their as-of days, and through its 業種 for its
 * support records (`records`, their 種別, 区分 and years).
 */
export async function businessChangeImpact(
  db: Kysely<Database>,
  options: {
    chamberCode: string;
    before: CountedBusiness | undefined;
    after: CountedBusiness | undefined;
    records: readonly Omit<CountedRecord, 'industry'>[];
    today: IsoDate;
  },
): Promise<CountedIn[]> {
  const { before, after, today } = options;
  const plan = await planKpis(db, options.chamberCode, today);
  if (!plan) return [];
  const lastClosed = Math.min(plan.period.to, fiscalYearOf(today) - 1);
  const closedYears = lastClosed < plan.period.from ? [] : fiscalYearRange(plan.period.from, lastClosed);
  const membership = kpisCountingMembership(plan.kpis, { before: before?.memberships ?? [], after: after?.memberships ?? [] }, closedYears);
  const industry =
    before && after
      ? kpisCountingIndustryChange(
          plan.kpis,
          options.records.filter((r) => isClosedFiscalYear(r.fiscalYear, today)),
          { before: before.industry, after: after.industry },
          plan.period,
        )
      : [];
  return merge(plan.kpis, [...membership, ...industry], today);
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
  const plan = await planKpis(db, chamberCode, today);
  if (!plan) return [];
  const impact = merge(plan.kpis, kpisChangedBy(plan.kpis, { before, after }, { period: plan.period, today }), today);
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
