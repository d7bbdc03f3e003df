/**
 * Validates a plan file and loads it for its chamber, in one transaction. An invalid file
 * changes nothing; the same file twice changes nothing; a changed target is recorded as a
 * revision, decided on the day of the import in Japan unless `decidedOn` says otherwise, by
 * 計画ファイルの取り込み unless `decidedBy` names the body; a change the revision rules refuse
 * (a year that ended before the decision) refuses the whole file. With dryRun the changes are
 * computed and rolled back.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit, SYSTEM_ACTOR } from '../db/queries/audit.js';
import { type SavePlanResult, savePlan } from '../db/queries/save-plan.js';
import type { Database } from '../db/schema.js';
import { japanDateOf } from '../domain/fiscal-calendar.js';
import { parsePlanFile } from '../domain/plan/parse-plan-file.js';
import { PLAN_FILE_DECIDED_BY } from '../domain/plan/targets-in-force.js';

export interface ImportPlanOptions {
  db: Kysely<Database>;
  source: string;
  fileName: string;
  now: string;
  reason?: string | undefined;
  /** When the changed targets were decided (default: the day of `now` in Japan), and by whom. */
  decidedOn?: string | undefined;
  decidedBy?: string | undefined;
  dryRun?: boolean;
  /** Who, for the audit trail. */
  actor?: Actor;
}

export interface ImportPlanResult extends SavePlanResult {
  chamberCode: string;
  planCode: string;
  dryRun: boolean;
}

class DryRunRollback extends Error {
  constructor(readonly result: SavePlanResult) {
    super('dry run');
  }
}

export async function importPlan({
  db,
  source,
  fileName,
  now,
  reason,
  decidedOn,
  decidedBy,
  dryRun = false,
  actor = SYSTEM_ACTOR,
}: ImportPlanOptions): Promise<ImportPlanResult> {
  const plan = parsePlanFile(source, fileName);
  const options = { plan, sourceName: fileName, now, reason, today: japanDateOf(now), decidedOn, decidedBy, enteredBy: actor.login };
  let result: SavePlanResult;
  if (dryRun) {
    try {
      await db.transaction().execute(async (trx) => {
        throw new DryRunRollback(await savePlan(trx, options));
      });
      throw new Error('unreachable');
    } catch (e) {
      if (!(e instanceof DryRunRollback)) throw e;
      result = e.result;
    }
  } else {
    result = await db.transaction().execute(async (trx) => {
      const saved = await savePlan(trx, options);
      if (saved.changed) {
        await recordAudit(trx, {
          actor,
          at: now,
          chamberId: saved.chamberId,
          action: 'plan.import',
          target: 'plan',
          targetId: plan.code,
          summary: `計画を読み込み: ${plan.title}（${fileName}）${saved.revisions.length > 0 ? ` 目標値の改訂 ${saved.revisions.length}件` : ''}`,
          before:
            saved.revisions.length > 0
              ? saved.revisions.map((r) => ({ kpi: r.kpiCode, fiscalYear: r.fiscalYear, target: r.oldTarget }))
              : undefined,
          after: {
            created: saved.created,
            counts: saved.counts,
            revisions: saved.revisions,
            ...(saved.revisions.length > 0
              ? {
                  decision: { decidedOn: options.decidedOn ?? options.today, decidedBy: options.decidedBy ?? PLAN_FILE_DECIDED_BY, reason },
                }
              : {}),
          },
        });
      }
      return saved;
    });
  }
  return { ...result, chamberCode: plan.chamber.code, planCode: plan.code, dryRun };
}
