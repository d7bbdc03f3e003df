/** The owners (担当者) of a chamber's KPIs, by KPI code. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function listKpiOwners(db: Kysely<Database>, chamberId: number): Promise<Map<string, string>> {
  const rows = await db.selectFrom('kpi_owners').select(['kpiCode', 'owner']).where('chamberId', '=', chamberId).execute();
  return new Map(rows.map((r) => [r.kpiCode, r.owner]));
}

/** Sets (or, with an empty owner, removes) a KPI's owner; returns the one before. */
export async function setKpiOwner(
  db: Kysely<Database>,
  { chamberId, kpiCode, owner, now, by }: { chamberId: number; kpiCode: string; owner: string; now: string; by: string },
): Promise<string | null> {
  const current = await db
    .selectFrom('kpi_owners')
    .select(['id', 'owner'])
    .where('chamberId', '=', chamberId)
    .where('kpiCode', '=', kpiCode)
    .executeTakeFirst();
  if (owner === '') {
    if (current) await db.deleteFrom('kpi_owners').where('id', '=', current.id).execute();
  } else if (current) {
    await db.updateTable('kpi_owners').set({ owner, updatedAt: now, updatedBy: by }).where('id', '=', current.id).execute();
  } else {
    await db.insertInto('kpi_owners').values({ chamberId, kpiCode, owner, updatedAt: now, updatedBy: by }).execute();
  }
  return current?.owner ?? null;
}
