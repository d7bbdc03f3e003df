/**
 * Businesses (事業者) as the screens need them: found by part of a name, フリガナ or code and
 * filtered (会員・業種・地区) one page at a time; one business with its membership periods and
 * what refers to it; and the writes. Every multi-row write is the caller's transaction.
 */
import { type Expression, type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { IsoDate } from '../../domain/fiscal-calendar.js';
import type { MembershipPeriod } from '../../domain/records/business.js';
import { searchKey } from '../../domain/records/support-record.js';
import type { BusinessTable, Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export interface BusinessSummary {
  id: number;
  code: string;
  name: string;
  kana: string | null;
  industry: string | null;
  district: string | null;
  /** A member on the given day. */
  member: boolean;
  /** The 入会日 of the period that holds the day; null for a non-member. */
  memberSince: IsoDate | null;
  /** The last 退会日 on or before the day; null when it never left (or is a member again). */
  leftOn: IsoDate | null;
}

/** 会員: a member on the day; 非会員: not (never, or no longer). */
export type MemberFilter = 'all' | 'member' | 'nonMember';
/** match: names that begin with what was typed first, then フリガナ順; memberSince: the newest 入会日 first. */
export type BusinessOrder = 'match' | 'kana' | 'code' | 'memberSince';

export interface BusinessListOptions {
  query: string;
  today: IsoDate;
  member?: MemberFilter | undefined;
  industry?: string | undefined;
  district?: string | undefined;
  order?: BusinessOrder | undefined;
  limit: number;
  offset?: number | undefined;
}

/** `%text%` for LIKE, with the pattern characters in the text taken literally (escape `\`). */
function contains(text: string): string {
  return `%${escapeLike(text)}%`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A column with its spaces (半角 and 全角) removed, lower-cased: compared with searchKey. */
const compact = (column: string) => sql<string>`lower(replace(replace(${sql.ref(column)}, ' ', ''), '　', ''))`;

/** The 入会日 of b's period that holds the day (periods do not overlap: at most one). */
const memberSince = (today: IsoDate) =>
  sql<
    string | null
  >`(select max(m.joined_on) from memberships m where m.business_id = b.id and m.joined_on <= ${today} and (m.left_on is null or m.left_on > ${today}))`;
const lastLeftOn = (today: IsoDate) =>
  sql<string | null>`(select max(m.left_on) from memberships m where m.business_id = b.id and m.left_on <= ${today})`;

function listQuery(db: Q, chamberId: number, o: BusinessListOptions) {
  let q = db.selectFrom('businesses as b').where('b.chamberId', '=', chamberId);
  const asTyped = o.query.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (asTyped !== '') {
    const asKana = searchKey(o.query);
    const like = (column: string, text: string): Expression<SqlBool> => sql<SqlBool>`${compact(column)} like ${contains(text)} escape '\\'`;
    q = q.where((eb) => eb.or([like('b.name', asTyped), like('b.name', asKana), like('b.kana', asKana), like('b.code', asTyped)]));
  }
  if (o.member === 'member') q = q.where(sql<SqlBool>`${memberSince(o.today)} is not null`);
  if (o.member === 'nonMember') q = q.where(sql<SqlBool>`${memberSince(o.today)} is null`);
  if (o.industry !== undefined) q = q.where('b.industry', '=', o.industry);
  if (o.district !== undefined) q = q.where('b.district', '=', o.district);
  return q;
}

/**
 * A page of the businesses whose name, フリガナ or code contains the words typed, in any of
 * ひらがな, カタカナ, 半角カナ, 全角 or 半角, with or without spaces, and the number of them all.
 * The name is compared both as typed and in カタカナ (a name may be written in either); フリガナ
 * is stored in カタカナ.
 */
export async function listBusinesses(
  db: Q,
  chamberId: number,
  o: BusinessListOptions,
): Promise<{ total: number; rows: BusinessSummary[] }> {
  let q = listQuery(db, chamberId, o)
    .select(['b.id', 'b.code', 'b.name', 'b.kana', 'b.industry', 'b.district'])
    .select([memberSince(o.today).as('memberSince'), lastLeftOn(o.today).as('leftOn')]);
  const asTyped = o.query.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const order = o.order ?? 'match';
  if (order === 'match' && asTyped !== '') {
    // Names and フリガナ that begin with what was typed first (スガワラ before カブシキガイシャスガワラ).
    const asKana = searchKey(o.query);
    q = q.orderBy(
      sql`case when ${compact('b.kana')} like ${`${escapeLike(asKana)}%`} escape '\\' or ${compact('b.name')} like ${`${escapeLike(asTyped)}%`} escape '\\' then 0 else 1 end`,
    );
  }
  if (order === 'memberSince')
    q = q.orderBy(sql`case when ${memberSince(o.today)} is null then 1 else 0 end`).orderBy(memberSince(o.today), 'desc');
  if (order === 'code') q = q.orderBy('b.code');
  const rows = await q
    .orderBy(sql`coalesce(b.kana, b.name)`)
    .orderBy('b.code')
    .limit(o.limit)
    .offset(o.offset ?? 0)
    .execute();
  return {
    total: await totalOf(db, chamberId, o, rows.length),
    rows: rows.map((r) => ({
      ...r,
      member: r.memberSince !== null,
      // A member again since: the 退会日 of an earlier period is history, not its state.
      leftOn: r.memberSince !== null ? null : r.leftOn,
    })),
  };
}

/** A page that is not full is the last, and gives the total without counting (most of a picker's searches). */
async function totalOf(db: Q, chamberId: number, o: BusinessListOptions, rowsOnPage: number): Promise<number> {
  const offset = o.offset ?? 0;
  if (rowsOnPage < o.limit && (rowsOnPage > 0 || offset === 0)) return offset + rowsOnPage;
  const counted = await listQuery(db, chamberId, o)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(counted.n);
}

export async function findBusinessById(
  db: Q,
  chamberId: number,
  id: number,
): Promise<{ id: number; code: string; name: string; industry: string | null } | undefined> {
  return db
    .selectFrom('businesses')
    .select(['id', 'code', 'name', 'industry'])
    .where('chamberId', '=', chamberId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findBusinessByCode(db: Q, chamberId: number, code: string): Promise<{ id: number; name: string } | undefined> {
  return db.selectFrom('businesses').select(['id', 'name']).where('chamberId', '=', chamberId).where('code', '=', code).executeTakeFirst();
}

export type BusinessValues = Omit<BusinessTable, 'id' | 'chamberId'>;

export interface BusinessRecord extends BusinessValues {
  id: number;
  /** In order of 入会日. */
  memberships: MembershipPeriod[];
}

/** One business with its periods. */
export async function findBusiness(db: Q, chamberId: number, id: number): Promise<BusinessRecord | undefined> {
  const business = await db
    .selectFrom('businesses')
    .select(['id', 'code', 'name', 'kana', 'industry', 'district', 'employees', 'foundedOn'])
    .where('chamberId', '=', chamberId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!business) return undefined;
  const memberships = await db
    .selectFrom('memberships')
    .select(['joinedOn', 'leftOn'])
    .where('chamberId', '=', chamberId)
    .where('businessId', '=', id)
    .orderBy('joinedOn')
    .execute();
  return { ...business, memberships };
}

/** What refers to a business (each with ON DELETE RESTRICT): it cannot be deleted while any is > 0. */
export interface BusinessReferences {
  supportRecords: number;
  /** Events it took part in. */
  events: number;
  mutualAid: number;
}

export async function countBusinessReferences(db: Q, chamberId: number, id: number): Promise<BusinessReferences> {
  const count = (table: 'support_records' | 'event_participants' | 'mutual_aid') =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('chamberId', '=', chamberId)
      .where('businessId', '=', id)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  const [supportRecords, events, mutualAid] = await Promise.all([
    count('support_records'),
    count('event_participants'),
    count('mutual_aid'),
  ]);
  return { supportRecords, events, mutualAid };
}

/** The 種別, 区分 and years of a business's support records, once each: what its 業種 can change. */
export async function supportRecordKindsOfBusiness(
  db: Q,
  chamberId: number,
  id: number,
): Promise<{ kind: string; subKind: string | null; fiscalYear: number }[]> {
  return db
    .selectFrom('support_records')
    .select(['kind', 'subKind', 'fiscalYear'])
    .distinct()
    .where('chamberId', '=', chamberId)
    .where('businessId', '=', id)
    .execute();
}

/** The 業種 and 地区 in use, with how many businesses have each, most used first: the filters' choices. */
export async function businessFacets(
  db: Q,
  chamberId: number,
): Promise<{ industries: { value: string; count: number }[]; districts: { value: string; count: number }[] }> {
  const facet = async (column: 'industry' | 'district') => {
    const rows = await db
      .selectFrom('businesses')
      .select([column, (eb) => eb.fn.countAll<number>().as('n')])
      .where('chamberId', '=', chamberId)
      .where(column, 'is not', null)
      .groupBy(column)
      .orderBy('n', 'desc')
      .orderBy(column)
      .execute();
    return rows.map((r) => ({ value: String(r[column]), count: Number(r.n) }));
  };
  return { industries: await facet('industry'), districts: await facet('district') };
}

export async function insertBusiness(db: Q, chamberId: number, values: BusinessValues): Promise<number> {
  const row = await db
    .insertInto('businesses')
    .values({ chamberId, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateBusiness(db: Q, chamberId: number, id: number, values: BusinessValues): Promise<void> {
  await db.updateTable('businesses').set(values).where('chamberId', '=', chamberId).where('id', '=', id).execute();
}

/** The business's periods become exactly `periods` (a save sends the whole history). */
export async function replaceMemberships(
  db: Q,
  chamberId: number,
  businessId: number,
  periods: readonly MembershipPeriod[],
): Promise<void> {
  await db.deleteFrom('memberships').where('chamberId', '=', chamberId).where('businessId', '=', businessId).execute();
  if (periods.length === 0) return;
  await db
    .insertInto('memberships')
    .values(periods.map((p) => ({ chamberId, businessId, joinedOn: p.joinedOn, leftOn: p.leftOn })))
    .execute();
}

/** The business and its periods; the caller has made sure nothing else refers to it. */
export async function deleteBusiness(db: Q, chamberId: number, id: number): Promise<void> {
  await db.deleteFrom('memberships').where('chamberId', '=', chamberId).where('businessId', '=', id).execute();
  await db.deleteFrom('businesses').where('chamberId', '=', chamberId).where('id', '=', id).execute();
}
