/** Chambers (tenants) and their plans, looked up by code. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export function listChambers(db: Kysely<Database>) {
  return db.selectFrom('chambers').select(['id', 'code', 'name']).orderBy('code').execute();
}

export function findChamberByCode(db: Kysely<Database>, code: string) {
  return db.selectFrom('chambers').select(['id', 'code', 'name']).where('code', '=', code).executeTakeFirst();
}

export function listPlans(db: Kysely<Database>, chamberId: number) {
  return db
    .selectFrom('plans')
    .select(['id', 'code', 'title', 'firstYear', 'lastYear', 'baselineYear', 'importedAt'])
    .where('chamberId', '=', chamberId)
    .orderBy('firstYear', 'desc')
    .execute();
}
