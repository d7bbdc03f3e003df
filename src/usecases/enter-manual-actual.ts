/**
 * Enters (or replaces) the actual of a KPI that no record can produce, for one fiscal year,
 * with its evidence and who entered it. A KPI derived from records refuses: its figure
 * comes from the records only, never typed twice.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit, SYSTEM_ACTOR } from '../db/queries/audit.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { formatFiscalYear, type IsoDate } from '../domain/fiscal-calendar.js';
import { listKpis } from '../domain/plan/plan.js';
import { findPlan } from './find-plan.js';

export interface EnterManualActualOptions {
  db: Kysely<Database>;
  chamberCode: string;
  kpiCode: string;
  fiscalYear: number;
  value: number;
  evidence: string;
  enteredBy: string;
  today: IsoDate;
  now: string;
  /** Who, for the audit trail. */
  actor?: Actor;
}

export async function enterManualActual({
  db,
  chamberCode,
  kpiCode,
  fiscalYear,
  value,
  evidence,
  enteredBy,
  today,
  now,
  actor = SYSTEM_ACTOR,
}: EnterManualActualOptions): Promise<void> {
  const loaded = await findPlan({ db, chamberCode, today });
  const located = loaded && listKpis(loaded.plan).find((l) => l.kpi.code === kpiCode);
  if (!loaded || !located) throw new DomainError('NOT_FOUND', `KPIが見つかりません: ${kpiCode}`);
  if (located.kpi.actual !== null) {
    throw new DomainError('BAD_REQUEST', `「${located.kpi.name}」は記録から算出する指標のため、実績値は手入力できません`);
  }
  const { from, to } = loaded.plan.period;
  if (fiscalYear < from || fiscalYear > to) {
    throw new DomainError(
      'BAD_REQUEST',
      `${formatFiscalYear(fiscalYear)}は計画期間（${formatFiscalYear(from)}〜${formatFiscalYear(to)}）の外です`,
    );
  }
  if (!Number.isFinite(value)) throw new DomainError('BAD_REQUEST', '実績値は数値で入力してください');
  if (evidence.trim() === '') throw new DomainError('BAD_REQUEST', '根拠（資料名など）を入力してください');
  if (enteredBy.trim() === '') throw new DomainError('BAD_REQUEST', '入力者を入力してください');
  const kpi = await db
    .selectFrom('kpis')
    .select('id')
    .where('chamberId', '=', loaded.chamberId)
    .where('planId', '=', loaded.planId)
    .where('code', '=', kpiCode)
    .executeTakeFirstOrThrow();
  const fields = { value, evidence: evidence.trim(), enteredBy: enteredBy.trim(), enteredAt: now };
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('manual_actuals')
      .select(['id', 'value', 'evidence', 'enteredBy', 'enteredAt'])
      .where('kpiId', '=', kpi.id)
      .where('fiscalYear', '=', fiscalYear)
      .executeTakeFirst();
    if (current) await trx.updateTable('manual_actuals').set(fields).where('id', '=', current.id).execute();
    else
      await trx
        .insertInto('manual_actuals')
        .values({ chamberId: loaded.chamberId, kpiId: kpi.id, fiscalYear, ...fields })
        .execute();
    const { id: _id, ...before } = current ?? { id: null };
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: loaded.chamberId,
      action: current ? 'update' : 'create',
      target: 'manual_actual',
      targetId: `${kpiCode}/${fiscalYear}`,
      summary: `実績値を手入力: ${located.kpi.name} ${formatFiscalYear(fiscalYear)} = ${value}`,
      before: current ? before : undefined,
      after: fields,
    });
  });
}
