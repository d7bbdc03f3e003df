import { describe, expect, test } from 'vitest';
import { seededRandom } from '../../test/random.js';
import { parseJapaneseDate } from '../fiscal-calendar.js';
import type { ImportIssue } from './issues.js';
import { findImportKind, IMPORT_KIND_IDS, IMPORT_KINDS, type ImportKind, type ParseRowResult, parseRowBySchema } from './kinds.js';

function rowOf<Row>(result: ParseRowResult<Row>): Row {
  if ('issues' in result) throw new Error(`expected a row, got: ${result.issues.map((i) => i.message).join(' / ')}`);
  return result.value;
}

function issuesOf(result: ParseRowResult<unknown>): ImportIssue[] {
  return 'issues' in result ? result.issues : [];
}

const parse = <K extends ImportKind>(kind: K, cells: Record<string, string>) => IMPORT_KINDS[kind].parseRow(cells, 7);

describe('definitions', () => {
  test.each(IMPORT_KIND_IDS)('%s: headers and fields are unique, the kind is its key', (kind) => {
    const definition = IMPORT_KINDS[kind];
    expect(definition.kind).toBe(kind);
    const headers = definition.columns.map((c) => c.header);
    const fields = definition.columns.map((c) => c.field);
    expect(new Set(headers).size).toBe(headers.length);
    expect(new Set(fields).size).toBe(fields.length);
    for (const header of definition.unique?.columns ?? []) expect(headers).toContain(header);
  });

  test.each(IMPORT_KIND_IDS)('%s: the examples of the documentation parse', (kind) => {
    const cells = Object.fromEntries(IMPORT_KINDS[kind].columns.map((c) => [c.header, c.example]));
    expect(issuesOf(IMPORT_KINDS[kind].parseRow(cells, 2))).toEqual([]);
  });

  test('every kind is listed once', () => {
    expect([...IMPORT_KIND_IDS].sort()).toEqual(Object.keys(IMPORT_KINDS).sort());
  });

  test.each([
    ['support', 'support'],
    ['支援記録', 'support'],
    ['事業者', 'businesses'],
    ['共済', 'mutualAid'],
    ['mutualAid', 'mutualAid'],
    ['members', undefined],
  ])('findImportKind(%j) is %j', (name, kind) => {
    expect(findImportKind(name)).toBe(kind);
  });
});

describe("the ' the export puts before a formula-like value", () => {
  test.each([
    // cell, read as
    ['\'=HYPERLINK("x")', '=HYPERLINK("x")'],
    ["'-ハイフン商会", '-ハイフン商会'],
    ["''=1", "'=1"],
    ["'quoted'", "'quoted'"],
    ["'", "'"],
    ["'\t", ''],
  ])('事業者名 %j reads as %j', (cell, name) => {
    const result = parse('businesses', { 事業者コード: 'A1', 事業者名: cell });
    if (name === '') expect(issuesOf(result).map((i) => i.message)).toEqual(['事業者名: 必須です（空欄になっています）']);
    else expect(rowOf(result).name).toBe(name);
  });

  test('codes and numbers too: a cell is unguarded before it is read', () => {
    expect(rowOf(parse('businesses', { 事業者コード: "'-A1", 事業者名: 'x', 従業員数: "'+3" }))).toMatchObject({
      code: '-A1',
      employees: 3,
    });
  });
});

