/**
 * Which KPIs (and fiscal years) a change of records alters, decided by measuring the records
 * before and after the change with the reference meaning of every measurement
 * (`measureInMemory`) over the windows and as-of days the evaluator itself would use
 * (`measurementsFor`). A KPI changes in a year when one of its measurements gives another value
 * over the records after than over the records before; its other terms are left out, so a ratio
 * whose numerator moves is reported, whatever its denominator.
 *
 * The records given are only those the change touches (an event; the subscriptions of the
 * businesses involved, all of them, since `subscribers` counts each business once per type):
 * the rest of the chamber's records add the same amount on both sides.
 *
 * - An event counts in `visitors` of its 区分 (or of every 区分 when the KPI names none) when its
 *   date is inside the window: the fiscal year, or from the plan's first year for a 累計 KPI, up
 *   to `until` if given. Its name and its participants are in no KPI: the definition language
 *   has no measurement of them (参画事業者率 counts support records of 消費喚起事業参画, not
 *   event participants), so changing only those alters nothing.
 * - A subscription counts in `subscribers` of its 種類 on the as-of day when 加入日 ≤ day < 解約日;
 *   a business holding two of one 種類 on that day counts once, so ending one of them changes
 *   nothing.
 */
import type { FiscalYear, IsoDate } from '../fiscal-calendar.js';
import type { CountedIn, KpiOfPlan } from './counted-by.js';
import { type EvaluationContext, measurementsFor } from './evaluate.js';
import { type Facts, measureInMemory } from './measure-in-memory.js';

/** The records a change touches, as they are before or after it; kinds not given are empty. */
export type TouchedFacts = Partial<Facts>;

export interface EventFact {
  date: IsoDate;
  category: string | null;
  visitors: number;
}

export interface SubscriptionFact {
  businessId: number;
  type: string;
  joinedOn: IsoDate;
  leftOn: IsoDate | null;
}

const facts = (f: TouchedFacts): Facts => ({
  businesses: f.businesses ?? [],
  memberships: f.memberships ?? [],
  support: f.support ?? [],
  events: f.events ?? [],
  subscriptions: f.subscriptions ?? [],
  statistics: f.statistics ?? [],
  finances: f.finances ?? [],
});

/** An event, or none (before it was added, after it was deleted), as the facts it is. */
export function eventFacts(event: EventFact | null): TouchedFacts {
  return { events: event ? [{ id: 0, ...event }] : [] };
}

export function subscriptionFacts(subscriptions: readonly SubscriptionFact[]): TouchedFacts {
  return { subscriptions: [...subscriptions] };
}

/**
 * The KPIs whose actual in one of the plan's fiscal years differs between the records before and
 * after, with those years, in the plan's order. Years not yet begun are measured as nothing
 * (the evaluator gives them no value).
 */
export function kpisChangedBy(
  kpis: readonly (KpiOfPlan & { baseline?: number | null })[],
  change: { before: TouchedFacts; after: TouchedFacts },
  { period, today }: { period: { from: FiscalYear; to: FiscalYear }; today: IsoDate },
): CountedIn[] {
  const before = facts(change.before);
  const after = facts(change.after);
  const found: CountedIn[] = [];
  for (const kpi of kpis) {
    if (!kpi.actual) continue;
    const fiscalYears: FiscalYear[] = [];
    for (let fiscalYear = period.from; fiscalYear <= period.to; fiscalYear++) {
      const ctx: EvaluationContext = {
        fiscalYear,
        planFirstYear: period.from,
        cumulative: kpi.cumulative,
        baseline: kpi.baseline ?? null,
        today,
      };
      const differs = measurementsFor(kpi.actual, ctx).some((m) => measureInMemory(m, before) !== measureInMemory(m, after));
      if (differs) fiscalYears.push(fiscalYear);
    }
    if (fiscalYears.length > 0) found.push({ code: kpi.code, name: kpi.name, fiscalYears });
  }
  return found;
}
