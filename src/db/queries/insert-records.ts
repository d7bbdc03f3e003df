/**
 * Bulk inserts of generated records (the demo) for one chamber, in the caller's transaction,
 * through the bulk path (src/db/bulk-insert.ts). Business codes are resolved to ids; dated
 * rows get the fiscal year the domain computes.
 */
import type { Transaction } from 'kysely';
import type { DemoData } from '../../demo/generate-demo.js';
import { fiscalYearOf } from '../../domain/fiscal-calendar.js';
import { recordKindRows } from '../../domain/records/record-kinds.js';
import type { BulkInserter } from '../bulk-insert.js';
import type { Database } from '../schema.js';
import { refreshSupportMonthly } from './support-monthly.js';

/** Copies the default vocabulary of kinds to a chamber that has none yet. */
export async function ensureRecordKinds(trx: Transaction<Database>, bulk: BulkInserter, chamberId: number): Promise<void> {
  const any = await trx.selectFrom('record_kinds').select('id').where('chamberId', '=', chamberId).limit(1).executeTakeFirst();
  if (!any)
    await bulk.insert(
      'record_kinds',
      recordKindRows().map((k) => ({ chamberId, ...k })),
    );
}

export async function insertRecords(trx: Transaction<Database>, bulk: BulkInserter, chamberId: number, data: DemoData): Promise<void> {
  await bulk.insert(
    'businesses',
    data.businesses.map(({ memberships: _m, ...b }) => ({ chamberId, ...b })),
  );
  const ids = new Map(
    (await trx.selectFrom('businesses').select(['id', 'code']).where('chamberId', '=', chamberId).execute()).map((b) => [b.code, b.id]),
  );
  const idOf = (code: string): number => {
    const id = ids.get(code);
    if (id === undefined) throw new Error(`internal: unknown business ${code}`);
    return id;
  };
  await bulk.insert(
    'memberships',
    data.businesses.flatMap((b) =>
      b.memberships.map((m) => ({ chamberId, businessId: idOf(b.code), joinedOn: m.joinedOn, leftOn: m.leftOn })),
    ),
  );
  await bulk.insert(
    'statistics',
    data.statistics.map((s) => ({ chamberId, ...s })),
  );
  await bulk.insert(
    'finances',
    data.finances.map((f) => ({ chamberId, ...f })),
  );
  await bulk.insert(
    'support_records',
    data.support.map(({ businessCode, externalId, ...s }) => ({
      chamberId,
      contentKey: `id:${externalId}`,
      externalId,
      fiscalYear: fiscalYearOf(s.date),
      businessId: businessCode === null ? null : idOf(businessCode),
      ...s,
    })),
  );
  await bulk.insert(
    'events',
    data.events.map(({ participantCodes: _p, ...e }) => ({ chamberId, fiscalYear: fiscalYearOf(e.date), ...e })),
  );
  await refreshSupportMonthly(trx, chamberId, 'all');
  const eventIds = new Map(
    (await trx.selectFrom('events').select(['id', 'externalId']).where('chamberId', '=', chamberId).execute()).map((e) => [
      e.externalId,
      e.id,
    ]),
  );
  await bulk.insert(
    'event_participants',
    data.events.flatMap((e) =>
      e.participantCodes.map((code) => ({ chamberId, eventId: eventIds.get(e.externalId) ?? -1, businessId: idOf(code) })),
    ),
  );
  await bulk.insert(
    'mutual_aid',
    data.mutualAid.map(({ businessCode, ...m }) => ({ chamberId, contentKey: `id:${m.externalId}`, businessId: idOf(businessCode), ...m })),
  );
}
