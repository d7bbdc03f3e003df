/**
 * Property-based tests (fast-check) of importRecords on both backends: a valid small file of
 * each kind, mutated at random (a bad cell, an unknown 事業者コード, a broken quote, rows
 * doubled or dropped, the file cut at a random byte, read as another kind), either imports,
 * or fails with IMPORT_INVALID and leaves every table of the chamber, and the audit trail,
 * as it was. An import that succeeds imports again without writing anything.
 *
 * The runs are seeded so that CI is repeatable. To search further:
 *   IMPORT_PROPERTY_SEED=$RANDOM IMPORT_PROPERTY_RUNS=500 npx vitest run src/usecases/import-records.property.test.ts --testTimeout 600000
 * A failure prints its seed and path; IMPORT_PROPERTY_PATH=… with the same seed replays it.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DomainError } from '../domain/errors.js';
import { IMPORT_KIND_IDS, type ImportKind } from '../domain/import/kinds.js';
import { snapshotChamberTables, type TestDb, testBackends } from '../test/databases.js';
import { importPlan } from './import-plan.js';
import { importRecords } from './import-records.js';

const SEED = Number(process.env.IMPORT_PROPERTY_SEED ?? 20261208);
const RUNS = Number(process.env.IMPORT_PROPERTY_RUNS ?? 0) || 40;
const PATH = process.env.IMPORT_PROPERTY_PATH;

const NIKAHO = readFileSync(new URL('../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');

type Table = string[][];

/** A valid small file of each kind, as cells (import-records.test.ts has the same data). */
const VALID: Record<ImportKind, Table> = {
  businesses: [
    ['事業者コード', '事業者名', 'フリガナ', '業種', '地区', '従業員数', '創業日', '入会日', '退会日'],
    ['B001', '佐藤商店', 'さとうしょうてん', '小売業', '象潟', '３', '1980/4/1', 'H2.4.1', ''],
    ['B002', '㈱鳥海精工', 'ﾁｮｳｶｲｾｲｺｳ', '製造業', '仁賀保', '1,200', '1975-05-01', '2000/4/1', 'R6.4.1'],
    ['B002', '㈱鳥海精工', 'ﾁｮｳｶｲｾｲｺｳ', '製造業', '仁賀保', '1,200', '1975-05-01', 'R6.10.1', ''],
    ['B003', '髙橋食堂', 'タカハシショクドウ', '飲食業', '金浦', '2', '令和2年5月1日', '', ''],
  ],
  support: [
    ['記録ID', '日付', '事業者コード', '種別', '区分', '件数', '金額（千円）', '担当者', '備考'],
    ['', 'R6.4.1', 'B001', '課題解決', '', '', '', '経営指導員 佐藤', '資金繰りの相談'],
    ['', 'R6.4.1', 'B001', '課題解決', '', '', '', '経営指導員 佐藤', '資金繰りの相談'],
    ['', '2024/5/10', 'B002', '実行支援', '', '２', '', '経営指導員 高橋', ''],
    ['S-9', '令和6年6月1日', '', '施策提案', '', '', '', '事務局長', '道路整備の要望'],
    ['S-10', '2024/7/1', 'B002', '補助金申請', '持続化補助金', '', '1,500', '経営指導員 高橋', '採択\n（第15回）'],
    ['', '2025/3/31', 'B003', '事業計画策定', '事業継続力強化計画', '', '', '経営指導員 小松', ''],
  ],
  statistics: [
    ['年度', '項目', '値'],
    ['R6', '商工業者数', '４'],
    ['令和6年度', '商業・サービス業者数', '2'],
    ['2023', '商工業者数', '1,234'],
  ],
  events: [
    ['イベントID', '日付', '名称', '区分', '来場者数', '参加事業者コード'],
    ['E1', '2024/8/1', '出前商店街', 'コミュニティビジネス', '1,234', 'B001・B003'],
    ['E2', 'R6.11.20', '創業セミナー', 'セミナー', '', ''],
  ],
  finances: [
    ['年度', '会費', '手数料', '経常収入'],
    ['2024', '20,000', '11,000', '100,000'],
    ['R5', '19,500', '', ''],
  ],
  mutualAid: [
    ['事業者コード', '種類', '加入日', '解約日', '証券番号'],
    ['B001', '商工貯蓄共済', '2010/1/1', '', 'P-1'],
    ['B001', '福祉共済', '2010/1/1', '', 'P-2'],
    ['B003', '福祉共済', 'H30.4.1', 'R6.3.31', ''],
  ],
};

