/**
 * Records a revision of one KPI's target for one fiscal year of the current plan, as decided
 * (by the 評価委員会, the 理事会, the 総会 …) on a day: checked by the rules of
 * src/domain/plan/targets-in-force.ts against the history as it stands in the transaction, and
 * refused with the field at fault; the revision and its audit row are written in one transaction.
 * The plan file's value (kpi_targets) stays as it is: the same file imports again without a change.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import { loadTargetHistories } from '../db/queries/load-plan.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { formatFiscalYear, formatJapaneseDate, type IsoDate } from '../domain/fiscal-calendar.js';
import { listKpis } from '../domain/plan/plan.js';
import { TARGET_REVISION_FIELDS, type TargetRevisionInput } from '../domain/plan/target-revision.js';
import { formatTargetValue, revisionProblems, targetForRating, targetInForce } from '../domain/plan/targets-in-force.js';
import { findPlan } from './find-plan.js';
import { type KpiTargetHistory, kpiTargetHistory } from './kpi-target-history.js';

/** What target_revisions.source says of a revision entered on the screen. */
export const SCREEN_SOURCE = '画面';

export interface ReviseTargetOptions {
  db: Kysely<Database>;
  chamberCode: string;
  kpiCode: string;
  fiscalYear: number;
  input: TargetRevisionInput;
  actor: Actor;
  today: IsoDate;
  now: string;
}

export async function reviseTarget({
  db,
  chamberCode,
  kpiCode,
  fiscalYear,
  input,
  actor,
  today,
  now,
}: ReviseTargetOptions): Promise<KpiTargetHistory> {
  const loaded = await findPlan({ db, chamberCode, today });
  const located = loaded && listKpis(loaded.plan).find((l) => l.kpi.code === kpiCode);
  if (!loaded || !located) throw new DomainError('NOT_FOUND', `KPIが見つかりません: ${kpiCode}`);
  const { chamberId, planId, plan } = loaded;
  const { kpi } = located;
  const kpiRow = await db
    .selectFrom('kpis')
    .select('id')
    .where('chamberId', '=', chamberId)
    .where('planId', '=', planId)
    .where('code', '=', kpiCode)
    .executeTakeFirstOrThrow();

  await db.transaction().execute(async (trx) => {
    // The history as it stands now, in the transaction that writes.
    const history = (await loadTargetHistories(trx, { chamberId, planId })).get(kpiCode)?.get(fiscalYear) ?? {
      fiscalYear,
      original: kpi.targets[fiscalYear] ?? null,
      revisions: [],
    };
    const problems = revisionProblems(
      { fiscalYear, value: input.value, decidedOn: input.decidedOn },
      { today, period: plan.period, history },
    );
    if (problems.length > 0)
      throw new DomainError(
        'BAD_REQUEST',
        `入力に誤りがあります（${[...new Set(problems.map((p) => TARGET_REVISION_FIELDS[p.field]))].join('、')}）`,
        problems.map((p) => ({ location: p.field, message: p.message })),
      );
    const replaced = targetInForce(history, input.decidedOn);
    const row = {
      chamberId,
      planId,
      kpiId: kpiRow.id,
      fiscalYear,
      oldTarget: replaced,
      newTarget: input.value,
      revisedAt: now,
      reason: input.reason,
      source: SCREEN_SOURCE,
      decidedOn: input.decidedOn,
      decidedBy: input.decidedBy,
      enteredBy: actor.login,
      enteredVia: 'screen' as const,
    };
    const { id } = await trx.insertInto('target_revisions').values(row).returning('id').executeTakeFirstOrThrow();
    const year = formatFiscalYear(fiscalYear, 'short');
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId,
      action: 'create',
      target: 'target_revision',
      targetId: `${kpiCode}/${fiscalYear}`,
      summary:
        `目標値を改訂: ${kpi.name} ${year} ${formatTargetValue(replaced)} → ${formatTargetValue(input.value)}` +
        `（${input.decidedBy} ${formatJapaneseDate(input.decidedOn)}）`,
      before: { kpi: kpiCode, fiscalYear, target: targetForRating(history, today) },
      after: { id, kpi: kpiCode, ...row },
    });
  });

  const history = await kpiTargetHistory({ db, chamberCode, kpiCode, today });
  if (!history) throw new Error(`KPI ${kpiCode} vanished after its revision`);
  return history;
}
