/**
 * Validates a plan file and loads it for its chamber, in one transaction. An invalid file
 * changes nothing; the same file twice changes nothing; a changed target is recorded as a
 * revision. With dryRun the changes are computed and rolled back.
 */
import type { Kysely } from 'kysely';
import { type SavePlanResult, savePlan } from '../db/queries/save-plan.js';
import type { Database } from '../db/schema.js';
import { parsePlanFile } from '../domain/plan/parse-plan-file.js';

export interface ImportPlanOptions {
  db: Kysely<Database>;
  source: string;
  fileName: string;
  now: string;
  reason?: string | undefined;
  dryRun?: boolean;
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

export async function importPlan({ db, source, fileName, now, reason, dryRun = false }: ImportPlanOptions): Promise<ImportPlanResult> {
  const plan = parsePlanFile(source, fileName);
  const options = { plan, sourceName: fileName, now, reason };
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
    result = await savePlan(db, options);
  }
  return { ...result, chamberCode: plan.chamber.code, planCode: plan.code, dryRun };
}
