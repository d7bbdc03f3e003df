/**
 * Unlocks a submitted 評価シート (POST …/unlock, 管理者 only): back to a draft, with who, when,
 * why and the submission it undid kept in evaluation_unlocks (shown on the sheet) and in the
 * audit trail, in one transaction.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../../db/queries/audit.js';
import { findEvaluationSheet, insertEvaluationUnlock } from '../../db/queries/evaluations.js';
import type { Database } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import { type FiscalYear, formatFiscalYear, type IsoDate } from '../../domain/fiscal-calendar.js';
import { evaluationSheet } from './evaluation-sheet.js';
import { sheetTarget } from './save-evaluation-sheet.js';

export interface UnlockEvaluationSheetOptions {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
  measureNumber: number;
  reason: string;
  actor: Actor;
  today: IsoDate;
  now: string;
}

export async function unlockEvaluationSheet(o: UnlockEvaluationSheetOptions) {
  const { db, actor, now, fiscalYear, measureNumber, reason } = o;
  const { year, measure, key } = await sheetTarget(o);
  await db.transaction().execute(async (trx) => {
    const current = await findEvaluationSheet(trx, key);
    if (current?.state !== 'submitted')
      throw new DomainError(
        'CONFLICT',
        `${formatFiscalYear(fiscalYear)} 施策${measureNumber}の評価シートは提出されていないため、ロック解除は要りません`,
      );
    await trx
      .updateTable('evaluation_sheets')
      .set({ state: 'draft', submittedBy: null, submittedAt: null, updatedBy: actor.login, updatedAt: now })
      .where('id', '=', current.id)
      .execute();
    const unlock = { unlockedBy: actor.login, unlockedAt: now, reason, submittedBy: current.submittedBy, submittedAt: current.submittedAt };
    await insertEvaluationUnlock(trx, { chamberId: key.chamberId, sheetId: current.id, ...unlock });
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: key.chamberId,
      action: 'evaluation.unlock',
      target: 'evaluation_sheet',
      targetId: current.id,
      summary: `評価シートのロックを解除: ${formatFiscalYear(fiscalYear)} 施策${measureNumber} ${measure.title}（理由: ${reason}）`,
      before: { state: 'submitted', submittedBy: current.submittedBy, submittedAt: current.submittedAt },
      after: { state: 'draft', reason },
    });
  });
  return evaluationSheet({ ...o, year });
}
