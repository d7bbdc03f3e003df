/**
 * The annual evaluation's rows: 評価シート per (plan, fiscal year, measure number), their
 * unlocks, and the year's 総評. Every function takes the chamber and plan; the writes are
 * called inside the use case's transaction, beside recordAudit.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, EvaluationSheetTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export type EvaluationSheetRow = Selectable<EvaluationSheetTable>;

export interface YearKey {
  chamberId: number;
  planId: number;
  fiscalYear: number;
}

export interface SheetKey extends YearKey {
  measureNumber: number;
}

export async function findEvaluationSheet(db: Q, k: SheetKey): Promise<EvaluationSheetRow | undefined> {
  return db
    .selectFrom('evaluation_sheets')
    .selectAll()
    .where('chamberId', '=', k.chamberId)
    .where('planId', '=', k.planId)
    .where('fiscalYear', '=', k.fiscalYear)
    .where('measureNumber', '=', k.measureNumber)
    .executeTakeFirst();
}

export async function listEvaluationSheets(db: Q, k: YearKey): Promise<EvaluationSheetRow[]> {
  return db
    .selectFrom('evaluation_sheets')
    .selectAll()
    .where('chamberId', '=', k.chamberId)
    .where('planId', '=', k.planId)
    .where('fiscalYear', '=', k.fiscalYear)
    .orderBy('measureNumber')
    .execute();
}

export type SheetValues = Omit<EvaluationSheetRow, 'id' | 'chamberId' | 'planId' | 'fiscalYear' | 'measureNumber'>;

/** Inserts the sheet or updates it whole; its id. */
export async function writeEvaluationSheet(db: Q, k: SheetKey, values: SheetValues, id: number | undefined): Promise<number> {
  if (id !== undefined) {
    await db.updateTable('evaluation_sheets').set(values).where('id', '=', id).where('chamberId', '=', k.chamberId).execute();
    return id;
  }
  const row = await db
    .insertInto('evaluation_sheets')
    .values({ ...k, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listEvaluationUnlocks(db: Q, chamberId: number, sheetId: number) {
  return db
    .selectFrom('evaluation_unlocks')
    .select(['unlockedBy', 'unlockedAt', 'reason', 'submittedBy', 'submittedAt'])
    .where('chamberId', '=', chamberId)
    .where('sheetId', '=', sheetId)
    .orderBy('id')
    .execute();
}

export async function insertEvaluationUnlock(
  db: Q,
  row: {
    chamberId: number;
    sheetId: number;
    unlockedBy: string;
    unlockedAt: string;
    reason: string;
    submittedBy: string | null;
    submittedAt: string | null;
  },
): Promise<void> {
  await db.insertInto('evaluation_unlocks').values(row).execute();
}

export async function findEvaluationYear(db: Q, k: YearKey) {
  return db
    .selectFrom('evaluation_years')
    .select(['id', 'generalComment', 'updatedBy', 'updatedAt'])
    .where('chamberId', '=', k.chamberId)
    .where('planId', '=', k.planId)
    .where('fiscalYear', '=', k.fiscalYear)
    .executeTakeFirst();
}

export async function writeEvaluationYear(
  db: Q,
  k: YearKey,
  values: { generalComment: string; updatedBy: string; updatedAt: string },
): Promise<void> {
  const current = await findEvaluationYear(db, k);
  if (current) await db.updateTable('evaluation_years').set(values).where('id', '=', current.id).execute();
  else
    await db
      .insertInto('evaluation_years')
      .values({ ...k, ...values })
      .execute();
}
