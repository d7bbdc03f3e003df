/**
 * Writes parsed import rows for one chamber, inside the caller's transaction, so that an
 * import is all or nothing. Every kind is idempotent: importing the same file again adds
 * and changes nothing.
 *
 * - 事業者: by 事業者コード; a row with 入会日 is a membership period (by 入会日).
 * - 統計値 / 財務: by 年度 and 項目.
 * - 支援記録: by 記録ID when given, else by content (the same row twice in a file is two
 *   records: the n-th occurrence of a content is its own key).
 * - イベント: by イベントID; the participants are replaced by the file's list.
 * - 共済: by 証券番号 when given, else by 事業者・種類・加入日.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { fiscalYearOf } from '../../domain/fiscal-calendar.js';
import type {
  BusinessRow,
  EventRow,
  FinanceRow,
  ImportKind,
  ImportRowByKind,
  MutualAidRow,
  StatisticRow,
  SupportRecordRow,
} from '../../domain/import/kinds.js';
import { mutualAidContentKey } from '../../domain/records/mutual-aid.js';
import { type BulkInserter, inChunks } from '../bulk-insert.js';
import type { Database } from '../schema.js';
import { refreshSupportMonthly, TouchedKinds } from './support-monthly.js';

export interface WriteCounts {
  added: number;
  changed: number;
  unchanged: number;
}

/** A row an import changed, for the audit trail: the fields that differ, before and after. */
export interface RowChange {
  table: string;
  id: number;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** At most this many changed rows are kept for the audit trail of one import (the counts are always whole). */
export const MAX_AUDITED_CHANGES = 1000;

/** The rows an import changed, collected as the writers go. */
export class ChangeLog {
  readonly changes: RowChange[] = [];
  dropped = 0;

