/**
 * Export → import round trips on both databases: a chamber's records, imported from files with
 * the tricky parts staff write (全角, 半角カナ, ① ㈱ 髙, commas, quotes, line breaks in 備考,
 * formula-like names, membership rejoins, events with several participants, 共済 with and
 * without 証券番号), are exported in UTF-8 and in Shift_JIS and imported into a fresh chamber,
 * which then holds the same rows; imported into the same chamber, they add and change nothing.
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../db/connection.js';
import { DomainError } from '../domain/errors.js';
import type { ExportEncoding, ExportFilter } from '../domain/import/export-csv.js';
import { IMPORT_KIND_IDS, type ImportKind } from '../domain/import/kinds.js';
import { type TestDb, testBackends } from '../test/databases.js';
import { exportRecords } from './export-records.js';
import { importRecords } from './import-records.js';

const sjis = (text: string) => new Uint8Array(iconv.encode(text.replace(/\n/g, '\r\n'), 'CP932'));
const utf8Bom = (text: string) => new TextEncoder().encode(`\ufeff${text}`);

/** As staff write them, in the order they must be imported (事業者 first). */
const FIXTURE: Record<ImportKind, Uint8Array> = {
  businesses: sjis(`事業者コード,事業者名,フリガナ,業種,地区,従業員数,創業日,入会日,退会日
A0001,㈱髙橋製作所,ﾀｶﾊｼｾｲｻｸｼｮ,製造業,象潟,１２,S50.4.1,2010/4/1,令和2年3月31日
A0001,㈱髙橋製作所,ﾀｶﾊｼｾｲｻｸｼｮ,製造業,象潟,１２,S50.4.1,R3.4.1,
Ａ０００２,"佐藤商店, 本店",さとう しょうてん,小売業,仁賀保,"1,200",1990-05-01,2015-06-01,
A0003,"""まるや"" 食堂",マルヤ,飲食業,金浦,0,,,
-A4,"=HYPERLINK(""http://example.com"",""詳細"")",,サービス業,,,,2020/1/1,2022/3/31
-A4,"=HYPERLINK(""http://example.com"",""詳細"")",,サービス業,,,,2023/4/1,
@A5,①丸数字ストア　Ａ店,ﾏﾙｽｳｼﾞ,その他,"象潟, 北",,,,
`),
  statistics: utf8Bom(`年度,項目,値
R5,商工業者数,"1,234"
令和6年度,商工業者数,１２３０
2024,+増減,△4
R6,=1+2,0.5
`),
  support: sjis(`記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考
S-0001,2024/4/1,A0001,補助金申請,持続化補助金,1,"1,500",佐藤,"申請書を確認, ""再提出""
（2回目）"
,R6.4.2,A0002,課題解決,,,,ｻﾄｳ,資金繰りの相談
,R6.4.2,A0002,課題解決,,,,ｻﾄｳ,資金繰りの相談
,2025/3/31,,施策提案,,,,事務局長,@市への要望
,2023/4/1,-A4,実行支援,,2,12.5,,=1+1
Ｓ－０００２,令和5年10月1日,@A5,事業計画策定,事業継続力強化計画,,0.0000001,小松,"  前後の空白  
   と改行   "
`),
  events: new TextEncoder().encode(`イベントID,日付,名称,区分,来場者数,参加事業者コード
E-1,R6.10.5,"にかほ市ビジネス商談会, 秋",商談会,350,"A0001、A0002・-A4"
E-2,2024/11/1,創業セミナー,セミナー,,
E-3,2023/6/1,"""夏""の交流会",,"1,000",@A5 A0003
`),
  finances: sjis(`年度,会費,手数料,経常収入
R5,8400,,52300
令和6年度,"8,400",1250.5,
`),
  mutualAid: sjis(`事業者コード,種類,加入日,解約日,証券番号
A0001,福祉共済,2020/6/1,,123-456789
A0002,商工貯蓄共済,2021/4/1,2023/3/31,
A0002,貯蓄共済,2023/4/1,,
-A4,福祉共済,R5.4.1,,－987
`),
};

