/**
 * 確定 and its undoing. A 確定 plan is what goes to the 総会: it refuses edits and 再作成 (409)
 * until an administrator reopens it (確定を取り消す) with a reason, kept in the audit trail, as a
 * submitted 評価シート is unlocked. Each is one transaction with its audit row.
 */
import type { Kysely } from 'kysely';
import { findAnnualPlan, writeAnnualPlan } from '../../db/queries/annual-plans.js';
import { type Actor, recordAudit } from '../../db/queries/audit.js';
import type { Database } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import { type FiscalYear, formatFiscalYear } from '../../domain/fiscal-calendar.js';
import { type AnnualPlanView, annualPlan, confirmedMessage, loadAnnualPlanYear, noPlanMessage } from './annual-plan-year.js';

export interface ConfirmAnnualPlanOptions {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
  actor: Actor;
  now: string;
}

export async function confirmAnnualPlan(o: ConfirmAnnualPlanOptions): Promise<AnnualPlanView> {
  const { db, fiscalYear, actor, now } = o;
  const year = await loadAnnualPlanYear(o);
  await db.transaction().execute(async (trx) => {
    const current = await findAnnualPlan(trx, year.key);
    if (!current) throw new DomainError('CONFLICT', noPlanMessage(fiscalYear));
    if (current.state === 'confirmed') throw new DomainError('CONFLICT', confirmedMessage(fiscalYear));
    await writeAnnualPlan(trx, year.key, { ...current, state: 'confirmed', confirmedBy: actor.login, confirmedAt: now }, current.id);
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: year.key.chamberId,
      action: 'confirm',
      target: 'annual_plan',
      targetId: current.id,
      summary: `事業計画を確定: ${formatFiscalYear(fiscalYear)}`,
      before: { state: current.state },
      after: { state: 'confirmed' },
    });
  });
  return annualPlan(o);
}

export async function reopenAnnualPlan(o: ConfirmAnnualPlanOptions & { reason: string }): Promise<AnnualPlanView> {
  const { db, fiscalYear, actor, now, reason } = o;
  const year = await loadAnnualPlanYear(o);
  await db.transaction().execute(async (trx) => {
    const current = await findAnnualPlan(trx, year.key);
    if (current?.state !== 'confirmed') throw new DomainError('CONFLICT', `${formatFiscalYear(fiscalYear)}の事業計画は確定していません`);
    await writeAnnualPlan(
      trx,
      year.key,
      { ...current, state: 'draft', confirmedBy: null, confirmedAt: null, updatedBy: actor.login, updatedAt: now },
      current.id,
    );
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: year.key.chamberId,
      action: 'reopen',
      target: 'annual_plan',
      targetId: current.id,
      summary: `事業計画の確定を取り消し: ${formatFiscalYear(fiscalYear)}（理由: ${reason}）`,
      before: { state: 'confirmed', confirmedBy: current.confirmedBy, confirmedAt: current.confirmedAt },
      after: { state: 'draft', reason },
    });
  });
  return annualPlan(o);
}
