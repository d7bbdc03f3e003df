/**
 * Submits a 評価シート (POST …/submit): the sheet as saved, with the text sent alongside saved
 * first when there is any, must pass `submissionProblems` (domain/evaluation/sheet.ts); every
 * problem comes back in Japanese under its field (400). A submitted sheet is locked.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../../db/queries/audit.js';
import { findEvaluationSheet, writeEvaluationSheet } from '../../db/queries/evaluations.js';
import type { Database } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import { SHEET_FIELDS, type SheetInput, submissionProblems } from '../../domain/evaluation/sheet.js';
import { type FiscalYear, formatFiscalYear, type IsoDate } from '../../domain/fiscal-calendar.js';
import { evaluationSheet, sheetInputOf } from './evaluation-sheet.js';
import { lockedMessage, sheetTarget } from './save-evaluation-sheet.js';

export interface SubmitEvaluationSheetOptions {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
  measureNumber: number;
  /** The form as it stands (saved with the submission); absent: the sheet as saved. */
  input?: SheetInput | undefined;
  actor: Actor;
  today: IsoDate;
  now: string;
}

export async function submitEvaluationSheet(o: SubmitEvaluationSheetOptions) {
  const { db, actor, now, today, fiscalYear, measureNumber } = o;
  const { year, measure, key } = await sheetTarget(o);
  const kpis = year.kpis.filter((k) => k.measure.number === measureNumber);
  await db.transaction().execute(async (trx) => {
    const current = await findEvaluationSheet(trx, key);
    if (current?.state === 'submitted') throw new DomainError('CONFLICT', lockedMessage(fiscalYear, measureNumber));
    const sheet = o.input ?? sheetInputOf(current);
    const problems = submissionProblems(sheet, kpis, { fiscalYear, today });
    if (problems.length > 0) {
      const named = [
        ...new Set(
          problems.map((p) => (p.field in SHEET_FIELDS ? SHEET_FIELDS[p.field as keyof typeof SHEET_FIELDS] : 'KPIの原因・改善策')),
        ),
      ];
      throw new DomainError(
        'BAD_REQUEST',
        `提出できません。次の項目を確かめてください（${named.join('、')}）`,
        problems.map((p) => ({ location: p.field, message: p.message })),
      );
    }
    const id = await writeEvaluationSheet(
      trx,
      key,
      {
        achievements: sheet.achievements,
        issues: sheet.issues,
        improvements: sheet.improvements,
        necessity: sheet.necessity,
        effectiveness: sheet.effectiveness,
        efficiency: sheet.efficiency,
        overall: sheet.overall,
        kpiActions: JSON.stringify(sheet.kpiActions),
        committeeComment: current?.committeeComment ?? '',
        committeeCommentBy: current?.committeeCommentBy ?? null,
        committeeCommentAt: current?.committeeCommentAt ?? null,
        state: 'submitted',
        submittedBy: actor.login,
        submittedAt: now,
        updatedBy: actor.login,
        updatedAt: now,
      },
      current?.id,
    );
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: key.chamberId,
      action: 'evaluation.submit',
      target: 'evaluation_sheet',
      targetId: id,
      summary: `評価シートを提出: ${formatFiscalYear(fiscalYear)} 施策${measureNumber} ${measure.title}`,
      before: current ? sheetInputOf(current) : undefined,
      after: sheet,
    });
  });
  return evaluationSheet({ ...o, year });
}