/** The column of each kind that names businesses. */
const BUSINESS_COLUMN: Partial<Record<ImportKind, string>> = {
  support: '事業者コード',
  events: '参加事業者コード',
  mutualAid: '事業者コード',
};

/** Cells that do not read, or read at the edges: dates, numbers, quotes, huge values. */
const BAD_CELLS = [
  '2024/13/1',
  '2023/2/29',
  '令和元年4月30日',
  'R99.1.1',
  '45383',
  '20240401',
  'abc',
  '△',
  '△3',
  '-1',
  '0',
  '1.5',
  '1e3',
  '1,23',
  '2147483647',
  '2147483648',
  '9007199254740991',
  '9007199254740993',
  `1${'0'.repeat(308)}`,
  `17${'9'.repeat(307)}`,
  '"',
  '""',
  'a"b',
  '\ufffd',
  '\u3000',
  '',
  '０',
  '１２',
  'ｱｲｳ',
  '①',
  '相談',
  '巡回',
  'その他',
  '貯蓄共済',
  '生命共済',
  'FY2024',
  'R0',
  '令和6年度',
  'x'.repeat(300),
  'あ\nい',
  ',',
];

const cellValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...BAD_CELLS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.integer({ min: -10, max: 3_000_000_000 }).map(String) },
);

/** The columns of each kind that hold numbers. */
const NUMBER_COLUMNS: Record<ImportKind, readonly string[]> = {
  businesses: ['従業員数'],
  support: ['件数', '金額（千円）'],
  statistics: ['値'],
  events: ['来場者数'],
  finances: ['会費', '手数料', '経常収入'],
  mutualAid: [],
};

/** Numbers at the edges of what the databases hold: 32-bit integers, doubles, Excel's 15 digits. */
const EDGE_NUMBERS = [
  '2147483647',
  '2,147,483,647',
  '2147483648',
  '２１４７４８３６４８',
  '4294967296',
  '9007199254740991',
  '999999999999999',
  '1000000000000000',
  `1${'0'.repeat(308)}`,
  `17${'9'.repeat(307)}`,
  '-2147483649',
  '△2147483649',
];

type Mutation =
  | { type: 'cell'; row: number; column: number; value: string }
  | { type: 'number'; row: number; column: number; value: string }
  | { type: 'unknownCode'; row: number; code: string }
  | { type: 'duplicateRow'; row: number }
  | { type: 'dropRow'; row: number }
  | { type: 'addCell'; row: number; value: string }
  | { type: 'dropCell'; row: number }
  | { type: 'blankLine'; row: number }
  | { type: 'quote'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('cell' as const), row: fc.nat(), column: fc.nat(), value: cellValue }) },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('number' as const),
      row: fc.nat(),
      column: fc.nat(),
      value: fc.oneof(fc.constantFrom(...EDGE_NUMBERS), fc.integer({ min: 2_000_000_000, max: 2_200_000_000 }).map(String)),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('unknownCode' as const),
      row: fc.nat(),
      code: fc.constantFrom('Z999', 'B004', 'b001', 'B001 B999', 'B00１'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('duplicateRow' as const), row: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('dropRow' as const), row: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('addCell' as const), row: fc.nat(), value: cellValue }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('dropCell' as const), row: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('blankLine' as const), row: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('quote' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
);

interface Case {
  kind: ImportKind;
  /** Read as this kind (now and then another than the file's). */
  as: ImportKind;
  mutations: Mutation[];
  encoding: 'Shift_JIS' | 'UTF-8 (BOM)' | 'UTF-8';
  eol: '\r\n' | '\n';
  /** Cut the bytes at this fraction of their length. */
  cut: number | undefined;
  dryRun: boolean;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    kind: fc.constantFrom(...IMPORT_KIND_IDS),
    as: fc.option(fc.constantFrom(...IMPORT_KIND_IDS), { freq: 10, nil: undefined }),
    mutations: fc.array(mutation, { maxLength: 3 }),
    encoding: fc.constantFrom('Shift_JIS' as const, 'UTF-8 (BOM)' as const, 'UTF-8' as const),
    eol: fc.constantFrom('\r\n' as const, '\n' as const),
    cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 6, nil: undefined }),
    dryRun: fc.nat(9).map((n) => n === 0),
  })
  .map((c) => ({ ...c, as: c.as ?? c.kind }));