  add(table: string, id: number, current: Record<string, unknown>, after: Record<string, unknown>): void {
    if (this.changes.length >= MAX_AUDITED_CHANGES) {
      this.dropped++;
      return;
    }
    const before = Object.fromEntries(Object.keys(after).map((k) => [k, current[k] ?? null]));
    this.changes.push({ table, id, before, after });
  }
}

export type Progress = (done: number, total: number) => void;

const nul = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function differs<T extends Record<string, unknown>>(current: T, next: Partial<T>): Partial<T> | null {
  const changes: Partial<T> = {};
  for (const [k, v] of Object.entries(next) as [keyof T, T[keyof T]][]) {
    if ((current[k] ?? null) !== (v ?? null)) changes[k] = v;
  }
  return Object.keys(changes).length > 0 ? changes : null;
}

export async function businessIdsByCode(
  trx: Transaction<Database>,
  chamberId: number,
  codes: readonly string[],
): Promise<Map<string, number>> {
  const rows = await inChunks([...new Set(codes)], (chunk) =>
    trx.selectFrom('businesses').select(['id', 'code']).where('chamberId', '=', chamberId).where('code', 'in', chunk).execute(),
  );
  return new Map(rows.map((r) => [r.code, r.id]));
}

async function writeBusinesses(
  trx: Transaction<Database>,
  bulk: BulkInserter,
  chamberId: number,
  rows: readonly BusinessRow[],
  log: ChangeLog,
): Promise<WriteCounts> {
  const counts: WriteCounts = { added: 0, changed: 0, unchanged: 0 };
  // The last row of a code carries its current attributes; every row may add a period.
  const latest = new Map(rows.map((r) => [r.code, r]));
  const existing = new Map(
    (
      await inChunks([...latest.keys()], (chunk) =>
        trx.selectFrom('businesses').selectAll().where('chamberId', '=', chamberId).where('code', 'in', chunk).execute(),
      )
    ).map((b) => [b.code, b]),
  );
  const inserts = [];
  for (const [code, r] of latest) {
    const fields = {
      name: r.name,
      kana: nul(r.kana),
      industry: nul(r.industry),
      district: nul(r.district),
      employees: nul(r.employees),
      foundedOn: nul(r.foundedOn),
    };
    const current = existing.get(code);
    if (!current) {
      inserts.push({ chamberId, code, ...fields });
      continue;
    }
    const changes = differs(current, fields);
    if (changes) {
      await trx.updateTable('businesses').set(changes).where('id', '=', current.id).execute();
      log.add('businesses', current.id, current, changes);
      counts.changed++;
    } else counts.unchanged++;
  }
  await bulk.insert('businesses', inserts);
  counts.added = inserts.length;

  const periods = rows.filter((r): r is BusinessRow & { joinedOn: string } => r.joinedOn !== undefined);
  if (periods.length === 0) return counts;
  const ids = await businessIdsByCode(
    trx,
    chamberId,
    periods.map((p) => p.code),
  );
  const current = await inChunks([...new Set(ids.values())], (chunk) =>
    trx.selectFrom('memberships').selectAll().where('chamberId', '=', chamberId).where('businessId', 'in', chunk).execute(),
  );
  const byKey = new Map<string, { id: number | null; leftOn: string | null }>(current.map((m) => [`${m.businessId}/${m.joinedOn}`, m]));
  const newPeriods = [];
  for (const p of periods) {
    const businessId = ids.get(p.code) ?? -1;
    const key = `${businessId}/${p.joinedOn}`;
    const m = byKey.get(key);
    if (!m) {
      newPeriods.push({ chamberId, businessId, joinedOn: p.joinedOn, leftOn: nul(p.leftOn) });
      byKey.set(key, { id: null, leftOn: nul(p.leftOn) });
    } else if (m.id !== null && (m.leftOn ?? null) !== nul(p.leftOn)) {
      await trx
        .updateTable('memberships')
        .set({ leftOn: nul(p.leftOn) })
        .where('id', '=', m.id)
        .execute();
    }
  }
  await bulk.insert('memberships', newPeriods);
  return counts;
}

async function writeFigures(
  trx: Transaction<Database>,
  chamberId: number,
  table: 'statistics' | 'finances',
  figures: readonly { fiscalYear: number; item: string; value: number }[],
  log: ChangeLog,
): Promise<WriteCounts> {
  const counts: WriteCounts = { added: 0, changed: 0, unchanged: 0 };
  for (const f of figures) {
    if (table === 'statistics') {
      const current = await trx
        .selectFrom('statistics')
        .select(['id', 'value'])
        .where('chamberId', '=', chamberId)
        .where('fiscalYear', '=', f.fiscalYear)
        .where('item', '=', f.item)
        .executeTakeFirst();
      if (!current)
        await trx
          .insertInto('statistics')
          .values({ chamberId, ...f })
          .execute();
      else if (current.value !== f.value) {
        await trx.updateTable('statistics').set({ value: f.value }).where('id', '=', current.id).execute();
        log.add('statistics', current.id, { ...f, value: current.value }, { ...f });
      }
      counts[!current ? 'added' : current.value !== f.value ? 'changed' : 'unchanged']++;
    } else {
      const current = await trx
        .selectFrom('finances')
        .select(['id', 'amount'])
        .where('chamberId', '=', chamberId)
        .where('fiscalYear', '=', f.fiscalYear)
        .where('item', '=', f.item)
        .executeTakeFirst();
      if (!current)
        await trx.insertInto('finances').values({ chamberId, fiscalYear: f.fiscalYear, item: f.item, amount: f.value }).execute();
      else if (current.amount !== f.value) {
        await trx.updateTable('finances').set({ amount: f.value }).where('id', '=', current.id).execute();
        log.add('finances', current.id, { ...f, value: current.amount }, { ...f });
      }
      counts[!current ? 'added' : current.amount !== f.value ? 'changed' : 'unchanged']++;
    }
  }
  return counts;
}

const FINANCE_ITEMS: readonly [keyof FinanceRow, string][] = [
  ['membershipFees', '会費'],
  ['fees', '手数料'],
  ['recurringIncome', '経常収入'],
];

/**
 * Content keys of support records without 記録ID: what a record says, and which occurrence of
 * it in the file (the same row twice is two records). Fed batch after batch of one file.
 */
function supportKeyer(): (r: SupportRecordRow) => string {
  const seen = new Map<string, number>();
  return (r) => {
    if (r.externalId !== undefined) return `id:${r.externalId}`;
    const content = JSON.stringify([
      r.date,
      r.businessCode ?? null,
      r.kind,
      r.subKind ?? null,
      r.quantity,
      r.amount ?? null,
      r.staff ?? null,
      r.note ?? null,
    ]);
    const n = (seen.get(content) ?? 0) + 1;
    seen.set(content, n);
    return `h:${createHash('sha256').update(content).digest('base64url').slice(0, 22)}#${n}`;
  };
}

const SUPPORT_COLUMNS = [
  'chamberId',
  'contentKey',
  'externalId',
  'date',
  'fiscalYear',
  'businessId',
  'kind',
  'subKind',
  'quantity',
  'amount',
  'staff',
  'note',
] as const;

/** Below this many rows an import keeps the indexes up to date as it goes. */
export const BULK_LOAD_MIN_ROWS = 50_000;

function supportWriter(
  trx: Transaction<Database>,
  bulk: BulkInserter,
  chamberId: number,
  businessIds: ReadonlyMap<string, number>,
  { expectedRows, progress, log = new ChangeLog() }: WriterOptions,
): RowWriter<SupportRecordRow> {
  const counts: WriteCounts = { added: 0, changed: 0, unchanged: 0 };
  const touched = new TouchedKinds();
  const keyOf = supportKeyer();
  let started = false;
  let any = false;
  let rebuildIndexes: (() => Promise<void>) | undefined;
  let done = 0;

  const start = async () => {
    started = true;
    // A chamber's first import of records need not look any key up.
    any =
      (await trx.selectFrom('support_records').select('id').where('chamberId', '=', chamberId).limit(1).executeTakeFirst()) !== undefined;
    if (!any && expectedRows >= BULK_LOAD_MIN_ROWS) {
      const held = await trx
        .selectFrom('support_records')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(held.n) < expectedRows) rebuildIndexes = await bulk.deferIndexes('support_records');
    }
  };

