import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccount, signInTo } from '../../test/accounts.js';
import { type TestDb, testBackends } from '../../test/databases.js';
import { importPlan } from '../../usecases/import-plan.js';
import { buildServer } from '../server.js';

const NIKAHO = readFileSync(new URL('../../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
const clock = { today: () => '2024-06-01', now: () => '2024-06-01T09:00:00.000Z' };

describe.each(await testBackends())('import jobs on $name', (backend) => {
  let db: TestDb;
  let app: FastifyInstance;
  let staff: Record<string, string>;
  let other: Record<string, string>;
  const start = (kind: string, csv: Uint8Array | string, query = '') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/chambers/nikaho/import-jobs/${kind}${query}`,
      headers: { ...staff, 'content-type': 'text/csv' },
      payload: typeof csv === 'string' ? csv : Buffer.from(csv),
    });
  const settle = async (id: string, headers = staff) => {
    for (;;) {
      const res = await app.inject({ url: `/api/v1/chambers/nikaho/import-jobs/${id}`, headers });
      if (res.statusCode !== 200 || res.json().state !== 'running') return res;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'plans/nikaho-2022.yaml', now: clock.now() });
    app = await buildServer({ db, clock });
    await createAccount(db.kysely, { login: 'staff', roles: { nikaho: 'staff' } });
    await createAccount(db.kysely, { login: 'other', roles: { nikaho: 'staff' } });
    ({ headers: staff } = await signInTo(app, 'staff'));
    ({ headers: other } = await signInTo(app, 'other'));
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  test('a Shift_JIS file: tried first (nothing written), then imported; progress and result come from the job', async () => {
    const csv = iconv.encode('事業者コード,事業者名,フリガナ\r\nA001,㈱髙橋製作所,ﾀｶﾊｼ\r\nA002,さとう食堂,さとう\r\n', 'cp932');
    const tried = await start('businesses', csv, '?dryRun=true&fileName=%E4%BA%8B%E6%A5%AD%E8%80%85.csv');
    expect(tried.statusCode).toBe(202);
    const dry = await settle(tried.json().id);
    expect(dry.json()).toMatchObject({ state: 'done', dryRun: true, fileName: '事業者.csv', result: { added: 2, encoding: 'Shift_JIS' } });
    expect(await db.kysely.selectFrom('businesses').select('id').execute()).toHaveLength(0);
    const done = await settle((await start('事業者', csv)).json().id);
    expect(done.json()).toMatchObject({ state: 'done', done: 2, total: 2, result: { added: 2, dryRun: false } });
    expect(await db.kysely.selectFrom('businesses').select('kana').orderBy('code').execute()).toEqual([
      { kana: 'タカハシ' },
      { kana: 'サトウ' },
    ]);
    // A changed row is previewed as it is and as the file has it.
    const changed = await settle((await start('businesses', '事業者コード,事業者名\nA002,佐藤食堂\n', '?dryRun=true')).json().id);
    expect(changed.json().result).toMatchObject({
      changed: 1,
      changes: [{ table: 'businesses', before: { name: 'さとう食堂' }, after: { name: '佐藤食堂' } }],
    });
  });

  test('a bad file fails with every problem by line and column, and writes nothing', async () => {
    const res = await settle((await start('statistics', '年度,項目,値\nR6,商工業者数,千\nことし,商工業者数,1\n')).json().id);
    expect(res.json()).toMatchObject({ state: 'failed', result: null, error: { code: 'IMPORT_INVALID' } });
    expect(res.json().error.details.map((d: { location: string }) => d.location)).toEqual([
      'statistics.csv 2行目 値',
      'statistics.csv 3行目 年度',
    ]);
    expect(await db.kysely.selectFrom('statistics').select('id').execute()).toHaveLength(0);
  });

  test("a job is its starter's: another account, or another chamber, does not find it", async () => {
    const id = (await start('statistics', '年度,項目,値\nR6,商工業者数,1000\n')).json().id;
    await settle(id);
    expect((await app.inject({ url: `/api/v1/chambers/nikaho/import-jobs/${id}`, headers: other })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/v1/chambers/akita/import-jobs/${id}`, headers: staff })).statusCode).toBe(404);
  });

  test('the kinds and their columns, for the import page', async () => {
    const res = await app.inject({ url: '/api/v1/import-kinds', headers: staff });
    expect(res.json().kinds.map((k: { name: string }) => k.name)).toEqual(['事業者', '統計値', '支援記録', 'イベント', '財務', '共済']);
    expect(res.json().kinds[0].columns[0]).toMatchObject({ header: '事業者コード', required: true });
  });
});
