/**
 * Finds a chamber's plan by chamber code and plan code, or the chamber's current plan
 * when no plan code is given. Returns undefined when either does not exist: callers
 * answer 404 without saying which.
 *
 * The plan's targets are the ones each year is rated against today (the target in force on the
 * year's last day, or today while it runs: src/domain/plan/targets-in-force.ts), so that every
 * figure, 達成率 and 評価 built on it uses them; `targetHistories` keeps the originals and the
 * revisions for showing both.
 */
import type { Kysely } from 'kysely';
import { findChamberByCode, listPlans } from '../db/queries/chambers.js';
import { type LoadedPlan, loadPlan } from '../db/queries/load-plan.js';
import type { Database } from '../db/schema.js';
import { fiscalYearOf, type IsoDate } from '../domain/fiscal-calendar.js';
import { pickCurrentPlan } from '../domain/plan/current-plan.js';
import { planWithTargetsInForce } from '../domain/plan/targets-in-force.js';

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
  const loaded = await loadPlan(db, { chamberId: chamber.id, planId: chosen.id });
  return loaded && { ...loaded, plan: planWithTargetsInForce(loaded.plan, loaded.targetHistories, today) };
}