describe('事業者 (businesses)', () => {
  test('a full row, normalised', () => {
    expect(
      rowOf(
        parse('businesses', {
          事業者コード: ' Ａ０００１ ',
          事業者名: '㈱髙橋　製作所',
          フリガナ: 'たかはし ｾｲｻｸｼｮ',
          業種: '製造業',
          地区: '象潟',
          従業員数: '１２',
          創業日: '昭和50年4月1日',
          入会日: 'R2.4.1',
          退会日: '2024/3/31',
        }),
      ),
    ).toEqual({
      code: 'A0001',
      name: '㈱髙橋 製作所',
      kana: 'タカハシ セイサクショ',
      industry: '製造業',
      district: '象潟',
      employees: 12,
      foundedOn: '1975-04-01',
      joinedOn: '2020-04-01',
      leftOn: '2024-03-31',
    });
  });

  test('only code and name are required; blank cells are absent values', () => {
    expect(rowOf(parse('businesses', { 事業者コード: 'A1', 事業者名: '山田商店', 従業員数: ' ', 入会日: '\u3000' }))).toEqual({
      code: 'A1',
      name: '山田商店',
      kana: undefined,
      industry: undefined,
      district: undefined,
      employees: undefined,
      foundedOn: undefined,
      joinedOn: undefined,
      leftOn: undefined,
    });
  });

  test.each([
    [{ 事業者コード: '', 事業者名: '山田商店' }, '事業者コード', '事業者コード: 必須です（空欄になっています）'],
    [{ 事業者名: ' ' }, '事業者名', '事業者名: 必須です（空欄になっています）'],
    [{ 従業員数: '-1' }, '従業員数', '従業員数: 「-1」は0以上の整数にしてください'],
    [{ 従業員数: '2.5' }, '従業員数', '従業員数: 「2.5」は整数として読めません（例: 0, 12, 1,234）'],
    [{ 従業員数: '十人' }, '従業員数', '従業員数: 「十人」は整数として読めません（例: 0, 12, 1,234）'],
    [{ 創業日: '2023/2/29' }, '創業日', '創業日: 「2023/2/29」は日付として読めません（例: 2024-04-01, 2024/4/1, R6.4.1, 令和6年4月1日）'],
    [
      { 入会日: '45383' },
      '入会日',
      '入会日: 「45383」は日付として読めません（例: 2024-04-01, 2024/4/1, R6.4.1, 令和6年4月1日）。Excel の日付シリアル値は読めません。セルの表示形式を日付にしてから保存してください',
    ],
    [{ 退会日: '2024/3/31' }, '退会日', '退会日: 入会日が空欄です。退会日を書くときは入会日も書いてください'],
    [{ 入会日: '2024/4/1', 退会日: '2024/4/1' }, '退会日', '退会日: 退会日（2024-04-01）は入会日（2024-04-01）より後の日付にしてください'],
    [{ 入会日: '2024/4/1', 退会日: 'R6.3.31' }, '退会日', '退会日: 退会日（2024-03-31）は入会日（2024-04-01）より後の日付にしてください'],
    [
      { フリガナ: '山田ショウジ' },
      'フリガナ',
      'フリガナ: 「山田ショウジ」にフリガナに使えない文字（山 田）があります。カタカナかひらがなで書いてください',
    ],
  ])('%j: %s', (cells, column, message) => {
    const issues = issuesOf(parse('businesses', { 事業者コード: 'A1', 事業者名: '山田商店', ...cells }));
    expect(issues).toEqual([{ line: 7, column, message }]);
  });

  test('the day after 入会日 is a valid 退会日; フリガナ may hold ABC and (カ)', () => {
    const row = rowOf(
      parse('businesses', { 事業者コード: 'A1', 事業者名: 'ABC', フリガナ: 'エービーシー(カ)', 入会日: '2024/4/1', 退会日: '2024/4/2' }),
    );
    expect(row).toMatchObject({ kana: 'エービーシー(カ)', leftOn: '2024-04-02' });
  });

  test('every bad cell of a row is reported, in column order', () => {
    const issues = issuesOf(parse('businesses', { 事業者コード: '', 事業者名: '', 従業員数: 'x', 入会日: 'x' }));
    expect(issues.map((i) => i.column)).toEqual(['事業者コード', '事業者名', '従業員数', '入会日']);
  });

  test('the period is still checked when another column is wrong', () => {
    const issues = issuesOf(
      parse('businesses', { 事業者コード: 'A1', 事業者名: 'x', 従業員数: 'x', 入会日: '2024/4/1', 退会日: '2024/1/1' }),
    );
    expect(issues.map((i) => i.column)).toEqual(['従業員数', '退会日']);
  });
});

describe('統計値 (statistics)', () => {
  test.each([
    ['2024', 2024],
    ['R6', 2024],
    ['R6年度', 2024],
    ['令和6年度', 2024],
    ['令和元年度', 2019],
    ['２０２４年度', 2024],
  ])('年度 %j is %i', (year, fiscalYear) => {
    expect(rowOf(parse('statistics', { 年度: year, 項目: ' 商工業者数 ', 値: '1,234' }))).toEqual({
      fiscalYear,
      item: '商工業者数',
      value: 1234,
    });
  });

  test.each([
    [{ 年度: '2024年' }, '年度', '年度: 「2024年」は年度として読めません（例: 2024, R6, R6年度, 令和6年度）'],
    [{ 年度: '' }, '年度', '年度: 必須です（空欄になっています）'],
    [{ 値: '' }, '値', '値: 必須です（空欄になっています）'],
    [{ 値: '約100' }, '値', '値: 「約100」は数値として読めません（例: 1234, 1,234, 12.5, △12）'],
  ])('%j: %s', (cells, column, message) => {
    expect(issuesOf(parse('statistics', { 年度: 'R6', 項目: '商工業者数', 値: '1', ...cells }))).toEqual([{ line: 7, column, message }]);
  });

  test('a negative value is allowed (a rate of change)', () => {
    expect(rowOf(parse('statistics', { 年度: 'R6', 項目: '増減率', 値: '△1.5' })).value).toBe(-1.5);
  });
});