const quoted = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** The case's file: the valid table mutated, written as CSV and encoded, maybe cut. */
function fileOf(c: Case): Uint8Array {
  const table = VALID[c.kind].map((row) => [...row]);
  const header = table[0] ?? [];
  const blankLines = new Set<number>();
  let quoteAt: number | undefined;
  const dataRow = (n: number) => 1 + (n % Math.max(1, table.length - 1));
  for (const m of c.mutations) {
    switch (m.type) {
      case 'cell': {
        // Any row, the header too.
        const row = table[m.row % table.length];
        if (row && row.length > 0) row[m.column % row.length] = m.value;
        break;
      }
      case 'number': {
        const columns = NUMBER_COLUMNS[c.kind];
        const column = header.indexOf(columns[m.column % Math.max(1, columns.length)] ?? '');
        const row = table[dataRow(m.row)];
        if (row && column >= 0) row[column] = m.value;
        break;
      }
      case 'unknownCode': {
        const column = header.indexOf(BUSINESS_COLUMN[c.kind] ?? '事業者コード');
        const row = table[dataRow(m.row)];
        if (row && column >= 0) row[column] = m.code;
        break;
      }
      case 'duplicateRow': {
        const at = dataRow(m.row);
        const row = table[at];
        if (row) table.splice(at, 0, [...row]);
        break;
      }
      case 'dropRow':
        if (table.length > 1) table.splice(dataRow(m.row), 1);
        break;
      case 'addCell':
        table[m.row % table.length]?.push(m.value);
        break;
      case 'dropCell':
        table[m.row % table.length]?.pop();
        break;
      case 'blankLine':
        blankLines.add(m.row % (table.length + 1));
        break;
      case 'quote':
        quoteAt = m.at;
        break;
    }
  }
  let text = '';
  table.forEach((row, i) => {
    if (blankLines.has(i)) text += c.eol;
    text += `${row.map(quoted).join(',')}${c.eol}`;
  });
  if (quoteAt !== undefined) {
    const at = Math.floor(quoteAt * text.length);
    text = `${text.slice(0, at)}"${text.slice(at)}`;
  }
  const bytes =
    c.encoding === 'Shift_JIS'
      ? new Uint8Array(iconv.encode(text, 'CP932'))
      : new TextEncoder().encode(c.encoding === 'UTF-8 (BOM)' ? `\ufeff${text}` : text);
  return c.cut === undefined ? bytes : bytes.subarray(0, Math.floor(c.cut * bytes.length));
}

describe.each(await testBackends())('importRecords of mutated files on $name', (backend) => {
  let db: TestDb;
  const snapshot = () => snapshotChamberTables(db);

  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'plans/nikaho-2022.yaml', now: '2025-01-01T00:00:00Z' });
    // The businesses the other files name.
    await importRecords({ db, chamberCode: 'nikaho', kind: 'businesses', bytes: fileOf(validCase('businesses')), fileName: 'b.csv' });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test('the valid files import', async () => {
    for (const kind of IMPORT_KIND_IDS) {
      const result = await importRecords({ db, chamberCode: 'nikaho', kind, bytes: fileOf(validCase(kind)), fileName: 'ok.csv' });
      expect(result.rows).toBe(VALID[kind].length - 1);
    }
  });

  test(`a mutated file imports whole, or fails with IMPORT_INVALID and writes nothing (${RUNS} runs)`, async () => {
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const bytes = fileOf(c);
        const before = await snapshot();
        const options = { db, chamberCode: 'nikaho', kind: c.as, bytes, fileName: 'mutated.csv', dryRun: c.dryRun };
        let outcome: Awaited<ReturnType<typeof importRecords>> | DomainError;
        try {
          outcome = await importRecords(options);
        } catch (e) {
          // Nothing else than the import's own error: no crash of a database, a codec or a worker.
          if (!(e instanceof DomainError)) throw e;
          expect(e.code).toBe('IMPORT_INVALID');
          expect(e.details.length).toBeGreaterThan(0);
          outcome = e;
        }
        if (outcome instanceof DomainError) {
          failures++;
          expect(await snapshot()).toEqual(before);
          return;
        }
        if (c.dryRun) {
          expect(await snapshot()).toEqual(before);
          return;
        }
        // Imported: the same file again writes nothing.
        const imported = await snapshot();
        const again = await importRecords({ ...options, fileName: 'again.csv' });
        expect(again).toMatchObject({ added: 0, changed: 0, unchanged: outcome.added + outcome.changed + outcome.unchanged });
        expect(await snapshot()).toEqual(imported);
      }),
      { seed: SEED, numRuns: RUNS, ...(PATH ? { path: PATH } : {}) },
    );
    // Most mutations make a file bad; make sure the property saw both outcomes.
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(RUNS);
  }, 120_000);
});

function validCase(kind: ImportKind): Case {
  return { kind, as: kind, mutations: [], encoding: 'Shift_JIS', eol: '\r\n', cut: undefined, dryRun: false };
}
