/**
 * Finds a chamber's plan by chamber code and plan code, or the chamber's current plan
 * when no plan code is given. Returns undefined when either does not exist: callers
 * answer 404 without saying which.
 */
import type { Kysely } from 'kysely';
import { findChamberByCode, listPlans } from '../db/queries/chambers.js';
import { type LoadedPlan, loadPlan } from '../db/queries/load-plan.js';
import type { Database } from '../db/schema.js';
import { fiscalYearOf, type IsoDate } from '../domain/fiscal-calendar.js';
import { pickCurrentPlan } from '../domain/plan/current-plan.js';

export interface FindPlanOptions {
  db: Kysely<Database>;
  chamberCode: string;
  planCode?: string | undefined;
  today: IsoDate;
}

export async function findPlan({ db, chamberCode, planCode, today }: FindPlanOptions): Promise<LoadedPlan | undefined> {
  const chamber = await findChamberByCode(db, chamberCode);
  if (!chamber) return undefined;
  const plans = await listPlans(db, chamber.id);
  const chosen = planCode === undefined ? pickCurrentPlan(plans, fiscalYearOf(today)) : plans.find((p) => p.code === planCode);
  if (!chosen) return undefined;
  return loadPlan(db, { chamberId: chamber.id, planId: chosen.id });
}
