/**
 * The chamber scope at the level of queries: whatever the query asks for, a scoped handle
 * reads and changes only its chamber's rows, on both databases.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestDb, testBackends } from '../test/databases.js';
import { bulkInserter } from './bulk-insert.js';
import { CrossChamberWrite, scopeToChamber } from './chamber-scope.js';

describe.each(await testBackends())('chamber scope on $name', (backend) => {
  let db: TestDb;
  let a = 0;
  let b = 0;
  beforeAll(async () => {
    db = await backend.create();
    const now = '2024-01-01T00:00:00Z';
    for (const code of ['a', 'b']) await db.kysely.insertInto('chambers').values({ code, name: code, createdAt: now }).execute();
    const ids = await db.kysely.selectFrom('chambers').select(['id', 'code']).orderBy('code').execute();
    a = ids[0]?.id ?? 0;
    b = ids[1]?.id ?? 0;
    for (const [chamberId, code] of [
      [a, 'A1'],
      [a, 'A2'],
      [b, 'B1'],
    ] as const)
      await db.kysely.insertInto('businesses').values({ chamberId, code, name: code }).execute();
    const b1 = await db.kysely.selectFrom('businesses').select('id').where('code', '=', 'B1').executeTakeFirstOrThrow();
    await db.kysely.insertInto('memberships').values({ chamberId: b, businessId: b1.id, joinedOn: '2020-04-01', leftOn: null }).execute();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test('reads: plain, by id, joined, left-joined and in subqueries', async () => {
    const s = scopeToChamber(db.kysely, a);
    expect((await s.selectFrom('businesses').select('code').orderBy('code').execute()).map((r) => r.code)).toEqual(['A1', 'A2']);
    expect(await s.selectFrom('chambers').select('code').execute()).toEqual([{ code: 'a' }]);
    const b1 = await db.kysely.selectFrom('businesses').select('id').where('code', '=', 'B1').executeTakeFirstOrThrow();
    // Another chamber's id, asked for directly: not there.
    expect(await s.selectFrom('businesses').selectAll().where('id', '=', b1.id).execute()).toEqual([]);
    // Joined from a table of its own chamber: B's memberships stay out.
    expect(await s.selectFrom('memberships as m').innerJoin('businesses as x', 'x.id', 'm.businessId').select('x.code').execute()).toEqual(
      [],
    );
    // A left join keeps the rows on its left, and adds none of B's on its right.
    const left = await s
      .selectFrom('businesses as x')
      .leftJoin('memberships as m', (j) => j.onRef('m.businessId', '=', 'x.id').on('m.chamberId', '=', b))
      .select(['x.code', 'm.joinedOn'])
      .orderBy('x.code')
      .execute();
    expect(left).toEqual([
      { code: 'A1', joinedOn: null },
      { code: 'A2', joinedOn: null },
    ]);
    const inSub = await s
      .selectFrom('chambers')
      .select('code')
      .where((eb) => eb.exists(eb.selectFrom('businesses').select('id').where('code', '=', 'B1')))
      .execute();
    expect(inSub).toEqual([]);
  });

  test("writes: another chamber's rows cannot be changed, deleted or written", async () => {
    const s = scopeToChamber(db.kysely, a);
    const b1 = await db.kysely.selectFrom('businesses').select('id').where('code', '=', 'B1').executeTakeFirstOrThrow();
    await s.updateTable('businesses').set({ name: 'taken' }).where('id', '=', b1.id).execute();
    await s.deleteFrom('memberships').where('businessId', '=', b1.id).execute();
    const still = await db.kysely.selectFrom('businesses').select('name').where('id', '=', b1.id).executeTakeFirstOrThrow();
    expect(still.name).toBe('B1');
    expect(await db.kysely.selectFrom('memberships').select('id').execute()).toHaveLength(1);
    await expect(s.insertInto('businesses').values({ chamberId: b, code: 'X', name: 'x' }).execute()).rejects.toBeInstanceOf(
      CrossChamberWrite,
    );
    await expect(
      s
        .insertInto('businesses')
        .values([
          { chamberId: a, code: 'A3', name: 'a' },
          { chamberId: b, code: 'B3', name: 'b' },
        ])
        .execute(),
    ).rejects.toBeInstanceOf(CrossChamberWrite);
    await expect(s.insertInto('chambers').values({ code: 'c', name: 'c', createdAt: 'x' }).execute()).rejects.toBeInstanceOf(
      CrossChamberWrite,
    );
    // The bulk path checks its rows too.
    await expect(
      s
        .transaction()
        .execute(async (trx) => bulkInserter({ ...db, kysely: s }, trx).insert('businesses', [{ chamberId: b, code: 'Y', name: 'y' }])),
    ).rejects.toBeInstanceOf(CrossChamberWrite);
    await s.insertInto('businesses').values({ chamberId: a, code: 'A3', name: 'a' }).execute();
    await s.updateTable('businesses').set({ name: 'renamed' }).where('code', '=', 'A3').execute();
    expect((await db.kysely.selectFrom('businesses').select('name').where('code', '=', 'A3').executeTakeFirstOrThrow()).name).toBe(
      'renamed',
    );
  });
});