async function exportBytes(
  db: Db,
  chamberCode: string,
  kind: ImportKind,
  encoding: ExportEncoding = 'utf-8',
  filter: ExportFilter = {},
  batchSize?: number,
): Promise<Uint8Array> {
  const out = await exportRecords({ db: db.kysely, chamberCode, kind, encoding, filter, ...(batchSize ? { batchSize } : {}) });
  const chunks: Uint8Array[] = [];
  for await (const chunk of out.chunks) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Every record of a chamber as data: codes instead of ids, sets sorted, so that two chambers
 * (or one before and after) compare. support_monthly (derived) too.
 */
async function recordsOf(db: Db, chamberCode: string) {
  const k = db.kysely;
  const { id } = await k.selectFrom('chambers').select('id').where('code', '=', chamberCode).executeTakeFirstOrThrow();
  const codeOf = new Map(
    (await k.selectFrom('businesses').select(['id', 'code']).where('chamberId', '=', id).execute()).map((b) => [b.id, b.code]),
  );
  const code = (businessId: number | null) => (businessId === null ? null : codeOf.get(businessId));
  const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  const memberships = await k.selectFrom('memberships').select(['businessId', 'joinedOn', 'leftOn']).where('chamberId', '=', id).execute();
  const participants = await k.selectFrom('event_participants').select(['eventId', 'businessId']).where('chamberId', '=', id).execute();
  const events = await k
    .selectFrom('events')
    .select(['id', 'externalId', 'date', 'fiscalYear', 'name', 'category', 'visitors'])
    .where('chamberId', '=', id)
    .execute();
  return {
    businesses: sorted(
      (
        await k
          .selectFrom('businesses')
          .select(['id', 'code', 'name', 'kana', 'industry', 'district', 'employees', 'foundedOn'])
          .where('chamberId', '=', id)
          .execute()
      ).map(({ id: businessId, ...b }) => ({
        ...b,
        memberships: sorted(memberships.filter((m) => m.businessId === businessId).map(({ businessId: _, ...m }) => m)),
      })),
    ),
    statistics: sorted(await k.selectFrom('statistics').select(['fiscalYear', 'item', 'value']).where('chamberId', '=', id).execute()),
    support: sorted(
      (
        await k
          .selectFrom('support_records')
          .select([
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
          ])
          .where('chamberId', '=', id)
          .execute()
      ).map(({ businessId, ...r }) => ({ ...r, business: code(businessId) })),
    ),
    supportMonthly: sorted(
      await k
        .selectFrom('support_monthly')
        .select(['kind', 'subKind', 'month', 'fiscalYear', 'quantity', 'amount'])
        .where('chamberId', '=', id)
        .execute(),
    ),
    events: sorted(
      events.map(({ id: eventId, ...e }) => ({
        ...e,
        participants: participants
          .filter((p) => p.eventId === eventId)
          .map((p) => code(p.businessId))
          .sort(),
      })),
    ),
    finances: sorted(await k.selectFrom('finances').select(['fiscalYear', 'item', 'amount']).where('chamberId', '=', id).execute()),
    mutualAid: sorted(
      (
        await k
          .selectFrom('mutual_aid')
          .select(['contentKey', 'businessId', 'type', 'joinedOn', 'leftOn', 'externalId'])
          .where('chamberId', '=', id)
          .execute()
      ).map(({ businessId, ...m }) => ({ ...m, business: code(businessId) })),
    ),
  };
}

const NOW = '2025-01-01T00:00:00.000Z';

describe.each(await testBackends())('CSV export on $name', (backend) => {
  let db: TestDb;
  const newChamber = (code: string) =>
    db.kysely
      .insertInto('chambers')
      .values({ code, name: `${code}商工会`, createdAt: NOW, federationId: null })
      .execute();
  const importInto = (chamberCode: string, kind: ImportKind, bytes: Uint8Array) =>
    importRecords({ db, chamberCode, kind, bytes, fileName: `${kind}.csv`, now: NOW });

  beforeAll(async () => {
    db = await backend.create();
    await newChamber('source');
    for (const kind of IMPORT_KIND_IDS) await importInto('source', kind, FIXTURE[kind]);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test('the fixture is what it says: rejoins, several participants, normalised text', async () => {
    const records = await recordsOf(db, 'source');
    expect(records.businesses).toHaveLength(5);
    expect(records.businesses.map((b) => JSON.parse(b))).toContainEqual({
      code: 'A0001',
      name: '㈱髙橋製作所',
      kana: 'タカハシセイサクショ',
      industry: '製造業',
      district: '象潟',
      employees: 12,
      foundedOn: '1975-04-01',
      memberships: [
        JSON.stringify({ joinedOn: '2010-04-01', leftOn: '2020-03-31' }),
        JSON.stringify({ joinedOn: '2021-04-01', leftOn: null }),
      ],
    });
    expect(records.support).toHaveLength(6);
    expect(records.events.map((e) => JSON.parse(e).participants)).toContainEqual(['-A4', 'A0001', 'A0002']);
    expect(records.mutualAid).toHaveLength(4);
  });

  test.each<ExportEncoding>(['utf-8', 'shift_jis'])(
    '%s: imported into a fresh chamber, the export gives the same records',
    async (encoding) => {
      const copy = `copy-${encoding}`;
      await newChamber(copy);
      const exported = new Map<ImportKind, Uint8Array>();
      for (const kind of IMPORT_KIND_IDS) {
        const bytes = await exportBytes(db, 'source', kind, encoding);
        exported.set(kind, bytes);
        const result = await importInto(copy, kind, bytes);
        expect(result).toMatchObject({ encoding: encoding === 'utf-8' ? 'UTF-8 (BOM)' : 'Shift_JIS', changed: 0, unchanged: 0 });
      }
      expect(await recordsOf(db, copy)).toEqual(await recordsOf(db, 'source'));
      // …and exports the same bytes.
      for (const kind of IMPORT_KIND_IDS) expect(await exportBytes(db, copy, kind, encoding)).toEqual(exported.get(kind));
    },
  );

  test.each<ExportEncoding>(['utf-8', 'shift_jis'])(
    '%s: imported into the same chamber, the export adds and changes nothing',
    async (encoding) => {
      const before = await recordsOf(db, 'source');
      const audit = await db.kysely.selectFrom('audit_log').select('id').execute();
      for (const kind of IMPORT_KIND_IDS) {
        const result = await importInto('source', kind, await exportBytes(db, 'source', kind, encoding));
        expect([kind, result.added, result.changed]).toEqual([kind, 0, 0]);
        expect(result.unchanged).toBeGreaterThan(0);
      }
      expect(await recordsOf(db, 'source')).toEqual(before);
      expect(await db.kysely.selectFrom('audit_log').select('id').execute()).toHaveLength(audit.length);
    },
  );

  test('the file as staff see it', async () => {
    const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text(await exportBytes(db, 'source', 'support'))).toBe(
      '\ufeff記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考\r\n' +
        'S-0001,2024/4/1,A0001,補助金申請,持続化補助金,1,1500,佐藤,"申請書を確認, ""再提出""\n（2回目）"\r\n' +
        ',2024/4/2,A0002,課題解決,,1,,サトウ,資金繰りの相談\r\n' +
        ',2024/4/2,A0002,課題解決,,1,,サトウ,資金繰りの相談\r\n' +
        ",2025/3/31,,施策提案,,1,,事務局長,'@市への要望\r\n" +
        ",2023/4/1,'-A4,実行支援,,2,12.5,,'=1+1\r\n" +
        'S-0002,2023/10/1,\'@A5,事業計画策定,事業継続力強化計画,1,0.0000001,小松,"前後の空白\nと改行"\r\n',
    );
    expect(text(await exportBytes(db, 'source', 'businesses'))).toBe(
      '\ufeff事業者コード,事業者名,フリガナ,業種,地区,従業員数,創業日,入会日,退会日\r\n' +
        'A0001,㈱髙橋製作所,タカハシセイサクショ,製造業,象潟,12,1975/4/1,2010/4/1,2020/3/31\r\n' +
        'A0001,㈱髙橋製作所,タカハシセイサクショ,製造業,象潟,12,1975/4/1,2021/4/1,\r\n' +
        'A0002,"佐藤商店, 本店",サトウ ショウテン,小売業,仁賀保,1200,1990/5/1,2015/6/1,\r\n' +
        'A0003,"""まるや"" 食堂",マルヤ,飲食業,金浦,0,,,\r\n' +
        `'-A4,"'=HYPERLINK(""http://example.com"",""詳細"")",,サービス業,,,,2020/1/1,2022/3/31\r\n` +
        `'-A4,"'=HYPERLINK(""http://example.com"",""詳細"")",,サービス業,,,,2023/4/1,\r\n` +
        `'@A5,①丸数字ストア A店,マルスウジ,その他,"象潟, 北",,,,\r\n`,
    );
    expect(text(await exportBytes(db, 'source', 'events'))).toContain(
      'E-1,2024/10/5,"にかほ市ビジネス商談会, 秋",商談会,350,A0001、A0002、-A4\r\n',
    );
    expect(text(await exportBytes(db, 'source', 'events'))).toContain(`E-3,2023/6/1,"""夏""の交流会",,1000,'@A5、A0003\r\n`);
    expect(text(await exportBytes(db, 'source', 'finances'))).toBe(
      '\ufeff年度,会費,手数料,経常収入\r\n令和5年度,8400,,52300\r\n令和6年度,8400,1250.5,\r\n',
    );
    expect(text(await exportBytes(db, 'source', 'mutualAid'))).toContain("'-A4,福祉共済,2023/4/1,,'-987\r\n");
    const sjisText = iconv.decode(Buffer.from(await exportBytes(db, 'source', 'businesses', 'shift_jis')), 'CP932');
    expect(sjisText).toContain('A0001,㈱髙橋製作所,タカハシセイサクショ');
  });

  test('batches of any size give the same file (memberships and participants of a batch stay with it)', async () => {
    for (const kind of IMPORT_KIND_IDS) {
      const whole = await exportBytes(db, 'source', kind);
      for (const size of [1, 2, 3])
        expect([kind, size, await exportBytes(db, 'source', kind, 'utf-8', {}, size)]).toEqual([kind, size, whole]);
    }
  });

  test('filters: a fiscal year, dates, a 種別; a filter a kind has not is refused', async () => {
    const lines = async (kind: ImportKind, filter: ExportFilter) =>
      new TextDecoder()
        .decode(await exportBytes(db, 'source', kind, 'utf-8', filter))
        .split('\r\n')
        .slice(1, -1)
        .map((l) => l.split(',').slice(0, 2).join(','));
    expect(await lines('support', { fiscalYear: 2024 })).toEqual(['S-0001,2024/4/1', ',2024/4/2', ',2024/4/2', ',2025/3/31']);
    expect(await lines('support', { fiscalYear: 2023 })).toEqual([',2023/4/1', 'S-0002,2023/10/1']);
    expect(await lines('support', { from: '2024-04-02', to: '2025-03-30' })).toEqual([',2024/4/2', ',2024/4/2']);
    expect(await lines('support', { recordKind: '施策提案' })).toEqual([',2025/3/31']);
    expect(await lines('events', { fiscalYear: 2024 })).toEqual(['E-1,2024/10/5', 'E-2,2024/11/1']);
    expect(await lines('statistics', { fiscalYear: 2024 })).toHaveLength(3);
    expect(await lines('finances', { fiscalYear: 2023 })).toEqual(['令和5年度,8400']);
    expect(await lines('support', { fiscalYear: 2030 })).toEqual([]);

    const refused = await exportRecords({ db: db.kysely, chamberCode: 'source', kind: 'businesses', filter: { fiscalYear: 2024 } }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: 'BAD_REQUEST',
      message: '事業者は年度で絞り込めません（年度で絞り込めるのは 統計値・支援記録・イベント・財務）',
    });
    await expect(exportRecords({ db: db.kysely, chamberCode: 'source', kind: 'statistics', filter: { recordKind: 'x' } })).rejects.toThrow(
      '統計値は種別で絞り込めません',
    );
    await expect(exportRecords({ db: db.kysely, chamberCode: 'no-such', kind: 'support' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const named = await exportRecords({
      db: db.kysely,
      chamberCode: 'source',
      kind: 'support',
      filter: { fiscalYear: 2024, recordKind: '補助金申請' },
    });
    expect([named.fileName, named.asciiFileName, named.contentType]).toEqual([
      '支援記録_補助金申請_R6年度.csv',
      'support_FY2024.csv',
      'text/csv; charset=UTF-8',
    ]);
  });

  test('Shift_JIS refuses, before writing anything, a character it cannot carry; UTF-8 keeps it', async () => {
    await newChamber('yoshi');
    await importInto('yoshi', 'businesses', new TextEncoder().encode('事業者コード,事業者名\nY1,𠮷野家\nY2,髙島屋\n'));
    await importInto(
      'yoshi',
      'support',
      new TextEncoder().encode('日付,事業者コード,種別,備考\n2024/5/1,Y2,課題解決,"10時〜12時\n（2回目）"\n2024/5/2,Y1,創業,\n'),
    );
    const error = await exportRecords({ db: db.kysely, chamberCode: 'yoshi', kind: 'support', encoding: 'shift_jis' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'EXPORT_UNWRITABLE',
      details: [{ location: '2行目 備考', message: '「〜」（U+301C）は Shift_JIS で表せません（日付 2024/5/1）' }],
    });
    await expect(exportRecords({ db: db.kysely, chamberCode: 'yoshi', kind: 'businesses', encoding: 'shift_jis' })).rejects.toMatchObject({
      details: [{ location: '2行目 事業者名', message: '「𠮷」（U+20BB7）は Shift_JIS で表せません（事業者コード Y1）' }],
    });
    await newChamber('yoshi-copy');
    for (const kind of ['businesses', 'support'] as const) await importInto('yoshi-copy', kind, await exportBytes(db, 'yoshi', kind));
    expect(await recordsOf(db, 'yoshi-copy')).toEqual(await recordsOf(db, 'yoshi'));
  });
});
