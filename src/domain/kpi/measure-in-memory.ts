/**
 * The meaning of each measurement, written over plain arrays. It is the reference: the
 * SQL executor (src/db/queries/measure.ts) must return the same numbers, and a test runs
 * both over the same random records on SQLite and PostgreSQL.
 *
 * - Periods (membership, subscription) include their first day and exclude their last:
 *   start ≤ day < end. A member whose 退会日 is 4月1日 is not counted on 4月1日.
 * - Windows of dated records include both ends.
 * - `quantity` sums 件数; `distinctBusinesses` counts each business once (records without a
 *   business are not counted); `amount` sums 金額 (missing amounts count 0).
 * - `subscribers` sums, over the types, the businesses holding that type on the day.
 */
import type { IsoDate } from '../fiscal-calendar.js';
import type { MeasuredValue, Measurement } from './evaluate.js';

export interface Facts {
  businesses: { id: number; industry: string | null }[];
  memberships: { businessId: number; joinedOn: IsoDate; leftOn: IsoDate | null }[];
  support: {
    id: number;
    date: IsoDate;
    businessId: number | null;
    kind: string;
    subKind: string | null;
    quantity: number;
    amount: number | null;
  }[];
  events: { id: number; date: IsoDate; category: string | null; visitors: number }[];
  subscriptions: { businessId: number; type: string; joinedOn: IsoDate; leftOn: IsoDate | null }[];
  statistics: { fiscalYear: number; item: string; value: number }[];
  finances: { fiscalYear: number; item: string; amount: number }[];
}

const within = (date: IsoDate, from: IsoDate, to: IsoDate) => from <= date && date <= to;
const holds = (p: { joinedOn: IsoDate; leftOn: IsoDate | null }, day: IsoDate) =>
  p.joinedOn <= day && (p.leftOn === null || day < p.leftOn);

export function measureInMemory(m: Measurement, facts: Facts): MeasuredValue {
  switch (m.type) {
    case 'support': {
      const industryOf = new Map(facts.businesses.map((b) => [b.id, b.industry]));
      const rows = facts.support.filter(
        (r) =>
          m.kinds.includes(r.kind) &&
          (m.subKinds === null || (r.subKind !== null && m.subKinds.includes(r.subKind))) &&
          (m.industries === null || (r.businessId !== null && m.industries.includes(industryOf.get(r.businessId) ?? ''))) &&
          within(r.date, m.from, m.to),
      );
      if (m.aggregate === 'quantity') return rows.reduce((n, r) => n + r.quantity, 0);
      if (m.aggregate === 'amount') return rows.reduce((n, r) => n + (r.amount ?? 0), 0);
      return new Set(rows.flatMap((r) => (r.businessId === null ? [] : [r.businessId]))).size;
    }
    case 'visitors':
      return facts.events
        .filter(
          (e) => within(e.date, m.from, m.to) && (m.categories === null || (e.category !== null && m.categories.includes(e.category))),
        )
        .reduce((n, e) => n + e.visitors, 0);
    case 'members':
      return new Set(facts.memberships.filter((p) => holds(p, m.on)).map((p) => p.businessId)).size;
    case 'subscribers':
      return m.types.reduce(
        (n, type) => n + new Set(facts.subscriptions.filter((s) => s.type === type && holds(s, m.on)).map((s) => s.businessId)).size,
        0,
      );
    case 'statistic':
      return facts.statistics.find((s) => s.fiscalYear === m.fiscalYear && s.item === m.item)?.value ?? null;
    case 'finance':
      return facts.finances.find((f) => f.fiscalYear === m.fiscalYear && f.item === m.item)?.amount ?? null;
  }
}