describe('支援記録 (support)', () => {
  test('defaults: 件数 1, the rest absent; 備考 keeps line breaks', () => {
    expect(rowOf(parse('support', { 日付: 'R6.4.1', 種別: '巡回', 備考: ' 1行目 \n 2行目 ' }))).toEqual({
      externalId: undefined,
      date: '2024-04-01',
      businessCode: undefined,
      kind: '巡回',
      subKind: undefined,
      quantity: 1,
      amount: undefined,
      staff: undefined,
      note: '1行目\n2行目',
    });
  });

  test.each([
    ['1', 1],
    ['12', 12],
    ['1,000', 1000],
  ])('件数 %j is %i', (quantity, expected) => {
    expect(rowOf(parse('support', { 日付: 'R6.4.1', 種別: '巡回', 件数: quantity })).quantity).toBe(expected);
  });

  test.each([
    [{ 件数: '0' }, '件数', '件数: 「0」は1以上の整数にしてください'],
    [{ 件数: '1.5' }, '件数', '件数: 「1.5」は整数として読めません（例: 1, 12, 1,234）'],
    [{ '金額（千円）': '△5' }, '金額（千円）', '金額（千円）: 「△5」は0以上の数値にしてください'],
    [{ '金額（千円）': '5千' }, '金額（千円）', '金額（千円）: 「5千」は数値として読めません（例: 1234, 1,234, 12.5, △12）'],
    [{ 日付: '' }, '日付', '日付: 必須です（空欄になっています）'],
    [{ 日付: '2024/13/1' }, '日付', '日付: 「2024/13/1」は日付として読めません（例: 2024-04-01, 2024/4/1, R6.4.1, 令和6年4月1日）'],
    [{ 種別: '　' }, '種別', '種別: 必須です（空欄になっています）'],
  ])('%j: %s', (cells, column, message) => {
    expect(issuesOf(parse('support', { 日付: 'R6.4.1', 種別: '巡回', ...cells }))).toEqual([{ line: 7, column, message }]);
  });

  test('金額 0 and decimals are allowed', () => {
    expect(rowOf(parse('support', { 日付: 'R6.4.1', 種別: '補助金', '金額（千円）': '0' })).amount).toBe(0);
    expect(rowOf(parse('support', { 日付: 'R6.4.1', 種別: '補助金', '金額（千円）': '1,234.5' })).amount).toBe(1234.5);
  });
});

describe('イベント (events)', () => {
  test('参加事業者コード: split, normalised, each once', () => {
    const row = rowOf(
      parse('events', { イベントID: 'E1', 日付: '2024/10/5', 名称: '商談会', 参加事業者コード: 'A001、Ａ００２・A001 / A003' }),
    );
    expect(row).toEqual({
      externalId: 'E1',
      date: '2024-10-05',
      name: '商談会',
      category: undefined,
      visitors: 0,
      participantCodes: ['A001', 'A002', 'A003'],
    });
  });

  test.each([
    [{ イベントID: '' }, 'イベントID', 'イベントID: 必須です（空欄になっています）'],
    [{ 名称: '' }, '名称', '名称: 必須です（空欄になっています）'],
    [{ 来場者数: '-1' }, '来場者数', '来場者数: 「-1」は0以上の整数にしてください'],
    [{ 来場者数: '約300' }, '来場者数', '来場者数: 「約300」は整数として読めません（例: 0, 12, 1,234）'],
  ])('%j: %s', (cells, column, message) => {
    expect(issuesOf(parse('events', { イベントID: 'E1', 日付: 'R6.10.5', 名称: '商談会', ...cells }))).toEqual([
      { line: 7, column, message },
    ]);
  });

  test('rows never share a default list', () => {
    const cells = { イベントID: 'E1', 日付: 'R6.10.5', 名称: '商談会' };
    const a = rowOf(parse('events', cells));
    const b = rowOf(parse('events', cells));
    a.participantCodes.push('A001');
    expect(b.participantCodes).toEqual([]);
  });
});