  // Dates repeat (a few thousand days in a million records): each one's year is found once.
  const years = new Map<string, number>();
  const yearOf = (date: string): number => {
    let year = years.get(date);
    if (year === undefined) {
      year = fiscalYearOf(date);
      years.set(date, year);
    }
    return year;
  };

  const writeStep = async (rows: readonly SupportRecordRow[]) => {
    const keys = rows.map(keyOf);
    const existing = new Map(
      any
        ? (
            await inChunks(keys, (chunk) =>
              trx.selectFrom('support_records').selectAll().where('chamberId', '=', chamberId).where('contentKey', 'in', chunk).execute(),
            )
          ).map((r) => [r.contentKey, r])
        : [],
    );
    const inserts: unknown[][] = [];
    let lastKind = '';
    let lastYear = 0;
    for (let j = 0; j < rows.length; j++) {
      const r = rows[j] as SupportRecordRow;
      const contentKey = keys[j] as string;
      const fiscalYear = yearOf(r.date);
      const businessId = r.businessCode === undefined ? null : (businessIds.get(r.businessCode) ?? null);
      const current = existing.get(contentKey);
      if (!current) {
        // In the order of SUPPORT_COLUMNS.
        inserts.push([
          chamberId,
          contentKey,
          nul(r.externalId),
          r.date,
          fiscalYear,
          businessId,
          r.kind,
          nul(r.subKind),
          r.quantity,
          nul(r.amount),
          nul(r.staff),
          nul(r.note),
        ]);
        if (r.kind !== lastKind || fiscalYear !== lastYear) touched.add(r.kind, fiscalYear);
        lastKind = r.kind;
        lastYear = fiscalYear;
        continue;
      }
      const fields = {
        externalId: nul(r.externalId),
        date: r.date,
        fiscalYear,
        businessId,
        kind: r.kind,
        subKind: nul(r.subKind),
        quantity: r.quantity,
        amount: nul(r.amount),
        staff: nul(r.staff),
        note: nul(r.note),
      };
      const changes = differs(current, fields);
      if (changes) {
        await trx.updateTable('support_records').set(changes).where('id', '=', current.id).execute();
        log.add('support_records', current.id, current, changes);
        touched.add(current.kind, current.fiscalYear).add(r.kind, fiscalYear);
        counts.changed++;
      } else counts.unchanged++;
    }
    await bulk.insertValues('support_records', SUPPORT_COLUMNS, inserts);
    counts.added += inserts.length;
  };

