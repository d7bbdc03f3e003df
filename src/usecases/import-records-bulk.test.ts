/**
 * Large imports: the file read in the reader thread while this one writes, and on SQLite the
 * bulk load (indexes built after the rows, foreign-key checks off, the checkpoint in the
 * background). Whatever the path, the result must be the one a small import gives, and a bad
 * file must leave nothing behind, the indexes and settings included.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { refreshSupportMonthly } from '../db/queries/support-monthly.js';
import { BULK_LOAD_MIN_ROWS } from '../db/queries/write-import.js';
import { DomainError } from '../domain/errors.js';
import { type TestDb, testBackends } from '../test/databases.js';
import { importPlan } from './import-plan.js';
import { importRecords } from './import-records.js';

const NIKAHO = readFileSync(new URL('../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
const SAMPLE = readFileSync(new URL('../test/fixtures/sample-plan.yaml', import.meta.url), 'utf8');
const ROWS = BULK_LOAD_MIN_ROWS + 1500;
/** Several imports of ROWS rows a test; on PostgreSQL about 15k rows/s, with other suites on the same 2 cores. */
const LARGE_IMPORTS_MS = 120_000;
const BUSINESSES = 300;
const KINDS: [string, string][] = [
  ['課題解決', ''],
  ['実行支援', ''],
  ['事業計画策定', '経営革新計画'],
  ['事業計画策定', '事業継続力強化計画'],
  ['補助金申請', '持続化補助金'],
  ['デジタル導入', ''],
];

const encode = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);

function businessesCsv(): Uint8Array {
  const lines = ['事業者コード,事業者名,フリガナ,業種,地区,従業員数,創業日,入会日,退会日'];
  for (let i = 1; i <= BUSINESSES; i++) lines.push(`B${i},事業者${i},ジギョウシャ,製造業,象潟,${i % 20},1990-04-01,2000-04-01,`);
  return encode(lines);
}

/** Rows over FY2021–2025, some without 記録ID (content keys), some of the chamber itself. */
function supportLines(rows: number): string[] {
  const lines = ['記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考'];
  for (let i = 0; i < rows; i++) {
    const [kind, sub] = KINDS[i % KINDS.length] as [string, string];
    const day = new Date(Date.UTC(2021, 3, 1) + ((i * 7919) % 1826) * 86_400_000).toISOString().slice(0, 10);
    const id = i % 10 === 0 ? '' : `S${i}`;
    const business = i % 97 === 0 ? '' : `B${1 + ((i * 31) % BUSINESSES)}`;
    const amount = kind === 'デジタル導入' ? String(i % 500) : '';
    lines.push(`${id},${day},${business},${kind},${sub},${1 + (i % 3)},${amount},経営指導員,${i % 10 === 0 ? `メモ${i}` : ''}`);
  }
  return lines;
}