describe('messages', () => {
  test('a long cell is cut to 30 characters in the message', () => {
    const issues = issuesOf(parse('events', { イベントID: 'E1', 日付: '日'.repeat(40), 名称: '商談会' }));
    expect(issues[0]?.message).toBe(
      `日付: 「${'日'.repeat(30)}…」は日付として読めません（例: 2024-04-01, 2024/4/1, R6.4.1, 令和6年4月1日）`,
    );
  });

  test('only a 5-digit number gets the hint about Excel serial numbers', () => {
    const hint = (value: string) =>
      issuesOf(parse('events', { イベントID: 'E1', 日付: value, 名称: 'x' }))[0]?.message.includes('シリアル値');
    expect(hint('45383')).toBe(true);
    expect(hint('45383.5')).toBe(true);
    expect(hint('2024')).toBe(false);
    expect(hint('20240401')).toBe(false);
  });
});

describe('財務 (finances)', () => {
  test('one figure is enough', () => {
    expect(rowOf(parse('finances', { 年度: 'R6', 会費: '8,400' }))).toEqual({
      fiscalYear: 2024,
      membershipFees: 8400,
      fees: undefined,
      recurringIncome: undefined,
    });
  });

  test('none is an error of the row', () => {
    expect(issuesOf(parse('finances', { 年度: 'R6', 会費: '', 手数料: ' ' }))).toEqual([
      { line: 7, column: null, message: '会費・手数料・経常収入のどれか1つ以上を書いてください' },
    ]);
  });

  test('a bad figure is reported once, not also as "none"', () => {
    expect(issuesOf(parse('finances', { 年度: 'R6', 会費: 'x' }))).toEqual([
      { line: 7, column: '会費', message: '会費: 「x」は数値として読めません（例: 1234, 1,234, 12.5, △12）' },
    ]);
  });

  test('negative amounts are refused, 0 is allowed', () => {
    expect(issuesOf(parse('finances', { 年度: 'R6', 経常収入: '▲1' }))[0]?.message).toBe('経常収入: 「▲1」は0以上の数値にしてください');
    expect(rowOf(parse('finances', { 年度: 'R6', 手数料: '0' })).fees).toBe(0);
  });
});

describe('共済 (mutualAid)', () => {
  const base = { 事業者コード: 'A1', 種類: '福祉共済', 加入日: '2020/6/1' };

  test.each([
    ['貯蓄共済', '貯蓄共済'],
    ['福祉共済', '福祉共済'],
    [' 商工貯蓄共済 ', '貯蓄共済'],
  ])('種類 %j is %s', (type, expected) => {
    expect(rowOf(parse('mutualAid', { ...base, 種類: type })).type).toBe(expected);
  });

  test.each([
    [
      { 種類: '生命共済' },
      '種類',
      '種類: 「生命共済」は選べません。貯蓄共済, 福祉共済 のどれかを書いてください（商工貯蓄共済 は 貯蓄共済 として読みます）',
    ],
    [{ 加入日: '' }, '加入日', '加入日: 必須です（空欄になっています）'],
    [{ 解約日: '2020/6/1' }, '解約日', '解約日: 解約日（2020-06-01）は加入日（2020-06-01）より後の日付にしてください'],
    [{ 事業者コード: '' }, '事業者コード', '事業者コード: 必須です（空欄になっています）'],
  ])('%j: %s', (cells, column, message) => {
    expect(issuesOf(parse('mutualAid', { ...base, ...cells }))).toEqual([{ line: 7, column, message }]);
  });

  test('a full row', () => {
    expect(rowOf(parse('mutualAid', { ...base, 解約日: 'R6.3.31', 証券番号: '１２３－４５６' }))).toEqual({
      businessCode: 'A1',
      type: '福祉共済',
      joinedOn: '2020-06-01',
      leftOn: '2024-03-31',
      externalId: '123-456',
    });
  });
});