  const STEP = 5000;
  return {
    write: async (rows) => {
      if (!started) await start();
      if (rows.length === 0) return;
      for (let i = 0; i < rows.length; i += STEP) await writeStep(rows.slice(i, i + STEP));
      done += rows.length;
      progress?.(done, Math.max(done, expectedRows));
    },
    finish: async () => {
      if (!started) await start();
      await rebuildIndexes?.();
      await refreshSupportMonthly(trx, chamberId, touched);
      return counts;
    },
  };
}

async function writeEvents(
  trx: Transaction<Database>,
  chamberId: number,
  rows: readonly EventRow[],
  businessIds: ReadonlyMap<string, number>,
  log: ChangeLog,
): Promise<WriteCounts> {
  const counts: WriteCounts = { added: 0, changed: 0, unchanged: 0 };
  for (const e of rows) {
    const fields = { date: e.date, fiscalYear: fiscalYearOf(e.date), name: e.name, category: nul(e.category), visitors: e.visitors };
    const current = await trx
      .selectFrom('events')
      .selectAll()
      .where('chamberId', '=', chamberId)
      .where('externalId', '=', e.externalId)
      .executeTakeFirst();
    let eventId: number;
    let changed = false;
    if (!current) {
      eventId = (
        await trx
          .insertInto('events')
          .values({ chamberId, externalId: e.externalId, ...fields })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } else {
      eventId = current.id;
      const changes = differs(current, fields);
      if (changes) {
        await trx.updateTable('events').set(changes).where('id', '=', eventId).execute();
        log.add('events', eventId, current, changes);
        changed = true;
      }
    }
    const want = new Set(e.participantCodes.map((c) => businessIds.get(c) ?? -1));
    const have = new Set(
      (await trx.selectFrom('event_participants').select('businessId').where('eventId', '=', eventId).execute()).map((p) => p.businessId),
    );
    const gone = [...have].filter((id) => !want.has(id));
    const added = [...want].filter((id) => !have.has(id));
    if (gone.length) await trx.deleteFrom('event_participants').where('eventId', '=', eventId).where('businessId', 'in', gone).execute();
    if (added.length)
      await trx
        .insertInto('event_participants')
        .values(added.map((businessId) => ({ chamberId, eventId, businessId })))
        .execute();
    if (current && (gone.length || added.length)) {
      changed = true;
      log.add('event_participants', eventId, { businessIds: [...have] }, { businessIds: [...want] });
    }
    counts[!current ? 'added' : changed ? 'changed' : 'unchanged']++;
  }
  return counts;
}

async function writeMutualAid(
  trx: Transaction<Database>,
  bulk: BulkInserter,
  chamberId: number,
  rows: readonly MutualAidRow[],
  businessIds: ReadonlyMap<string, number>,
  log: ChangeLog,
): Promise<WriteCounts> {
  const counts: WriteCounts = { added: 0, changed: 0, unchanged: 0 };
  const keyed = rows.map((s) => ({
    s,
    contentKey: mutualAidContentKey(s),
  }));
  const existing = new Map(
    (
      await inChunks(
        keyed.map((k) => k.contentKey),
        (chunk) => trx.selectFrom('mutual_aid').selectAll().where('chamberId', '=', chamberId).where('contentKey', 'in', chunk).execute(),
      )
    ).map((r) => [r.contentKey, r]),
  );
  const inserts = [];
  for (const { s, contentKey } of keyed) {
    const fields = {
      businessId: businessIds.get(s.businessCode) ?? -1,
      type: s.type,
      joinedOn: s.joinedOn,
      leftOn: nul(s.leftOn),
      externalId: nul(s.externalId),
    };
    const current = existing.get(contentKey);
    if (!current) {
      inserts.push({ chamberId, contentKey, ...fields });
      continue;
    }
    const changes = differs(current, fields);
    if (changes) {
      await trx.updateTable('mutual_aid').set(changes).where('id', '=', current.id).execute();
      log.add('mutual_aid', current.id, current, changes);
      counts.changed++;
    } else counts.unchanged++;
  }
  await bulk.insert('mutual_aid', inserts);
  counts.added = inserts.length;
  return counts;
}

/** The 事業者コード a row of this kind refers to (they must exist before the rows are written). */
const NONE: readonly string[] = [];
export function referencedBusinessCodes<K extends ImportKind>(kind: K, row: ImportRowByKind[K]): readonly string[] {
  switch (kind) {
    case 'support': {
      const code = (row as SupportRecordRow).businessCode;
      return code === undefined ? NONE : [code];
    }
    case 'events':
      return (row as EventRow).participantCodes;
    case 'mutualAid':
      return [(row as MutualAidRow).businessCode];
    default:
      return NONE;
  }
}

/** The first 事業者コード of a row, or undefined: the one of a 支援記録 or 共済, without an array. */
function singleCode<K extends ImportKind>(kind: K, row: ImportRowByKind[K]): string | undefined {
  return kind === 'support'
    ? (row as SupportRecordRow).businessCode
    : kind === 'mutualAid'
      ? (row as MutualAidRow).businessCode
      : undefined;
}

/** Every 事業者コード the rows refer to, once each. */
export function businessCodesOf<K extends ImportKind>(kind: K, rows: readonly { value: ImportRowByKind[K] }[]): Set<string> {
  const codes = new Set<string>();
  if (kind === 'support' || kind === 'mutualAid') {
    for (const r of rows) {
      const code = singleCode(kind, r.value);
      if (code !== undefined) codes.add(code);
    }
  } else for (const r of rows) for (const code of referencedBusinessCodes(kind, r.value)) codes.add(code);
  return codes;
}

export interface WriterOptions {
  /** About how many rows the file holds (its lines), to choose how to write them. */
  expectedRows: number;
  progress?: Progress | undefined;
  /** Where the changed rows are noted for the audit trail. */
  log?: ChangeLog | undefined;
}

/**
 * Takes one file's rows, batch after batch, and writes them inside the caller's transaction.
 * The 事業者コード of every batch must be in `businessIds` before it is written (the caller
 * looks them up, and reports the unknown ones). 支援記録 are written as they come, so that
 * a million rows need not be held; the other kinds are gathered and written at finish.
 */
export interface RowWriter<Row> {
  write(rows: readonly Row[]): Promise<void>;
  finish(): Promise<WriteCounts>;
}

export function importWriter<K extends ImportKind>(
  trx: Transaction<Database>,
  bulk: BulkInserter,
  chamberId: number,
  kind: K,
  businessIds: ReadonlyMap<string, number>,
  options: WriterOptions,
): RowWriter<ImportRowByKind[K]> {
  if (kind === 'support') return supportWriter(trx, bulk, chamberId, businessIds, options) as RowWriter<ImportRowByKind[K]>;
  const gathered: ImportRowByKind[K][] = [];
  return {
    write: async (rows) => {
      for (const row of rows) gathered.push(row);
    },
    finish: async () => {
      const counts = await writeGathered(trx, bulk, chamberId, kind, gathered, businessIds, options.log ?? new ChangeLog());
      options.progress?.(gathered.length, gathered.length);
      return counts;
    },
  };
}

async function writeGathered<K extends ImportKind>(
  trx: Transaction<Database>,
  bulk: BulkInserter,
  chamberId: number,
  kind: K,
  rows: readonly ImportRowByKind[K][],
  businessIds: ReadonlyMap<string, number>,
  log: ChangeLog,
): Promise<WriteCounts> {
  switch (kind) {
    case 'businesses':
      return writeBusinesses(trx, bulk, chamberId, rows as readonly BusinessRow[], log);
    case 'statistics':
      return writeFigures(trx, chamberId, 'statistics', rows as readonly StatisticRow[], log);
    case 'finances':
      return writeFigures(
        trx,
        chamberId,
        'finances',
        (rows as readonly FinanceRow[]).flatMap((f) =>
          FINANCE_ITEMS.flatMap(([field, item]) =>
            f[field] === undefined ? [] : [{ fiscalYear: f.fiscalYear, item, value: Number(f[field]) }],
          ),
        ),
        log,
      );
    case 'events':
      return writeEvents(trx, chamberId, rows as readonly EventRow[], businessIds, log);
    case 'mutualAid':
      return writeMutualAid(trx, bulk, chamberId, rows as readonly MutualAidRow[], businessIds, log);
    default:
      throw new Error(`internal: ${String(kind)} is not gathered`);
  }
}
