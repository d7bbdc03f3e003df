/**
 * Saves a 評価シート as a draft (PUT): whatever is written so far, complete or not. Refused
 * while the sheet is submitted (locked): an administrator unlocks it first, with a reason.
 * The sheet and its audit row are written in one transaction.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../../db/queries/audit.js';
import { findEvaluationSheet, writeEvaluationSheet } from '../../db/queries/evaluations.js';
import type { Database } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import type { SheetInput } from '../../domain/evaluation/sheet.js';
import { type FiscalYear, formatFiscalYear, type IsoDate } from '../../domain/fiscal-calendar.js';
import { evaluationSheet, measureOf, sheetInputOf } from './evaluation-sheet.js';
import { type EvaluationYear, loadEvaluationYear } from './evaluation-year.js';

export interface SaveEvaluationSheetOptions {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
  measureNumber: number;
  input: SheetInput;
  actor: Actor;
  today: IsoDate;
  now: string;
}

export const lockedMessage = (fiscalYear: FiscalYear, measureNumber: number) =>
  `${formatFiscalYear(fiscalYear)} 施策${measureNumber}の評価シートは提出済みのため変更できません（管理者がロックを解除すると変更できます）`;

/** The year, the measure and the sheet's key, for every write of a sheet. */
export async function sheetTarget(o: {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
  measureNumber: number;
  today: IsoDate;
}) {
  const year: EvaluationYear = await loadEvaluationYear(o);
  const { measure } = measureOf(year, o.measureNumber);
  const key = { chamberId: year.loaded.chamberId, planId: year.loaded.planId, fiscalYear: o.fiscalYear, measureNumber: o.measureNumber };
  return { year, measure, key };
}

export async function saveEvaluationSheet(o: SaveEvaluationSheetOptions) {
  const { db, input, actor, now, fiscalYear, measureNumber } = o;
  const { year, measure, key } = await sheetTarget(o);
  await db.transaction().execute(async (trx) => {
    const current = await findEvaluationSheet(trx, key);
    if (current?.state === 'submitted') throw new DomainError('CONFLICT', lockedMessage(fiscalYear, measureNumber));
    const id = await writeEvaluationSheet(
      trx,
      key,
      {
        achievements: input.achievements,
        issues: input.issues,
        improvements: input.improvements,
        necessity: input.necessity,
        effectiveness: input.effectiveness,
        efficiency: input.efficiency,
        overall: input.overall,
        kpiActions: JSON.stringify(input.kpiActions),
        committeeComment: current?.committeeComment ?? '',
        committeeCommentBy: current?.committeeCommentBy ?? null,
        committeeCommentAt: current?.committeeCommentAt ?? null,
        state: 'draft',
        submittedBy: null,
        submittedAt: null,
        updatedBy: actor.login,
        updatedAt: now,
      },
      current?.id,
    );
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: key.chamberId,
      action: current ? 'update' : 'create',
      target: 'evaluation_sheet',
      targetId: id,
      summary: `評価シートを保存（下書き）: ${formatFiscalYear(fiscalYear)} 施策${measureNumber} ${measure.title}`,
      before: current ? sheetInputOf(current) : undefined,
      after: input,
    });
  });
  return evaluationSheet({ ...o, year });
}
