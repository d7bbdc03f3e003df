/** The chamber's vocabulary of support-record 種別 and their 区分 (record_kinds), in its order. */
import type { Kysely, Transaction } from 'kysely';
import { DEFAULT_RECORD_KINDS, type RecordKind } from '../../domain/records/record-kinds.js';
import type { Database } from '../schema.js';

/** The chamber's kinds; the product's defaults for a chamber that has none stored yet. */
export async function listRecordKinds(db: Kysely<Database> | Transaction<Database>, chamberId: number): Promise<RecordKind[]> {
  const rows = await db.selectFrom('record_kinds').select(['kind', 'subKind']).where('chamberId', '=', chamberId).orderBy('sort').execute();
  if (rows.length === 0) return DEFAULT_RECORD_KINDS.map((k) => ({ ...k, subKinds: [...k.subKinds] }));
  const kinds = new Map<string, string[]>();
  for (const r of rows) {
    const list = kinds.get(r.kind) ?? [];
    if (r.subKind !== '') list.push(r.subKind);
    kinds.set(r.kind, list);
  }
  return [...kinds].map(([kind, subKinds]) => ({ kind, subKinds }));
}
