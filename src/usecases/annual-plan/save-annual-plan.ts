/**
 * Saves the edits of a year's 事業計画 (PUT): the 基本方針・前文 and every measure's items as a
 * whole, in the order sent. Checked by `checkAnnualPlan` (400 with each problem under its field);
 * 409 when nothing is stored yet (下書きを作る first) or the plan is 確定. A measure left out of
 * the body keeps no items. The plan, its items and the audit row are one transaction.
 */
import type { Kysely } from 'kysely';
import { findAnnualPlan, replaceAnnualPlanItems, writeAnnualPlan } from '../../db/queries/annual-plans.js';
import { type Actor, recordAudit } from '../../db/queries/audit.js';
import type { Database } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import { type FiscalYear, formatFiscalYear } from '../../domain/fiscal-calendar.js';
import { type AnnualPlanInput, checkAnnualPlan } from '../../domain/plan/annual-plan.js';
import {
  type AnnualPlanView,
  annualPlan,
  confirmedMessage,
  contentOf,
  loadAnnualPlanYear,
  noPlanMessage,
  presentAnnualPlan,
} from './annual-plan-year.js';

export interface SaveAnnualPlanOptions {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
  input: AnnualPlanInput;
  actor: Actor;
  now: string;
}

export async function saveAnnualPlan(o: SaveAnnualPlanOptions): Promise<AnnualPlanView> {
  const { db, fiscalYear, input, actor, now } = o;
  const year = await loadAnnualPlanYear(o);
  const problems = checkAnnualPlan(input, year.draft);
  if (problems.length > 0)
    throw new DomainError(
      'BAD_REQUEST',
      `事業計画に直すところがあります（${problems.length}件）`,
      problems.map((p) => ({ location: p.field, message: p.message })),
    );
  // In the plan's order, whatever order the body sent the measures in.
  const order = new Map(year.draft.map((m, i) => [m.number, i]));
  const measures = [...input.measures].sort((a, b) => (order.get(a.number) ?? 0) - (order.get(b.number) ?? 0));
  await db.transaction().execute(async (trx) => {
    const current = await findAnnualPlan(trx, year.key);
    if (!current) throw new DomainError('CONFLICT', noPlanMessage(fiscalYear));
    if (current.state === 'confirmed') throw new DomainError('CONFLICT', confirmedMessage(fiscalYear));
    const before = contentOf(await presentAnnualPlan(trx, year, current));
    await writeAnnualPlan(trx, year.key, { ...current, preface: input.preface, updatedBy: actor.login, updatedAt: now }, current.id);
    await replaceAnnualPlanItems(trx, year.key.chamberId, current.id, measures);
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: year.key.chamberId,
      action: 'update',
      target: 'annual_plan',
      targetId: current.id,
      summary: `事業計画を保存: ${formatFiscalYear(fiscalYear)}（${measures.reduce((n, m) => n + m.items.length, 0)}項目）`,
      before,
      after: { preface: input.preface, measures },
    });
  });
  return annualPlan(o);
}
