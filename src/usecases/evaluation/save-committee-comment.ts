/**
 * The 評価委員会's comment on one measure's sheet (PUT …/committee-comment). Entered by staff or
 * an administrator on the committee's behalf (評価委員 hold 閲覧 accounts, which change
 * nothing); who entered it and when are kept on the sheet and in the audit trail. Allowed on a
 * submitted sheet: the committee comments on what was submitted.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../../db/queries/audit.js';
import { findEvaluationSheet, writeEvaluationSheet } from '../../db/queries/evaluations.js';
import type { Database } from '../../db/schema.js';
import { type FiscalYear, formatFiscalYear, type IsoDate } from '../../domain/fiscal-calendar.js';
import { evaluationSheet } from './evaluation-sheet.js';
import { sheetTarget } from './save-evaluation-sheet.js';

export interface SaveCommitteeCommentOptions {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
  measureNumber: number;
  comment: string;
  actor: Actor;
  today: IsoDate;
  now: string;
}

export async function saveCommitteeComment(o: SaveCommitteeCommentOptions) {
  const { db, actor, now, fiscalYear, measureNumber, comment } = o;
  const { year, measure, key } = await sheetTarget(o);
  await db.transaction().execute(async (trx) => {
    const current = await findEvaluationSheet(trx, key);
    const by = { committeeComment: comment, committeeCommentBy: actor.login, committeeCommentAt: now };
    let id = current?.id;
    if (current) await trx.updateTable('evaluation_sheets').set(by).where('id', '=', current.id).execute();
    else
      id = await writeEvaluationSheet(
        trx,
        key,
        {
          achievements: '',
          issues: '',
          improvements: '',
          necessity: null,
          effectiveness: null,
          efficiency: null,
          overall: null,
          kpiActions: '{}',
          ...by,
          state: 'draft',
          submittedBy: null,
          submittedAt: null,
          updatedBy: actor.login,
          updatedAt: now,
        },
        undefined,
      );
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: key.chamberId,
      action: 'update',
      target: 'evaluation_committee_comment',
      targetId: id ?? null,
      summary: `評価委員会のコメントを入力: ${formatFiscalYear(fiscalYear)} 施策${measureNumber} ${measure.title}`,
      before: current ? { comment: current.committeeComment } : undefined,
      after: { comment },
    });
  });
  return evaluationSheet({ ...o, year });
}
