/**
 * Support records (支援記録) one at a time, for the entry screens: the list with its filters,
 * one record, and the writes. Every write here must be followed, in the same transaction, by
 * refreshSupportMonthly for the 種別 and years it touched (the use cases do).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { FiscalYear } from '../../domain/fiscal-calendar.js';
import type { Database, SupportRecordTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export interface SupportRecordView {
  id: number;
  externalId: string | null;
  date: string;
  fiscalYear: number;
  businessId: number | null;
  businessCode: string | null;
  businessName: string | null;
  businessIndustry: string | null;
  kind: string;
  subKind: string | null;
  quantity: number;
  amount: number | null;
  staff: string | null;
  note: string | null;
}

export interface SupportRecordFilter {
  fiscalYear?: FiscalYear | undefined;
  kind?: string | undefined;
  businessId?: number | undefined;
  /** Part of the 事業者名, フリガナ or 事業者コード, or of the 備考 (compared as stored). */
  text?: string | undefined;
}

/** Newest first: by date, or by when it was entered (the last entered on top). */
export type SupportRecordOrder = 'date' | 'entered';

function listQuery(db: Q, chamberId: number, f: SupportRecordFilter) {
  let q = db.selectFrom('support_records as r').leftJoin('businesses as b', 'b.id', 'r.businessId').where('r.chamberId', '=', chamberId);
  if (f.fiscalYear !== undefined) q = q.where('r.fiscalYear', '=', f.fiscalYear);
  if (f.kind !== undefined) q = q.where('r.kind', '=', f.kind);
  if (f.businessId !== undefined) q = q.where('r.businessId', '=', f.businessId);
  if (f.text !== undefined && f.text !== '') {
    const like = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or(
        (['b.name', 'b.kana', 'b.code', 'r.note', 'r.staff'] as const).map(
          (column) => sql<boolean>`${sql.ref(column)} like ${like} escape '\\'`,
        ),
      ),
    );
  }
  return q;
}

const VIEW_COLUMNS = [
  'r.id',
  'r.externalId',
  'r.date',
  'r.fiscalYear',
  'r.businessId',
  'b.code as businessCode',
  'b.name as businessName',
  'b.industry as businessIndustry',
  'r.kind',
  'r.subKind',
  'r.quantity',
  'r.amount',
  'r.staff',
  'r.note',
] as const;

export async function listSupportRecords(
  db: Q,
  chamberId: number,
  filter: SupportRecordFilter,
  { order, limit, offset }: { order: SupportRecordOrder; limit: number; offset: number },
): Promise<{ total: number; rows: SupportRecordView[] }> {
  const counted = await listQuery(db, chamberId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  let q = listQuery(db, chamberId, filter).select(VIEW_COLUMNS);
  q = order === 'entered' ? q.orderBy('r.id', 'desc') : q.orderBy('r.date', 'desc').orderBy('r.id', 'desc');
  const rows = await q.limit(limit).offset(offset).execute();
  return { total: Number(counted.n), rows };
}

export async function findSupportRecord(db: Q, chamberId: number, id: number): Promise<SupportRecordView | undefined> {
  return listQuery(db, chamberId, {}).select(VIEW_COLUMNS).where('r.id', '=', id).executeTakeFirst();
}

export type SupportRecordValues = Omit<SupportRecordTable, 'id' | 'chamberId' | 'contentKey'>;

export async function insertSupportRecord(db: Q, chamberId: number, contentKey: string, values: SupportRecordValues): Promise<number> {
  const row = await db
    .insertInto('support_records')
    .values({ chamberId, contentKey, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSupportRecord(db: Q, chamberId: number, id: number, values: SupportRecordValues): Promise<void> {
  await db.updateTable('support_records').set(values).where('chamberId', '=', chamberId).where('id', '=', id).execute();
}

export async function deleteSupportRecord(db: Q, chamberId: number, id: number): Promise<void> {
  await db.deleteFrom('support_records').where('chamberId', '=', chamberId).where('id', '=', id).execute();
}
