/**
 * 共済 subscriptions one at a time, for the entry screens: the list with its filters, one
 * subscription, the subscriptions of some businesses (to tell which KPIs a change alters), and
 * the writes. Rows are keyed by content_key as the import keys them (mutualAidContentKey).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { IsoDate } from '../../domain/fiscal-calendar.js';
import type { Database, MutualAidTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export interface MutualAidView {
  id: number;
  businessId: number;
  businessCode: string;
  businessName: string;
  type: string;
  joinedOn: string;
  leftOn: string | null;
  externalId: string | null;
}

export interface MutualAidFilter {
  type?: string | undefined;
  /** Subscriptions held on this day: 加入日 ≤ day < 解約日. */
  activeOn?: IsoDate | undefined;
  /** Part of the 事業者名, フリガナ or 事業者コード, or of the 証券番号 (compared as stored). */
  text?: string | undefined;
}

function listQuery(db: Q, chamberId: number, f: MutualAidFilter) {
  let q = db.selectFrom('mutual_aid as s').innerJoin('businesses as b', 'b.id', 's.businessId').where('s.chamberId', '=', chamberId);
  if (f.type !== undefined) q = q.where('s.type', '=', f.type);
  if (f.activeOn !== undefined) {
    const day = f.activeOn;
    q = q.where('s.joinedOn', '<=', day).where((eb) => eb.or([eb('s.leftOn', 'is', null), eb('s.leftOn', '>', day)]));
  }
  if (f.text !== undefined && f.text !== '') {
    const like = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or(
        (['b.name', 'b.kana', 'b.code', 's.externalId'] as const).map(
          (column) => sql<boolean>`${sql.ref(column)} like ${like} escape '\\'`,
        ),
      ),
    );
  }
  return q;
}

const VIEW_COLUMNS = [
  's.id',
  's.businessId',
  'b.code as businessCode',
  'b.name as businessName',
  's.type',
  's.joinedOn',
  's.leftOn',
  's.externalId',
] as const;

/** The latest 加入日 first. */
export async function listMutualAid(
  db: Q,
  chamberId: number,
  filter: MutualAidFilter,
  { limit, offset }: { limit: number; offset: number },
): Promise<{ total: number; rows: MutualAidView[] }> {
  const counted = await listQuery(db, chamberId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await listQuery(db, chamberId, filter)
    .select(VIEW_COLUMNS)
    .orderBy('s.joinedOn', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return { total: Number(counted.n), rows };
}

export async function findMutualAid(db: Q, chamberId: number, id: number): Promise<MutualAidView | undefined> {
  return listQuery(db, chamberId, {}).select(VIEW_COLUMNS).where('s.id', '=', id).executeTakeFirst();
}

/** The id of the subscription with this key, if any. */
export async function findMutualAidByKey(db: Q, chamberId: number, contentKey: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('mutual_aid')
    .select('id')
    .where('chamberId', '=', chamberId)
    .where('contentKey', '=', contentKey)
    .executeTakeFirst();
  return row?.id;
}

/** Every subscription of these businesses. */
export async function subscriptionsOfBusinesses(
  db: Q,
  chamberId: number,
  businessIds: readonly number[],
): Promise<{ id: number; businessId: number; type: string; joinedOn: string; leftOn: string | null }[]> {
  if (businessIds.length === 0) return [];
  return db
    .selectFrom('mutual_aid')
    .select(['id', 'businessId', 'type', 'joinedOn', 'leftOn'])
    .where('chamberId', '=', chamberId)
    .where('businessId', 'in', [...new Set(businessIds)])
    .execute();
}

export type MutualAidValues = Omit<MutualAidTable, 'id' | 'chamberId'>;

export async function insertMutualAid(db: Q, chamberId: number, values: MutualAidValues): Promise<number> {
  const row = await db
    .insertInto('mutual_aid')
    .values({ chamberId, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateMutualAid(db: Q, chamberId: number, id: number, values: MutualAidValues): Promise<void> {
  await db.updateTable('mutual_aid').set(values).where('chamberId', '=', chamberId).where('id', '=', id).execute();
}

export async function deleteMutualAid(db: Q, chamberId: number, id: number): Promise<void> {
  await db.deleteFrom('mutual_aid').where('chamberId', '=', chamberId).where('id', '=', id).execute();
}
