/**
 * Deletes one support record; deleting one that a closed year's KPI counts must be
 * confirmed. The record, the monthly summary and the audit row (with the record as it was)
 * change in one transaction.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import { refreshSupportMonthly, TouchedKinds } from '../db/queries/support-monthly.js';
import { deleteSupportRecord as deleteRow, findSupportRecord } from '../db/queries/support-records.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { IsoDate } from '../domain/fiscal-calendar.js';
import { requireConfirmationForClosedYears } from './closed-year-impact.js';
import { countedRecord } from './save-support-record.js';

export async function deleteSupportRecord({
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
  const before = chamber && (await findSupportRecord(db, chamber.id, id));
  if (!chamber || !before) throw new DomainError('NOT_FOUND', '支援記録が見つかりません');
  await requireConfirmationForClosedYears(db, {
    chamberCode,
    records: [countedRecord(before)],
    today,
    confirmed,
    what: 'この支援記録を削除する',
  });
  await db.transaction().execute(async (trx) => {
    await deleteRow(trx, chamber.id, id);
    await refreshSupportMonthly(trx, chamber.id, new TouchedKinds().add(before.kind, before.fiscalYear));
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: chamber.id,
      action: 'delete',
      target: 'support_records',
      targetId: id,
      summary: `支援記録を削除: ${before.date} ${before.kind}${before.businessName ? ` ${before.businessName}` : ''}`,
      before,
    });
  });
}
