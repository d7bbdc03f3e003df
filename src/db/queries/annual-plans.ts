/**
 * 事業計画 rows: one annual plan per (chamber, plan, fiscal year) and its items, ordered per
 * measure. The items are read and written as a whole (a save replaces them); the writes are
 * called inside the use case's transaction, beside recordAudit.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AnnualPlanItem } from '../../domain/plan/annual-plan.js';
import type { AnnualPlanTable, Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export type AnnualPlanRow = Selectable<AnnualPlanTable>;

export interface AnnualPlanKey {
  chamberId: number;
  planId: number;
  fiscalYear: number;
}

export function findAnnualPlan(db: Q, k: AnnualPlanKey): Promise<AnnualPlanRow | undefined> {
  return db
    .selectFrom('annual_plans')
    .selectAll()
    .where('chamberId', '=', k.chamberId)
    .where('planId', '=', k.planId)
    .where('fiscalYear', '=', k.fiscalYear)
    .executeTakeFirst();
}

/** measure number → its items in order. */
export async function listAnnualPlanItems(db: Q, chamberId: number, annualPlanId: number): Promise<Map<number, AnnualPlanItem[]>> {
  const rows = await db
    .selectFrom('annual_plan_items')
    .select(['measureNumber', 'initiativeNumber', 'text', 'source', 'sourceNote', 'carriedOver', 'owner', 'timing'])
    .where('chamberId', '=', chamberId)
    .where('annualPlanId', '=', annualPlanId)
    .orderBy('measureNumber')
    .orderBy('position')
    .execute();
  const byMeasure = new Map<number, AnnualPlanItem[]>();
  for (const r of rows) {
    const list = byMeasure.get(r.measureNumber) ?? [];
    list.push({
      initiative: r.initiativeNumber,
      text: r.text,
      source: r.source,
      sourceNote: r.sourceNote,
      carriedOver: Boolean(r.carriedOver),
      owner: r.owner,
      timing: r.timing,
    });
    byMeasure.set(r.measureNumber, list);
  }
  return byMeasure;
}

export type AnnualPlanValues = Omit<AnnualPlanRow, 'id' | 'chamberId' | 'planId' | 'fiscalYear'>;

/** Inserts the plan or updates it whole; its id. */
export async function writeAnnualPlan(db: Q, k: AnnualPlanKey, given: AnnualPlanValues, id: number | undefined): Promise<number> {
  // Only the columns of the values: a caller may pass a row read before, with its key.
  const values: AnnualPlanValues = {
    preface: given.preface,
    state: given.state,
    confirmedBy: given.confirmedBy,
    confirmedAt: given.confirmedAt,
    draftedBy: given.draftedBy,
    draftedAt: given.draftedAt,
    updatedBy: given.updatedBy,
    updatedAt: given.updatedAt,
  };
  if (id !== undefined) {
    await db.updateTable('annual_plans').set(values).where('id', '=', id).where('chamberId', '=', k.chamberId).execute();
    return id;
  }
  const row = await db
    .insertInto('annual_plans')
    .values({ ...k, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces every item of the plan with `measures`' items, in their order. */
export async function replaceAnnualPlanItems(
  db: Q,
  chamberId: number,
  annualPlanId: number,
  measures: readonly { number: number; items: readonly AnnualPlanItem[] }[],
): Promise<void> {
  await db.deleteFrom('annual_plan_items').where('chamberId', '=', chamberId).where('annualPlanId', '=', annualPlanId).execute();
  const rows = measures.flatMap((m) =>
    m.items.map((it, position) => ({
      chamberId,
      annualPlanId,
      measureNumber: m.number,
      position,
      initiativeNumber: it.initiative,
      text: it.text,
      source: it.source,
      sourceNote: it.sourceNote,
      carriedOver: it.carriedOver ? 1 : 0,
      owner: it.owner,
      timing: it.timing,
    })),
  );
  // In chunks: PostgreSQL takes at most 65,535 parameters a statement, SQLite 32,766.
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('annual_plan_items')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** The 工程表 statuses recorded for a year, by where their entry sits (measure, 取組, row). */
export function listRoadmapStatusesOfYear(db: Q, chamberId: number, planId: number, fiscalYear: number) {
  return db
    .selectFrom('roadmap_statuses as rs')
    .innerJoin('initiatives as i', 'i.id', 'rs.initiativeId')
    .innerJoin('measures as m', 'm.id', 'i.measureId')
    .where('rs.chamberId', '=', chamberId)
    .where('i.planId', '=', planId)
    .where('rs.fiscalYear', '=', fiscalYear)
    .select(['m.number as measure', 'i.number as initiative', 'rs.rowIndex as row', 'rs.status', 'rs.note'])
    .execute();
}