describe.each(await testBackends())('large support-record imports on $name', (backend) => {
  let db: TestDb;
  const count = async (chamber: string) =>
    Number(
      (
        await db.kysely
          .selectFrom('support_records as r')
          .innerJoin('chambers as c', 'c.id', 'r.chamberId')
          .where('c.code', '=', chamber)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const indexes = async () =>
    backend.name === 'sqlite'
      ? (
          await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'index' and tbl_name = 'support_records' order by name`.execute(db.kysely)
        ).rows.map((r) => r.name)
      : (
          await sql<{
            name: string;
          }>`select indexname as name from pg_indexes where schemaname = current_schema() and tablename = 'support_records' and indexname not like '%_pkey' order by indexname`.execute(
            db.kysely,
          )
        ).rows.map((r) => r.name);
  const settings = async () =>
    db.sqlite
      ? {
          foreignKeys: db.sqlite.pragma('foreign_keys', { simple: true }),
          autocheckpoint: db.sqlite.pragma('wal_autocheckpoint', { simple: true }),
        }
      : {};

  beforeAll(async () => {
    db = await backend.create();
    for (const [source, fileName] of [
      [NIKAHO, 'nikaho.yaml'],
      [SAMPLE, 'sample.yaml'],
    ] as const) {
      await importPlan({ db: db.kysely, source, fileName, now: '2025-01-01T00:00:00Z' });
    }
    for (const chamberCode of ['nikaho', 'sample-cci'])
      await importRecords({ db, chamberCode, kind: 'businesses', bytes: businessesCsv(), fileName: 'b.csv' });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test(
    'a bad row near the end, found while rows are already written: nothing is kept, and the indexes and settings are as before',
    async () => {
      const before = { indexes: await indexes(), settings: await settings() };
      const lines = supportLines(ROWS);
      lines[ROWS - 10] = `X1,2024-13-01,B1,課題解決,,1,,経営指導員,`;
      // A quote inside a cell: the reader thread's fast path gives up partway, and the import
      // starts again, read in this thread.
      const quoted = supportLines(ROWS);
      quoted[ROWS - 20] = `X3,2024-05-01,B1,課題解決,,1,,経営"指導員,`;
      const unknown = supportLines(ROWS);
      unknown[ROWS - 5] = `X2,2024-05-01,NOPE,課題解決,,1,,経営指導員,`;
      for (const [bytes, expected] of [
        [encode(lines), { location: `s.csv ${ROWS - 9}行目 日付`, message: expect.stringContaining('日付') }],
        [encode(unknown), { location: `s.csv ${ROWS - 4}行目 事業者コード`, message: expect.stringContaining('「NOPE」') }],
        [encode(quoted), { location: `s.csv ${ROWS - 19}行目`, message: expect.stringContaining('ダブルクォート') }],
      ] as const) {
        const error = await importRecords({ db, chamberCode: 'nikaho', kind: 'support', bytes, fileName: 's.csv', inWorker: true }).catch(
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).details).toEqual([expected]);
        expect(await count('nikaho')).toBe(0);
        expect({ indexes: await indexes(), settings: await settings() }).toEqual(before);
      }
    },
    LARGE_IMPORTS_MS,
  );

  test(
    'read in the worker or here, bulk or not: the same records, the same summary, and a second import adds nothing',
    async () => {
      const bytes = encode(supportLines(ROWS));
      const progress: number[] = [];
      const first = await importRecords({
        db,
        chamberCode: 'nikaho',
        kind: 'support',
        bytes,
        fileName: 's.csv',
        inWorker: true,
        progress: (done) => progress.push(done),
      });
      expect(first).toMatchObject({ rows: ROWS, added: ROWS, changed: 0, unchanged: 0, encoding: 'UTF-8' });
      expect(progress.at(-1)).toBe(ROWS);
      // The second chamber's import is not a bulk load (the table holds more rows than the file).
      const second = await importRecords({ db, chamberCode: 'sample-cci', kind: 'support', bytes, fileName: 's.csv', inWorker: false });
      expect(second).toMatchObject({ rows: ROWS, added: ROWS });
      expect(await indexes()).toEqual([
        'support_records_business',
        'support_records_chamber_id',
        'support_records_chamber_key',
        'support_records_kind_year',
      ]);
      if (db.sqlite) expect(await settings()).toEqual({ foreignKeys: 1, autocheckpoint: 1000 });

      const contents = async (chamber: string) =>
        db.kysely
          .selectFrom('support_records as r')
          .innerJoin('chambers as c', 'c.id', 'r.chamberId')
          .leftJoin('businesses as b', 'b.id', 'r.businessId')
          .where('c.code', '=', chamber)
          .select([
            'r.contentKey',
            'r.externalId',
            'r.date',
            'r.fiscalYear',
            'b.code',
            'r.kind',
            'r.subKind',
            'r.quantity',
            'r.amount',
            'r.note',
          ])
          .orderBy('r.contentKey')
          .execute();
      const a = await contents('nikaho');
      expect(a).toHaveLength(ROWS);
      expect(await contents('sample-cci')).toEqual(a);

      // The summary written with the rows is the one computed afresh from them.
      const summary = async () =>
        db.kysely
          .selectFrom('support_monthly')
          .select(['chamberId', 'kind', 'subKind', 'month', 'fiscalYear', 'quantity', 'amount'])
          .orderBy('chamberId')
          .orderBy('kind')
          .orderBy('subKind')
          .orderBy('month')
          .execute();
      const written = await summary();
      const chambers = await db.kysely.selectFrom('chambers').select('id').execute();
      for (const c of chambers) await refreshSupportMonthly(db.kysely, c.id, 'all');
      expect(await summary()).toEqual(written);

      const again = await importRecords({ db, chamberCode: 'nikaho', kind: 'support', bytes, fileName: 's.csv', inWorker: true });
      expect(again).toMatchObject({ rows: ROWS, added: 0, changed: 0, unchanged: ROWS });
      expect(await count('nikaho')).toBe(ROWS);
    },
    LARGE_IMPORTS_MS,
  );

  test(
    'a unique index built after a bulk load still refuses a second row with the same key',
    async () => {
      const chamber = await db.kysely.selectFrom('chambers').select('id').where('code', '=', 'nikaho').executeTakeFirstOrThrow();
      const row = await db.kysely
        .selectFrom('support_records')
        .selectAll()
        .where('chamberId', '=', chamber.id)
        .limit(1)
        .executeTakeFirstOrThrow();
      const { id: _, ...copy } = row;
      await expect(db.kysely.insertInto('support_records').values(copy).execute()).rejects.toThrow();
    },
    LARGE_IMPORTS_MS,
  );
});
