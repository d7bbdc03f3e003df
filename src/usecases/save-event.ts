/**
 * Adds or changes one event entered on the screen, with its participants: checked against
 * today's date and the chamber's businesses, refused with the field at fault; a change that
 * alters a closed year's KPIs (来場者数 by 区分) must be confirmed. The event, its participants
 * (replaced by the list sent) and the audit row are written in one transaction.
 *
 * An event entered here gets an イベントID (W-…), which the import requires, so that it exports
 * and imports again as itself.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import {
  type EventDetail,
  type EventValues,
  existingBusinessIds,
  findEvent,
  insertEvent,
  replaceParticipants,
  updateEvent,
} from '../db/queries/events.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { fiscalYearOf, type IsoDate } from '../domain/fiscal-calendar.js';
import { eventFacts } from '../domain/kpi/changed-by.js';
import { checkEvent, EVENT_FIELDS, type EventInput } from '../domain/records/event.js';
import { requireConfirmationForChange } from './closed-year-impact.js';

export interface SaveEventOptions {
  db: Kysely<Database>;
  chamberCode: string;
  /** Absent: a new event. */
  id?: number | undefined;
  input: EventInput;
  /** The user saw which closed years' KPIs change and went on. */
  confirmed: boolean;
  actor: Actor;
  today: IsoDate;
  now: string;
}

export function eventLabel(e: { date: string; name: string; category: string | null; visitors: number }): string {
  return `${e.date} ${e.name}${e.category ? `（${e.category}）` : ''} 来場者${e.visitors}人`;
}

export async function saveEvent(options: SaveEventOptions): Promise<EventDetail> {
  const { db, chamberCode, id, input, actor, today, now } = options;
  const chamber = await findChamberByCode(db, chamberCode);
  if (!chamber) throw new DomainError('NOT_FOUND', `商工会が見つかりません: ${chamberCode}`);
  const before = id === undefined ? undefined : await findEvent(db, chamber.id, id);
  if (id !== undefined && !before) throw new DomainError('NOT_FOUND', 'イベントが見つかりません');

  const problems = checkEvent(input, { today });
  const known = await existingBusinessIds(db, chamber.id, input.participantIds);
  const unknown = input.participantIds.filter((b) => !known.has(b));
  if (unknown.length > 0)
    problems.push({ field: 'participantIds', message: `参加事業者のうち${unknown.length}件が見つかりません。選び直してください` });
  if (problems.length > 0) {
    throw new DomainError(
      'BAD_REQUEST',
      `入力に誤りがあります（${problems.map((p) => EVENT_FIELDS[p.field]).join('、')}）`,
      problems.map((p) => ({ location: p.field, message: p.message })),
    );
  }

  const values: EventValues = {
    externalId: before?.externalId ?? `W-${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    date: input.date,
    fiscalYear: fiscalYearOf(input.date),
    name: input.name,
    category: input.category,
    visitors: input.visitors,
  };
  await requireConfirmationForChange(db, {
    chamberCode,
    before: eventFacts(before ?? null),
    after: eventFacts(values),
    today,
    confirmed: options.confirmed,
    what: before ? 'このイベントを変更する' : 'このイベントを追加する',
  });

  const savedId = await db.transaction().execute(async (trx) => {
    let eventId: number;
    if (before) {
      eventId = before.id;
      const { externalId: _kept, ...changed } = values;
      await updateEvent(trx, chamber.id, eventId, changed);
    } else {
      eventId = await insertEvent(trx, chamber.id, values);
    }
    await replaceParticipants(trx, chamber.id, eventId, input.participantIds);
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: chamber.id,
      action: before ? 'update' : 'create',
      target: 'events',
      targetId: eventId,
      summary: `イベントを${before ? '変更' : '追加'}: ${eventLabel(values)} 参加事業者${input.participantIds.length}件`,
      before,
      after: { id: eventId, ...values, participantIds: input.participantIds },
    });
    return eventId;
  });
  const saved = await findEvent(db, chamber.id, savedId);
  if (!saved) throw new Error(`event ${savedId} vanished after saving`);
  return saved;
}
