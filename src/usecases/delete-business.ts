/**
 * Deletes one business with its membership periods. Refused while records refer to it (支援記録,
 * イベント参加, 共済: the database would refuse too, ON DELETE RESTRICT), naming how many of
 * each; deleting one whose periods a closed year's 組織率 counts must be confirmed. The
 * business, its periods and the audit row (with the business as it was) go in one transaction.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import { type BusinessReferences, countBusinessReferences, deleteBusiness as deleteRow, findBusiness } from '../db/queries/businesses.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { IsoDate } from '../domain/fiscal-calendar.js';
import { businessChangeImpact, requireConfirmation } from './closed-year-impact.js';

const REFERENCE_LABELS: Record<keyof BusinessReferences, string> = {
  supportRecords: '支援記録',
  events: 'イベントの参加',
  mutualAid: '共済の加入',
};

/** Refuses when anything refers to the business: 支援記録 12件、共済の加入 1件. */
function refuseWhileReferenced(name: string, references: BusinessReferences): void {
  const held = (Object.keys(REFERENCE_LABELS) as (keyof BusinessReferences)[]).filter((k) => references[k] > 0);
  if (held.length === 0) return;
  const details = held.map((k) => ({ location: k, message: `${REFERENCE_LABELS[k]} ${references[k].toLocaleString('ja-JP')}件` }));
  throw new DomainError(
    'CONFLICT',
    `「${name}」は ${details.map((d) => d.message).join('、')} から参照されているため削除できません。先にそれらの記録を削除するか、別の事業者に付け替えてください`,
    details,
  );
}

export async function deleteBusiness({
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
  const before = chamber && (await findBusiness(db, chamber.id, id));
  if (!chamber || !before) throw new DomainError('NOT_FOUND', '事業者が見つかりません');
  refuseWhileReferenced(before.name, await countBusinessReferences(db, chamber.id, id));
  const impact = await businessChangeImpact(db, { chamberCode, before, after: undefined, records: [], today });
  requireConfirmation(impact, { confirmed, what: 'この事業者を削除する' });
  await db.transaction().execute(async (trx) => {
    // Again inside the transaction: a record may have been added meanwhile.
    refuseWhileReferenced(before.name, await countBusinessReferences(trx, chamber.id, id));
    await deleteRow(trx, chamber.id, id);
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: chamber.id,
      action: 'delete',
      target: 'businesses',
      targetId: id,
      summary: `事業者を削除: ${before.code} ${before.name}`,
      before,
    });
  });
}
