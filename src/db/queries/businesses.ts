/** Businesses (事業者) as the entry screens need them: found by part of a name, フリガナ or code. */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { IsoDate } from '../../domain/fiscal-calendar.js';
import { searchKey } from '../../domain/records/support-record.js';
import type { Database } from '../schema.js';

export interface BusinessSummary {
  id: number;
  code: string;
  name: string;
  kana: string | null;
  industry: string | null;
  district: string | null;
  /** A member on the given day. */
  member: boolean;
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

/**
 * Up to `limit` businesses whose name, フリガナ or code contains the words typed, in any of
 * ひらがな, カタカナ, 半角カナ, 全角 or 半角, with or without spaces. The name is compared both
 * as typed and in カタカナ (a name may be written in either); フリガナ is stored in カタカナ.
 */
export async function searchBusinesses(
  db: Kysely<Database>,
  chamberId: number,
  { query, today, limit }: { query: string; today: IsoDate; limit: number },
): Promise<BusinessSummary[]> {
  const asTyped = query.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const asKana = searchKey(query);
  let q = db
    .selectFrom('businesses as b')
    .where('b.chamberId', '=', chamberId)
    .select(['b.id', 'b.code', 'b.name', 'b.kana', 'b.industry', 'b.district'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('memberships as m')
            .select('m.id')
            .whereRef('m.businessId', '=', 'b.id')
            .where('m.joinedOn', '<=', today)
            .where((w) => w.or([w('m.leftOn', 'is', null), w('m.leftOn', '>', today)])),
        )
        .as('member'),
    );
  if (asTyped !== '') {
    const like = (column: string, text: string): Expression<SqlBool> => sql<SqlBool>`${compact(column)} like ${contains(text)} escape '\\'`;
    q = q.where((eb) => eb.or([like('b.name', asTyped), like('b.name', asKana), like('b.kana', asKana), like('b.code', asTyped)]));
  }
  // Names and フリガナ that begin with what was typed first (スガワラ before カブシキガイシャスガワラ).
  if (asTyped !== '') {
    q = q.orderBy(
      sql`case when ${compact('b.kana')} like ${`${escapeLike(asKana)}%`} escape '\\' or ${compact('b.name')} like ${`${escapeLike(asTyped)}%`} escape '\\' then 0 else 1 end`,
    );
  }
  const rows = await q.orderBy(sql`coalesce(b.kana, b.name)`).orderBy('b.code').limit(limit).execute();
  return rows.map((r) => ({ ...r, member: Boolean(r.member) }));
}

export async function findBusinessById(
  db: Kysely<Database>,
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
