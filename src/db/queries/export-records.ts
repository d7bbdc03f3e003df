/**
 * A chamber's records as import rows, batch after batch, for the CSV export: what the import
 * would need to write the same rows again (事業者コード instead of ids).
 *
 * Batches follow the id (keyset: `id > last`), so that a million 支援記録 are read a few
 * thousand at a time through the primary key, each batch one short query, and never held
 * together. Rows come in the order they were written (the order of the files imported).
 * Each batch is its own query, not one transaction: on SQLite a transaction would hold the one
 * connection for the whole download. An import running meanwhile may or may not be in the file.
 */
import type { Kysely } from 'kysely';
import type { ExportFilter } from '../../domain/import/export-csv.js';
import {
  type BusinessRow,
  type EventRow,
  type FinanceRow,
  type ImportKind,
  type ImportRowByKind,
  MUTUAL_AID_TYPES,
  type MutualAidRow,
  type MutualAidType,
  type StatisticRow,
  type SupportRecordRow,
} from '../../domain/import/kinds.js';
import type { Database } from '../schema.js';

export const EXPORT_BATCH_SIZE = 5000;

type Batches<Row> = AsyncGenerator<Row[], void, undefined>;

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** The rows of one kind, in batches of at most `batchSize`. */
export function exportBatches<K extends ImportKind>(
  db: Kysely<Database>,
  chamberId: number,
  kind: K,
  filter: ExportFilter = {},
  batchSize = EXPORT_BATCH_SIZE,
): Batches<ImportRowByKind[K]> {
  const batches: { [Kind in ImportKind]: () => Batches<ImportRowByKind[Kind]> } = {
    businesses: () => businessBatches(db, chamberId, batchSize),
    statistics: () => statisticBatches(db, chamberId, filter),
    support: () => supportBatches(db, chamberId, filter, batchSize),
    events: () => eventBatches(db, chamberId, filter, batchSize),
    finances: () => financeBatches(db, chamberId, filter),
    mutualAid: () => mutualAidBatches(db, chamberId, batchSize),
  };
  return batches[kind]();
}

