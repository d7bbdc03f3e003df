/**
 * Deletes one 共済 subscription; deleting one that a closed year's KPI counts must be confirmed.
 * The row and the audit row (with the subscription as it was) change in one transaction.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import { deleteMutualAid as deleteRow, findMutualAid, subscriptionsOfBusinesses } from '../db/queries/mutual-aid.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { IsoDate } from '../domain/fiscal-calendar.js';
import { subscriptionFacts } from '../domain/kpi/changed-by.js';
import { requireConfirmationForChange } from './closed-year-impact.js';
import { mutualAidLabel } from './save-mutual-aid.js';

export async function deleteMutualAid({
  db,
  chamberCode,
  id,
  confirmed,
  actor,
  today,
  now,
}: {
  db: Kysely<Database>;
  chamberCode: string;
  id: number;
  confirmed: boolean;
  actor: Actor;
  today: IsoDate;
  now: string;
}): Promise<void> {
  const chamber = await findChamberByCode(db, chamberCode);
  const before = chamber && (await findMutualAid(db, chamber.id, id));
  if (!chamber || !before) throw new DomainError('NOT_FOUND', '共済の加入が見つかりません');
  const current = await subscriptionsOfBusinesses(db, chamber.id, [before.businessId]);
  await requireConfirmationForChange(db, {
    chamberCode,
    before: subscriptionFacts(current),
    after: subscriptionFacts(current.filter((s) => s.id !== id)),
    today,
    confirmed,
    what: 'この共済の加入を削除する',
  });
  await db.transaction().execute(async (trx) => {
    await deleteRow(trx, chamber.id, id);
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: chamber.id,
      action: 'delete',
      target: 'mutual_aid',
      targetId: id,
      summary: `共済の加入を削除: ${mutualAidLabel(before, before.businessName)}`,
      before,
    });
  });
}
