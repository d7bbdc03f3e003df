/**
 * 下書きを作る: the year's 事業計画 made from the draft (src/domain/plan/annual-plan.ts) and
 * stored, to be edited from then on. A second time answers 409 unless `replace` (再作成, which
 * the page asks before sending): the items are then replaced by a fresh draft and the audit row
 * keeps what was replaced. A 確定 plan is not replaced (409): an administrator reopens it first.
 */
import type { Kysely } from 'kysely';
import { findAnnualPlan, replaceAnnualPlanItems, writeAnnualPlan } from '../../db/queries/annual-plans.js';
import { type Actor, recordAudit } from '../../db/queries/audit.js';
import type { Database } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import { type FiscalYear, formatFiscalYear } from '../../domain/fiscal-calendar.js';
import { type AnnualPlanView, annualPlan, confirmedMessage, contentOf, loadAnnualPlanYear, presentAnnualPlan } from './annual-plan-year.js';

export interface CreateAnnualPlanDraftOptions {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
  replace: boolean;
  actor: Actor;
  now: string;
}

export async function createAnnualPlanDraft(o: CreateAnnualPlanDraftOptions): Promise<AnnualPlanView> {
  const { db, fiscalYear, replace, actor, now } = o;
  const year = await loadAnnualPlanYear(o);
  const fresh = await presentAnnualPlan(db, year, undefined);
  await db.transaction().execute(async (trx) => {
    const current = await findAnnualPlan(trx, year.key);
    if (current?.state === 'confirmed') throw new DomainError('CONFLICT', confirmedMessage(fiscalYear));
    if (current && !replace)
      throw new DomainError(
        'CONFLICT',
        `${formatFiscalYear(fiscalYear)}の事業計画はもうあります。作り直すと編集した内容は失われます（再作成で置き換えます）`,
      );
    const before = current ? contentOf(await presentAnnualPlan(trx, year, current)) : undefined;
    const id = await writeAnnualPlan(
      trx,
      year.key,
      {
        preface: fresh.preface,
        state: 'draft',
        confirmedBy: null,
        confirmedAt: null,
        draftedBy: actor.login,
        draftedAt: now,
        updatedBy: actor.login,
        updatedAt: now,
      },
      current?.id,
    );
    await replaceAnnualPlanItems(trx, year.key.chamberId, id, fresh.measures);
    const items = fresh.measures.reduce((n, m) => n + m.items.length, 0);
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: year.key.chamberId,
      action: current ? 'replace' : 'create',
      target: 'annual_plan',
      targetId: id,
      summary: `事業計画の下書きを${current ? '作り直し（再作成）' : '作成'}: ${formatFiscalYear(fiscalYear)}（${items}項目）`,
      before,
      after: contentOf(fresh),
    });
  });
  return annualPlan(o);
}
