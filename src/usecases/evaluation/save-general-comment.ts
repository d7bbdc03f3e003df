/**
 * The 評価委員会's 総評 of a fiscal year (PUT …/evaluations/:fiscalYear/general-comment), entered
 * by staff or an administrator on the committee's behalf; audited in the same transaction.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../../db/queries/audit.js';
import { findEvaluationYear, writeEvaluationYear } from '../../db/queries/evaluations.js';
import type { Database } from '../../db/schema.js';
import { type FiscalYear, formatFiscalYear, type IsoDate } from '../../domain/fiscal-calendar.js';
import { findEvaluationPlan } from './evaluation-year.js';

export interface SaveGeneralCommentOptions {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
  comment: string;
  actor: Actor;
  today: IsoDate;
  now: string;
}

export async function saveGeneralComment(o: SaveGeneralCommentOptions): Promise<{ comment: string; updatedBy: string; updatedAt: string }> {
  const { db, actor, now, fiscalYear, comment } = o;
  const loaded = await findEvaluationPlan(o);
  const key = { chamberId: loaded.chamberId, planId: loaded.planId, fiscalYear };
  await db.transaction().execute(async (trx) => {
    const current = await findEvaluationYear(trx, key);
    await writeEvaluationYear(trx, key, { generalComment: comment, updatedBy: actor.login, updatedAt: now });
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: key.chamberId,
      action: current ? 'update' : 'create',
      target: 'evaluation_general_comment',
      targetId: `${loaded.plan.code}/${fiscalYear}`,
      summary: `評価委員会の総評を入力: ${formatFiscalYear(fiscalYear)}`,
      before: current ? { comment: current.generalComment } : undefined,
      after: { comment },
    });
  });
  return { comment, updatedBy: actor.login, updatedAt: now };
}