describe("support checked against the chamber's 種別 and 区分", () => {
  const recordKinds = [
    { kind: '課題解決', subKinds: [] },
    { kind: '補助金申請', subKinds: ['持続化補助金', 'IT導入補助金'] },
  ];
  const check = (cells: Record<string, string>) => {
    const row = rowOf(parse('support', { 日付: 'R6.4.1', ...cells }));
    return IMPORT_KINDS.support.checkRow?.(row, { recordKinds }, 7);
  };

  test.each([[{ 種別: '課題解決' }], [{ 種別: '補助金申請' }], [{ 種別: '補助金申請', 区分: '持続化補助金' }]])('%j passes', (cells) => {
    expect(check(cells)).toEqual([]);
  });

  test.each([
    [{ 種別: '巡回' }, '種別', '種別: 「巡回」は種別一覧にありません。使える種別: 課題解決, 補助金申請'],
    [
      { 種別: '補助金申請', 区分: '持続化' },
      '区分',
      '区分: 「持続化」は種別「補助金申請」の区分にありません。使える区分: 持続化補助金, IT導入補助金',
    ],
    [
      { 種別: '課題解決', 区分: '経営' },
      '区分',
      '区分: 「経営」は種別「課題解決」の区分にありません。区分のない種別です。空欄にしてください',
    ],
  ])('%j: %s', (cells, column, message) => {
    expect(check(cells)).toEqual([{ line: 7, column, message }]);
  });

  test('without a vocabulary nothing is checked', () => {
    const row = rowOf(parse('support', { 日付: 'R6.4.1', 種別: '巡回' }));
    expect(IMPORT_KINDS.support.checkRow?.(row, {}, 7)).toEqual([]);
  });
});

// ---------------------------------------------------------------- fast paths

describe('the direct path reads every row as the schema does', () => {
  const CELLS = [
    '',
    ' ',
    '\u3000',
    'S-0001',
    'Ａ－００１',
    ' A001 ',
    '課題解決',
    ' 経営指導員  佐藤 ',
    'ﾀｶﾊｼ',
    'やまだ',
    '1',
    '0',
    '007',
    '-1',
    '1.5',
    '1,000',
    '△5',
    'abc',
    '2024-05-13',
    '2024/5/13',
    'R6.5.13',
    '令和6年5月13日',
    '2023-02-29',
    '45383',
    'R6',
    '令和6年度',
    '2024',
    '福祉共済',
    '商工貯蓄共済',
    'A001、A002・A001',
    '1行目\r\n 2行目 ',
    '①',
    '\ufffd',
  ];

  test.each(IMPORT_KIND_IDS)('%s: 3,000 random rows, the same values with the same keys in the same order', (kind) => {
    const random = seededRandom(20261125);
    let valid = 0;
    for (let round = 0; round < 3000; round++) {
      // Mostly the documented example of each column, so that many rows are valid.
      const cells: Record<string, string> = {};
      for (const { header, example } of IMPORT_KINDS[kind].columns) {
        if (random.chance(0.95)) cells[header] = random.chance(0.8) ? example : random.pick(CELLS);
      }
      const direct = IMPORT_KINDS[kind].parseRow(cells, 7);
      const bySchema = parseRowBySchema(kind, cells, 7);
      expect(direct, JSON.stringify(cells)).toStrictEqual(bySchema);
      if ('value' in direct && 'value' in bySchema) {
        expect(Object.keys(direct.value)).toEqual(Object.keys(bySchema.value));
        valid++;
      }
    }
    expect(valid).toBeGreaterThan(300);
  });

  test('a value that is not a string goes through the schema', () => {
    const cells = { 日付: 20240401, 種別: '巡回' } as unknown as Record<string, string>;
    expect(parse('support', cells)).toStrictEqual(parseRowBySchema('support', cells, 7));
  });
});

describe('western dates read without parseJapaneseDate are read as it reads them', () => {
  test('every month and day 0–32 of leap and common years, in each separator and padding', () => {
    const wrong: string[] = [];
    for (const year of [
      '0000',
      '0001',
      '0004',
      '0096',
      '0099',
      '0100',
      '0400',
      '1600',
      '1900',
      '1904',
      '2000',
      '2023',
      '2024',
      '2100',
      '2400',
      '9999',
    ]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          for (const separator of ['-', '/', '.']) {
            for (const [m, d] of [
              [String(month), String(day)],
              [String(month).padStart(2, '0'), String(day).padStart(2, '0')],
              [String(month).padStart(2, '0'), String(day)],
            ]) {
              const raw = `${year}${separator}${m}${separator}${d}`;
              const result = parse('support', { 日付: raw, 種別: '巡回' });
              const read = 'value' in result ? result.value.date : undefined;
              if (read !== parseJapaneseDate(raw)) wrong.push(`${raw}: ${read} / ${parseJapaneseDate(raw)}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  test.each([
    '2024-5-13 ',
    ' 2024-05-13',
    '２０２４-05-13',
    '2024/5-13',
    '2024-05-013',
    '20240-5-13',
    '2024--5',
    '2024-05-1a',
    'R6.5.13',
    'r6-5-13',
  ])('%j as parseJapaneseDate reads it', (raw) => {
    const result = parse('support', { 日付: raw, 種別: '巡回' });
    expect('value' in result ? result.value.date : undefined).toBe(parseJapaneseDate(raw));
  });
});
