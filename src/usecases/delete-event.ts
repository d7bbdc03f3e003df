/**
 * Deletes one event with its participants; deleting one that a closed year's KPI counts (its
 * 来場者数) must be confirmed. The event, its participants and the audit row (with the event as
 * it was) change in one transaction.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import { deleteEvent as deleteRow, findEvent } from '../db/queries/events.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { IsoDate } from '../domain/fiscal-calendar.js';
import { eventFacts } from '../domain/kpi/changed-by.js';
import { requireConfirmationForChange } from './closed-year-impact.js';
import { eventLabel } from './save-event.js';

export async function deleteEvent({
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
  const before = chamber && (await findEvent(db, chamber.id, id));
  if (!chamber || !before) throw new DomainError('NOT_FOUND', 'イベントが見つかりません');
  await requireConfirmationForChange(db, {
    chamberCode,
    before: eventFacts(before),
    after: eventFacts(null),
    today,
    confirmed,
    what: 'このイベントを削除する',
  });
  await db.transaction().execute(async (trx) => {
    await deleteRow(trx, chamber.id, id);
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: chamber.id,
      action: 'delete',
      target: 'events',
      targetId: id,
      summary: `イベントを削除: ${eventLabel(before)} 参加事業者${before.participants.length}件`,
      before,
    });
  });
}
