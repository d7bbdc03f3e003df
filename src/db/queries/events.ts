/**
 * Events (イベント) and their participants one at a time, for the entry screens: the list with
 * its filters and participant counts, one event with its participants, the 区分 in use, and the
 * writes (the participants of an event replaced as a whole, as the import does).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { FiscalYear } from '../../domain/fiscal-calendar.js';
import type { Database, EventTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export interface EventSummary {
  id: number;
  externalId: string;
  date: string;
  fiscalYear: number;
  name: string;
  category: string | null;
  visitors: number;
  participantCount: number;
}

export interface EventParticipant {
  businessId: number;
  code: string;
  name: string;
}

export interface EventDetail extends Omit<EventSummary, 'participantCount'> {
  participants: EventParticipant[];
}

export interface EventFilter {
  fiscalYear?: FiscalYear | undefined;
  category?: string | undefined;
  /** Part of the 名称, 区分 or イベントID, or of a participant's 事業者名, フリガナ or コード (compared as stored). */
  text?: string | undefined;
}

const likeOf = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const like = (column: string, pattern: string) => sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;

function listQuery(db: Q, chamberId: number, f: EventFilter) {
  let q = db.selectFrom('events as e').where('e.chamberId', '=', chamberId);
  if (f.fiscalYear !== undefined) q = q.where('e.fiscalYear', '=', f.fiscalYear);
  if (f.category !== undefined) q = q.where('e.category', '=', f.category);
  if (f.text !== undefined && f.text !== '') {
    const pattern = likeOf(f.text);
    q = q.where((eb) =>
      eb.or([
        ...(['e.name', 'e.category', 'e.externalId'] as const).map((column) => like(column, pattern)),
        eb.exists(
          eb
            .selectFrom('event_participants as p')
            .innerJoin('businesses as b', 'b.id', 'p.businessId')
            .select('p.id')
            .whereRef('p.eventId', '=', 'e.id')
            .where((w) => w.or((['b.name', 'b.kana', 'b.code'] as const).map((column) => like(column, pattern)))),
        ),
      ]),
    );
  }
  return q;
}

const COLUMNS = ['e.id', 'e.externalId', 'e.date', 'e.fiscalYear', 'e.name', 'e.category', 'e.visitors'] as const;

/** Newest first (by date, then the last entered). */
export async function listEvents(
  db: Q,
  chamberId: number,
  filter: EventFilter,
  { limit, offset }: { limit: number; offset: number },
): Promise<{ total: number; rows: EventSummary[] }> {
  const counted = await listQuery(db, chamberId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await listQuery(db, chamberId, filter)
    .select(COLUMNS)
    .select((eb) =>
      eb
        .selectFrom('event_participants as p')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('p.eventId', '=', 'e.id')
        .as('participantCount'),
    )
    .orderBy('e.date', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return { total: Number(counted.n), rows: rows.map((r) => ({ ...r, participantCount: Number(r.participantCount ?? 0) })) };
}

export async function findEvent(db: Q, chamberId: number, id: number): Promise<EventDetail | undefined> {
  const event = await db
    .selectFrom('events as e')
    .select(COLUMNS)
    .where('e.chamberId', '=', chamberId)
    .where('e.id', '=', id)
    .executeTakeFirst();
  if (!event) return undefined;
  const participants = await db
    .selectFrom('event_participants as p')
    .innerJoin('businesses as b', 'b.id', 'p.businessId')
    .select(['p.businessId', 'b.code', 'b.name'])
    .where('p.chamberId', '=', chamberId)
    .where('p.eventId', '=', id)
    .orderBy('p.id')
    .execute();
  return { ...event, participants };
}

/** The 区分 the chamber's events use, the most used first. */
export async function listEventCategories(db: Q, chamberId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('events')
    .select((eb) => ['category', eb.fn.countAll<number>().as('n')])
    .where('chamberId', '=', chamberId)
    .where('category', 'is not', null)
    .groupBy('category')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('category')
    .execute();
  return rows.flatMap((r) => (r.category === null ? [] : [r.category]));
}

/** The ids among these that are the chamber's businesses. */
export async function existingBusinessIds(db: Q, chamberId: number, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('businesses')
    .select('id')
    .where('chamberId', '=', chamberId)
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

export type EventValues = Omit<EventTable, 'id' | 'chamberId'>;

export async function insertEvent(db: Q, chamberId: number, values: EventValues): Promise<number> {
  const row = await db
    .insertInto('events')
    .values({ chamberId, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateEvent(db: Q, chamberId: number, id: number, values: Omit<EventValues, 'externalId'>): Promise<void> {
  await db.updateTable('events').set(values).where('chamberId', '=', chamberId).where('id', '=', id).execute();
}

/** The event's participants become exactly these businesses (in this order for new ones). */
export async function replaceParticipants(db: Q, chamberId: number, eventId: number, businessIds: readonly number[]): Promise<void> {
  const have = new Set(
    (
      await db
        .selectFrom('event_participants')
        .select('businessId')
        .where('chamberId', '=', chamberId)
        .where('eventId', '=', eventId)
        .execute()
    ).map((p) => p.businessId),
  );
  const want = new Set(businessIds);
  const gone = [...have].filter((id) => !want.has(id));
  const added = businessIds.filter((id) => !have.has(id));
  if (gone.length > 0)
    await db
      .deleteFrom('event_participants')
      .where('chamberId', '=', chamberId)
      .where('eventId', '=', eventId)
      .where('businessId', 'in', gone)
      .execute();
  if (added.length > 0)
    await db
      .insertInto('event_participants')
      .values(added.map((businessId) => ({ chamberId, eventId, businessId })))
      .execute();
}

/** The event and its participants (the foreign key would cascade; deleting them here says so, within the chamber's scope). */
export async function deleteEvent(db: Q, chamberId: number, id: number): Promise<void> {
  await db.deleteFrom('event_participants').where('chamberId', '=', chamberId).where('eventId', '=', id).execute();
  await db.deleteFrom('events').where('chamberId', '=', chamberId).where('id', '=', id).execute();
}
