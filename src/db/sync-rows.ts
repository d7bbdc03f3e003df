/**
 * Brings the rows of one table, within one scope (a plan), to a desired list, matching
 * rows by a natural key: inserts what is new, updates what differs, and reports what is
 * gone (the caller deletes those once every table is synced, children first, so that a
 * row moving to a new parent is not cascaded away with the old one). Rows that are equal
 * are not touched: importing the same file twice writes nothing.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Value = string | number | null;
type Row = Record<string, Value>;
/** The sync works on any table by name; its rows are plain column maps. */
type AnyTables = Record<string, Record<string, Value>>;

export interface SyncResult {
  /** id of every desired row, by key. */
  ids: Map<string, number>;
  inserted: string[];
  updated: string[];
  stale: { key: string; id: number }[];
}

export async function syncRows(
  trx: Transaction<Database> | Kysely<Database>,
  table: keyof Database,
  scope: Row,
  key: readonly string[],
  desired: readonly Row[],
): Promise<SyncResult> {
  const db = trx as unknown as Kysely<AnyTables>;
  let query = db.selectFrom(table).selectAll();
  for (const [col, value] of Object.entries(scope)) query = query.where(col, '=', value);
  const existing = (await query.execute()) as (Row & { id: number })[];
  const keyOf = (row: Row) => JSON.stringify(key.map((k) => row[k] ?? null));
  const byKey = new Map(existing.map((row) => [keyOf(row), row]));
  const result: SyncResult = { ids: new Map(), inserted: [], updated: [], stale: [] };

  for (const row of desired) {
    const full = { ...row, ...scope };
    const k = keyOf(full);
    const current = byKey.get(k);
    if (!current) {
      const inserted = (await db.insertInto(table).values(full).returning('id').executeTakeFirstOrThrow()) as { id: number };
      result.ids.set(k, inserted.id);
      result.inserted.push(k);
      continue;
    }
    byKey.delete(k);
    result.ids.set(k, current.id);
    const changed = Object.entries(full).filter(([col, value]) => !sameValue(current[col] ?? null, value));
    if (changed.length > 0) {
      await db.updateTable(table).set(Object.fromEntries(changed)).where('id', '=', current.id).execute();
      result.updated.push(k);
    }
  }
  for (const [k, row] of byKey) result.stale.push({ key: k, id: row.id });
  return result;
}

function sameValue(a: Value, b: Value): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  return a === b;
}

export async function deleteRows(
  trx: Transaction<Database> | Kysely<Database>,
  table: keyof Database,
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return;
  const db = trx as unknown as Kysely<AnyTables>;
  await db
    .deleteFrom(table)
    .where('id', 'in', [...ids])
    .execute();
}