/** One row per membership period; a business that never was a member, one row without 入会日. */
async function* businessBatches(db: Kysely<Database>, chamberId: number, batchSize: number): Batches<BusinessRow> {
  for (let after = 0; ; ) {
    const businesses = await db
      .selectFrom('businesses')
      .select(['id', 'code', 'name', 'kana', 'industry', 'district', 'employees', 'foundedOn'])
      .where('chamberId', '=', chamberId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    const last = businesses.at(-1);
    if (!last) return;
    // The batch's businesses are exactly this chamber's with ids in (after, last.id].
    const periods = await db
      .selectFrom('memberships')
      .select(['businessId', 'joinedOn', 'leftOn'])
      .where('chamberId', '=', chamberId)
      .where('businessId', '>', after)
      .where('businessId', '<=', last.id)
      .orderBy('businessId')
      .orderBy('joinedOn')
      .execute();
    after = last.id;
    const periodsOf = new Map<number, { joinedOn: string; leftOn: string | null }[]>();
    for (const p of periods) {
      const list = periodsOf.get(p.businessId);
      if (list) list.push(p);
      else periodsOf.set(p.businessId, [p]);
    }
    const rows: BusinessRow[] = [];
    for (const b of businesses) {
      const base: BusinessRow = {
        code: b.code,
        name: b.name,
        kana: opt(b.kana),
        industry: opt(b.industry),
        district: opt(b.district),
        employees: opt(b.employees),
        foundedOn: opt(b.foundedOn),
      };
      const list = periodsOf.get(b.id);
      if (!list) rows.push(base);
      else for (const p of list) rows.push({ ...base, joinedOn: p.joinedOn, leftOn: opt(p.leftOn) });
    }
    yield rows;
  }
}

/** 統計値 are a few per year: one batch. */
async function* statisticBatches(db: Kysely<Database>, chamberId: number, filter: ExportFilter): Batches<StatisticRow> {
  let query = db.selectFrom('statistics').select(['fiscalYear', 'item', 'value']).where('chamberId', '=', chamberId);
  if (filter.fiscalYear !== undefined) query = query.where('fiscalYear', '=', filter.fiscalYear);
  const rows = await query.orderBy('fiscalYear').orderBy('item').execute();
  if (rows.length > 0) yield rows;
}

async function* supportBatches(
  db: Kysely<Database>,
  chamberId: number,
  filter: ExportFilter,
  batchSize: number,
): Batches<SupportRecordRow> {
  for (let after = 0; ; ) {
    let query = db
      .selectFrom('support_records as s')
      .leftJoin('businesses as b', 'b.id', 's.businessId')
      .select(['s.id', 's.externalId', 's.date', 'b.code', 's.kind', 's.subKind', 's.quantity', 's.amount', 's.staff', 's.note'])
      .where('s.chamberId', '=', chamberId)
      .where('s.id', '>', after);
    if (filter.fiscalYear !== undefined) query = query.where('s.fiscalYear', '=', filter.fiscalYear);
    if (filter.from !== undefined) query = query.where('s.date', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('s.date', '<=', filter.to);
    if (filter.recordKind !== undefined) query = query.where('s.kind', '=', filter.recordKind);
    const records = await query.orderBy('s.id').limit(batchSize).execute();
    const last = records.at(-1);
    if (!last) return;
    after = last.id;
    yield records.map(
      (r): SupportRecordRow => ({
        externalId: opt(r.externalId),
        date: r.date,
        businessCode: opt(r.code),
        kind: r.kind,
        subKind: opt(r.subKind),
        quantity: r.quantity,
        amount: opt(r.amount),
        staff: opt(r.staff),
        note: opt(r.note),
      }),
    );
  }
}

async function* eventBatches(db: Kysely<Database>, chamberId: number, filter: ExportFilter, batchSize: number): Batches<EventRow> {
  for (let after = 0; ; ) {
    let query = db
      .selectFrom('events')
      .select(['id', 'externalId', 'date', 'name', 'category', 'visitors'])
      .where('chamberId', '=', chamberId)
      .where('id', '>', after);
    if (filter.fiscalYear !== undefined) query = query.where('fiscalYear', '=', filter.fiscalYear);
    if (filter.from !== undefined) query = query.where('date', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('date', '<=', filter.to);
    const events = await query.orderBy('id').limit(batchSize).execute();
    const last = events.at(-1);
    if (!last) return;
    // Participants of the events with ids in (after, last.id], in the order they were added.
    const participants = await db
      .selectFrom('event_participants as p')
      .innerJoin('businesses as b', 'b.id', 'p.businessId')
      .select(['p.eventId', 'b.code'])
      .where('p.chamberId', '=', chamberId)
      .where('p.eventId', '>', after)
      .where('p.eventId', '<=', last.id)
      .orderBy('p.id')
      .execute();
    after = last.id;
    const codesOf = new Map<number, string[]>();
    for (const p of participants) {
      const list = codesOf.get(p.eventId);
      if (list) list.push(p.code);
      else codesOf.set(p.eventId, [p.code]);
    }
    yield events.map(
      (e): EventRow => ({
        externalId: e.externalId,
        date: e.date,
        name: e.name,
        category: opt(e.category),
        visitors: e.visitors,
        participantCodes: codesOf.get(e.id) ?? [],
      }),
    );
  }
}

/** finances.item of each column of the 財務 file (write-import.ts writes these three). */
const FINANCE_FIELDS: Readonly<Record<string, 'membershipFees' | 'fees' | 'recurringIncome'>> = {
  会費: 'membershipFees',
  手数料: 'fees',
  経常収入: 'recurringIncome',
};

/** One row per year, its items as columns; one batch. */
async function* financeBatches(db: Kysely<Database>, chamberId: number, filter: ExportFilter): Batches<FinanceRow> {
  let query = db
    .selectFrom('finances')
    .select(['fiscalYear', 'item', 'amount'])
    .where('chamberId', '=', chamberId)
    .where('item', 'in', Object.keys(FINANCE_FIELDS));
  if (filter.fiscalYear !== undefined) query = query.where('fiscalYear', '=', filter.fiscalYear);
  const figures = await query.orderBy('fiscalYear').execute();
  const years = new Map<number, FinanceRow>();
  for (const f of figures) {
    const field = FINANCE_FIELDS[f.item];
    if (field === undefined) continue;
    let row = years.get(f.fiscalYear);
    if (!row) {
      row = { fiscalYear: f.fiscalYear, membershipFees: undefined, fees: undefined, recurringIncome: undefined };
      years.set(f.fiscalYear, row);
    }
    row[field] = f.amount;
  }
  if (years.size > 0) yield [...years.values()];
}

const isMutualAidType = (type: string): type is MutualAidType => (MUTUAL_AID_TYPES as readonly string[]).includes(type);

async function* mutualAidBatches(db: Kysely<Database>, chamberId: number, batchSize: number): Batches<MutualAidRow> {
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom('mutual_aid as m')
      .innerJoin('businesses as b', 'b.id', 'm.businessId')
      .select(['m.id', 'b.code', 'm.type', 'm.joinedOn', 'm.leftOn', 'm.externalId'])
      .where('m.chamberId', '=', chamberId)
      .where('m.id', '>', after)
      .orderBy('m.id')
      .limit(batchSize)
      .execute();
    const last = rows.at(-1);
    if (!last) return;
    after = last.id;
    yield rows.map((m): MutualAidRow => {
      if (!isMutualAidType(m.type)) throw new Error(`internal: mutual_aid ${m.id} has the type ${m.type}`);
      return { businessCode: m.code, type: m.type, joinedOn: m.joinedOn, leftOn: opt(m.leftOn), externalId: opt(m.externalId) };
    });
  }
}
