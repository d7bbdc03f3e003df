import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHAMBER_TABLES } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { type TestDb, testBackends } from '../test/databases.js';
import { computeKpiActuals } from './compute-kpi-actuals.js';
import { importPlan } from './import-plan.js';
import { importRecords } from './import-records.js';

const NIKAHO = readFileSync(new URL('../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
const TODAY = '2025-06-01';
/** As Japanese Excel writes it: Shift_JIS, CRLF, 全角 digits here and there. */
const sjis = (text: string) => new Uint8Array(iconv.encode(text.replace(/\n/g, '\r\n'), 'CP932'));

const BUSINESSES = sjis(`事業者コード,事業者名,フリガナ,業種,地区,従業員数,創業日,入会日,退会日
B001,佐藤商店,さとうしょうてん,小売業,象潟,３,1980/4/1,H2.4.1,
B002,㈱鳥海精工,ﾁｮｳｶｲｾｲｺｳ,製造業,仁賀保,"1,200",1975-05-01,2000/4/1,R6.4.1
B002,㈱鳥海精工,ﾁｮｳｶｲｾｲｺｳ,製造業,仁賀保,"1,200",1975-05-01,R6.10.1,
B003,髙橋食堂,タカハシショクドウ,飲食業,金浦,2,令和2年5月1日,,
`);

const SUPPORT = sjis(`記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考
,R6.4.1,B001,課題解決,,,,経営指導員 佐藤,資金繰りの相談
,R6.4.1,B001,課題解決,,,,経営指導員 佐藤,資金繰りの相談
,2024/5/10,B002,実行支援,,２,,経営指導員 高橋,
S-9,令和6年6月1日,,施策提案,,,,事務局長,道路整備の要望
,2025/3/31,B003,事業計画策定,事業継続力強化計画,,,経営指導員 小松,
`);

describe.each(await testBackends())('record import on $name', (backend) => {
  let db: TestDb;
  const snapshot = async () => Promise.all(CHAMBER_TABLES.map((t) => db.kysely.selectFrom(t).selectAll().orderBy('id').execute()));
  const kpi = async (code: string, fiscalYear: number) =>
    (await computeKpiActuals({ db: db.kysely, chamberCode: 'nikaho', fiscalYear, today: TODAY }))?.results.find((r) => r.code === code);

  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'plans/nikaho-2022.yaml', now: '2025-01-01T00:00:00Z' });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test('Shift_JIS businesses with membership history', async () => {
    const r = await importRecords({
      db,
      chamberCode: 'nikaho',
      kind: 'businesses',
      bytes: BUSINESSES,
      fileName: 'jigyosha.csv',
    });
    expect(r).toMatchObject({ encoding: 'Shift_JIS', rows: 4, added: 3, changed: 0, unchanged: 0 });
    const b2 = await db.kysely.selectFrom('businesses').selectAll().where('code', '=', 'B002').executeTakeFirstOrThrow();
    expect(b2).toMatchObject({ name: '㈱鳥海精工', kana: 'チョウカイセイコウ', employees: 1200 });
    const periods = await db.kysely
      .selectFrom('memberships')
      .select(['joinedOn', 'leftOn'])
      .where('businessId', '=', b2.id)
      .orderBy('joinedOn')
      .execute();
    expect(periods).toEqual([
      { joinedOn: '2000-04-01', leftOn: '2024-04-01' },
      { joinedOn: '2024-10-01', leftOn: null },
    ]);
    const b1 = await db.kysely.selectFrom('businesses').select(['kana', 'employees']).where('code', '=', 'B001').executeTakeFirstOrThrow();
    expect(b1).toEqual({ kana: 'サトウショウテン', employees: 3 });
  });

  test('support records: a dry run writes nothing, the import counts towards KPIs, and a second import adds nothing', async () => {
    const before = await snapshot();
    const dry = await importRecords({
      db,
      chamberCode: 'nikaho',
      kind: 'support',
      bytes: SUPPORT,
      fileName: 'shien.csv',
      dryRun: true,
    });
    expect(dry).toMatchObject({ dryRun: true, rows: 5, added: 5 });
    expect(await snapshot()).toEqual(before);

    const first = await importRecords({ db, chamberCode: 'nikaho', kind: 'support', bytes: SUPPORT, fileName: 'shien.csv' });
    expect(first).toMatchObject({ added: 5, changed: 0, unchanged: 0 });
    // The same consultation twice on one day is two records; 実行支援 ×2 件.
    expect(await kpi('5-1', 2024)).toMatchObject({ actual: 4, source: 'derived' });
    expect(await kpi('4-1', 2024)).toMatchObject({ actual: 1 });
    expect(await kpi('2-2', 2024)).toMatchObject({ actual: 7 }); // 6 + 1 (累計)

    const again = await importRecords({ db, chamberCode: 'nikaho', kind: 'support', bytes: SUPPORT, fileName: 'shien.csv' });
    expect(again).toMatchObject({ added: 0, changed: 0, unchanged: 5 });
    expect(await kpi('5-1', 2024)).toMatchObject({ actual: 4 });
  });

  test('a record with 記録ID is updated in place when the file changes it', async () => {
    const changed = sjis(`記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考
S-9,令和6年6月2日,,施策提案,,,,事務局長,道路整備の要望（修正）
`);
    expect(await importRecords({ db, chamberCode: 'nikaho', kind: 'support', bytes: changed, fileName: 'x.csv' })).toMatchObject({
      added: 0,
      changed: 1,
    });
    const row = await db.kysely
      .selectFrom('support_records')
      .select(['date', 'note'])
      .where('externalId', '=', 'S-9')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ date: '2024-06-02', note: '道路整備の要望（修正）' });
  });

  test('bad rows are reported with line and column, and nothing is written', async () => {
    const before = await snapshot();
    const bad = sjis(`記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考
,R6.4.2,B001,課題解決,,,,佐藤,
,2024/13/1,B001,課題解決,,,,佐藤,
,R6.4.3,B999,課題解決,,,,佐藤,
,R6.4.3,B001,相談,,,,佐藤,
`);
    const error = await importRecords({ db, chamberCode: 'nikaho', kind: 'support', bytes: bad, fileName: 'bad.csv' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    const details = (error as DomainError).details.map((d) => `${d.location}: ${d.message}`);
    expect(details.some((d) => d.startsWith('bad.csv 3行目 日付'))).toBe(true);
    expect(details.some((d) => d.startsWith('bad.csv 5行目 種別'))).toBe(true);
    expect(await snapshot()).toEqual(before);

    // Cells all fine, but a business that does not exist: still nothing written.
    const unknown = sjis(`記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考
,R6.4.2,B001,課題解決,,,,佐藤,
,R6.4.3,B999,課題解決,,,,佐藤,
`);
    const e2 = await importRecords({ db, chamberCode: 'nikaho', kind: 'support', bytes: unknown, fileName: 'u.csv' }).catch(
      (e: unknown) => e,
    );
    expect((e2 as DomainError).details).toEqual([
      {
        location: 'u.csv 3行目 事業者コード',
        message: '事業者コード「B999」の事業者が登録されていません（先に事業者を取り込んでください）',
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  test('statistics, finances, events and 共済 feed the ratio and event KPIs', async () => {
    const stats = sjis(`年度,項目,値
R6,商工業者数,４
令和6年度,商業・サービス業者数,2
`);
    expect(await importRecords({ db, chamberCode: 'nikaho', kind: 'statistics', bytes: stats, fileName: 's.csv' })).toMatchObject({
      added: 2,
    });
    // Members on 2024-04-01: B001 (since 1990); B002 left that very day; B003 never joined.
    expect(await kpi('6-2', 2024)).toMatchObject({ actual: 25 });
    const finances = sjis(`年度,会費,手数料,経常収入
2024,"20,000","11,000","100,000"
`);
    await importRecords({ db, chamberCode: 'nikaho', kind: 'finances', bytes: finances, fileName: 'f.csv' });
    expect(await kpi('6-1', 2024)).toMatchObject({ actual: 31 });
    const events = sjis(`イベントID,日付,名称,区分,来場者数,参加事業者コード
E1,2024/8/1,出前商店街,コミュニティビジネス,"1,234",B001・B003
`);
    expect(await importRecords({ db, chamberCode: 'nikaho', kind: 'events', bytes: events, fileName: 'e.csv' })).toMatchObject({
      added: 1,
    });
    expect(await kpi('10-1', 2024)).toMatchObject({ actual: 1234 });
    const aid = sjis(`事業者コード,種類,加入日,解約日,証券番号
B001,商工貯蓄共済,2010/1/1,,P-1
B001,福祉共済,2010/1/1,,P-2
`);
    expect(await importRecords({ db, chamberCode: 'nikaho', kind: 'mutualAid', bytes: aid, fileName: 'k.csv' })).toMatchObject({
      added: 2,
    });
    expect(await kpi('6-3', 2024)).toMatchObject({ actual: 200 }); // two subscriptions over one member
    expect(await importRecords({ db, chamberCode: 'nikaho', kind: 'mutualAid', bytes: aid, fileName: 'k.csv' })).toMatchObject({
      added: 0,
      unchanged: 2,
    });
  });
});
