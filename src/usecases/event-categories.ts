/**
 * The 区分 to suggest for an event: those the current plan's KPIs count (`visitors: { categories }`,
 * e.g. コミュニティビジネス, written exactly as the KPI needs it) first, then those the chamber's
 * events already use, the most used first.
 */
import type { Kysely } from 'kysely';
import { findChamberByCode } from '../db/queries/chambers.js';
import { listEventCategories } from '../db/queries/events.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { IsoDate } from '../domain/fiscal-calendar.js';
import { visitorCategories } from '../domain/kpi/definition.js';
import { listKpis } from '../domain/plan/plan.js';
import { findPlan } from './find-plan.js';

export async function eventCategories({
  db,
  chamberCode,
  today,
}: {
  db: Kysely<Database>;
  chamberCode: string;
  today: IsoDate;
}): Promise<{ categories: string[]; countedByKpis: string[] }> {
  const chamber = await findChamberByCode(db, chamberCode);
  if (!chamber) throw new DomainError('NOT_FOUND', `商工会が見つかりません: ${chamberCode}`);
  const loaded = await findPlan({ db, chamberCode, today });
  const counted = loaded ? [...new Set(listKpis(loaded.plan).flatMap((l) => (l.kpi.actual ? visitorCategories(l.kpi.actual) : [])))] : [];
  const used = await listEventCategories(db, chamber.id);
  return { categories: [...new Set([...counted, ...used])], countedByKpis: counted };
}
