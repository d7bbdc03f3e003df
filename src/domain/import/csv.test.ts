import { describe, expect, test } from 'vitest';
import { seededRandom } from '../../test/random.js';
import { normalizeHeader, readCsv, splitPlainCsv } from './csv.js';

const spec = { known: ['日付', '種別', '金額（千円）', '備考'], required: ['日付', '種別'] };

describe('readCsv', () => {
  test('records are keyed by header, with the line each starts on', () => {
    const result = readCsv('日付,種別\r\n2024/4/1,巡回\r\n2024/4/2,窓口\r\n');
    expect(result).toEqual({
      headers: ['日付', '種別'],
      records: [
        { line: 2, cells: { 日付: '2024/4/1', 種別: '巡回' } },
        { line: 3, cells: { 日付: '2024/4/2', 種別: '窓口' } },
      ],
      issues: [],
      headerFailed: false,
    });
  });

  test('a quoted cell spanning lines: the record is reported where it starts, later lines shift', () => {
    const text = '日付,備考\n2024/4/1,"1行目\n2行目\n3行目"\n2024/4/2,"a ""quoted"" word, and a comma"\n2024/4/3,x';
    const { records, issues } = readCsv(text);
    expect(issues).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([2, 5, 6]);
    expect(records[0]?.cells.備考).toBe('1行目\n2行目\n3行目');
    expect(records[1]?.cells.備考).toBe('a "quoted" word, and a comma');
  });

  test('CRLF inside a quoted cell becomes LF; CR-only files work', () => {
    expect(readCsv('日付,備考\r\n1,"a\r\nb"\r\n2,c').records).toEqual([
      { line: 2, cells: { 日付: '1', 備考: 'a\nb' } },
      { line: 4, cells: { 日付: '2', 備考: 'c' } },
    ]);
    expect(readCsv('日付,備考\r1,a\r2,b\r').records.map((r) => r.line)).toEqual([2, 3]);
  });

  test('empty lines and all-blank rows (,,,) are skipped but counted', () => {
    const { records, issues } = readCsv('\n日付,種別\n\n2024/4/1,巡回\n,\n , \u3000\n\n2024/4/2,窓口\n\n');
    expect(issues).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([4, 8]);
  });

  test('a BOM left in the text is ignored', () => {
    expect(readCsv('\ufeff日付,種別\n1,2').headers).toEqual(['日付', '種別']);
  });

  test('trailing blank columns (an empty header with empty cells) are ignored', () => {
    const { headers, records, issues } = readCsv('日付,種別,,\n1,2,,\n3,4,,\n');
    expect(issues).toEqual([]);
    expect(headers).toEqual(['日付', '種別']);
    expect(records[1]).toEqual({ line: 3, cells: { 日付: '3', 種別: '4' } });
  });

  test('a value under an empty header is an error', () => {
    const { records, issues } = readCsv('日付,,種別\n1,x,2\n3,,4\n');
    expect(issues).toEqual([{ line: 2, column: null, message: '2列目は見出しが空なのに値があります。見出しを書いてください' }]);
    expect(records.map((r) => r.line)).toEqual([3]);
  });

  test('too few or too many cells is an error for that record only; extra blank cells are allowed', () => {
    const { records, issues } = readCsv('日付,種別\n1\n2,b,c\n3,c,,\n4,d\n');
    expect(issues).toEqual([
      { line: 2, column: null, message: expect.stringContaining('見出しは2列、この行は1列') },
      { line: 3, column: null, message: expect.stringContaining('見出しは2列、この行は3列') },
    ]);
    expect(records.map((r) => r.line)).toEqual([4, 5]);
  });

  test('a quote inside an unquoted value is reported at the record and the rest is still read', () => {
    const { records, issues } = readCsv('日付,種別\n1,a"b\n3,e\n');
    expect(issues).toEqual([{ line: 2, column: null, message: expect.stringMatching(/^値の途中に "（ダブルクォート）があります/) }]);
    expect(records).toEqual([{ line: 3, cells: { 日付: '3', 種別: 'e' } }]);
  });

  test('two stray quotes on one line are one issue, and the next line is read', () => {
    const { records, issues } = readCsv('日付,種別\n1,350"A1、A2"\n2,b\n');
    expect(issues).toEqual([{ line: 2, column: null, message: expect.stringMatching(/^値の途中に/) }]);
    expect(records).toEqual([{ line: 3, cells: { 日付: '2', 種別: 'b' } }]);
  });

  test('text after a closing quote is reported there, and says the rest of the file was not read', () => {
    const { records, issues } = readCsv('日付,種別\n1,a\n2,"c"d\n3,e\n');
    expect(records).toEqual([{ line: 2, cells: { 日付: '1', 種別: 'a' } }]);
    expect(issues).toEqual([
      { line: 3, column: null, message: expect.stringMatching(/余分な文字があります.*この行より後は読み取れていません$/) },
    ]);
  });

  test('an unclosed quote is reported at the line where the record starts', () => {
    const { records, issues } = readCsv('日付,種別\n1,a\n\n2,"b\n3,c\n4,d\n');
    expect(records.map((r) => r.line)).toEqual([2]);
    expect(issues).toEqual([{ line: 4, column: null, message: expect.stringMatching(/閉じられないまま/) }]);
  });

  test('a broken header line is the only issue: the next line is not taken for the header', () => {
    const result = readCsv('日付,種"別\n2024/4/1,巡回\n', spec);
    expect(result.headerFailed).toBe(true);
    expect(result.issues).toEqual([{ line: 1, column: null, message: expect.stringMatching(/^値の途中に/) }]);
  });

  test('a file that is one broken record says so, not that it is empty', () => {
    expect(readCsv('"日付,種別\n').issues).toEqual([{ line: 1, column: null, message: expect.stringMatching(/閉じられないまま/) }]);
  });

  test('U+FFFD (undecodable bytes) in a cell is reported with its column', () => {
    const { records, issues } = readCsv('日付,種別\n1,a\ufffd\n2,b\n');
    expect(issues).toEqual([{ line: 2, column: '種別', message: expect.stringMatching(/^種別: 読めない文字があります/) }]);
    expect(records.map((r) => r.line)).toEqual([3]);
  });

  test('an empty file', () => {
    for (const text of ['', '\n\n', ',,\n,,\n', '\ufeff']) {
      expect(readCsv(text)).toEqual({
        headers: [],
        records: [],
        issues: [{ line: null, column: null, message: expect.stringMatching(/^データがありません/) }],
        headerFailed: true,
      });
    }
  });

  test('a header alone is a file with no records', () => {
    expect(readCsv('日付,種別\r\n', spec)).toEqual({ headers: ['日付', '種別'], records: [], issues: [], headerFailed: false });
  });
});

describe('headers', () => {
  test.each([
    ['金額（千円）', '金額(千円)'],
    [' 金額 ( 千円 ) ', '金額(千円)'],
    ['金額\u3000（千円）', '金額(千円)'],
    ['ＩＤ', 'ID'],
    ['日付*', '日付'],
    ['日付※', '日付'],
    ['ｲﾍﾞﾝﾄID', 'イベントID'],
  ])('normalizeHeader(%j) is %j', (input, expected) => {
    expect(normalizeHeader(input)).toBe(expected);
  });

  test('headers are matched after normalising, and cells keyed by the spelling of the spec', () => {
    const { headers, records, issues } = readCsv(' 日付 ,種別＊,金額(千円),備　考\n1,2,3,4\n', spec);
    expect(issues).toEqual([]);
    expect(headers).toEqual(['日付', '種別', '金額（千円）', '備考']);
    expect(records[0]?.cells).toEqual({ 日付: '1', 種別: '2', '金額（千円）': '3', 備考: '4' });
  });

  test('optional headers may be absent, in any order', () => {
    expect(readCsv('種別,日付\n巡回,1\n', spec).records).toEqual([{ line: 2, cells: { 種別: '巡回', 日付: '1' } }]);
  });

  test('a duplicate header fails the header; the records are not read', () => {
    const result = readCsv('日付,種別,金額（千円）,金額(千円)\n1,2,3,4\n', spec);
    expect(result.headerFailed).toBe(true);
    expect(result.records).toEqual([]);
    expect(result.issues).toEqual([
      { line: 1, column: '金額（千円）', message: '見出し「金額（千円）」が2回あります（3列目と4列目）。1回だけにしてください' },
    ]);
  });

  test('a missing required header is an error naming it and listing the known headers', () => {
    const result = readCsv('日付,備考\n1,2\n', spec);
    expect(result.headerFailed).toBe(true);
    expect(result.issues).toEqual([
      { line: 1, column: null, message: '必須の見出しがありません: 「種別」。使える見出し: 日付, 種別, 金額（千円）, 備考' },
    ]);
  });

  test('an unknown header is an error listing the known ones, but the records are still read', () => {
    const result = readCsv('日付,種別,金額\n1,2,3\n', spec);
    expect(result.headerFailed).toBe(false);
    expect(result.issues).toEqual([
      { line: 1, column: null, message: '使えない見出しがあります: 「金額」。使える見出し: 日付, 種別, 金額（千円）, 備考' },
    ]);
    expect(result.records).toEqual([{ line: 2, cells: { 日付: '1', 種別: '2', 金額: '3' } }]);
  });

  test('no known header at all: probably the wrong kind or a title row', () => {
    const result = readCsv('令和6年度 支援記録一覧,,\n日付,種別,備考\n', spec);
    expect(result.headerFailed).toBe(true);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.message).toMatch(/^見出しが1つも合いません（「令和6年度 支援記録一覧」）。取り込む種類が合っているか/);
  });

  test('the header is the first non-empty line', () => {
    const result = readCsv('\n\n日付,種別\n1,2\n', spec);
    expect(result.records).toEqual([{ line: 4, cells: { 日付: '1', 種別: '2' } }]);
  });
});

// ---------------------------------------------------------------- the fast path

describe('the fast path (splitPlainCsv) reads every file as csv-parse does', () => {
  const general = (text: string, withSpec: typeof spec | undefined) => readCsv(text, withSpec, { fastPath: false });
  const takesFastPath = (text: string) => splitPlainCsv(text.replace(/^\ufeff/, ''), () => {});

  test.each([
    ['LF, trailing newline', '日付,種別\n2024/4/1,巡回\n'],
    ['CRLF, no trailing newline', '日付,種別\r\n2024/4/1,巡回\r\n2024/4/2,窓口'],
    ['CR only', '日付,種別\r1,a\r2,b\r'],
    ['mixed line ends', '日付,種別\r\n1,a\n2,b\r3,c'],
    ['a BOM', '\ufeff日付,種別\n1,2\n'],
    [
      'quoted values with commas, doubled quotes and line breaks',
      '日付,備考\n1,"a, b"\n2,"say ""hi"""\n3,"x\ny"\n4,"p\r\nq"\n5,"r\rs"\n6,x',
    ],
    ['an empty quoted value and a quoted value alone', '日付,種別\n"",a\n"1",""\n'],
    ['spaces before an opening quote', '日付,備考\n1,  "a"\n2,\t"b"'],
    ['spaces, tabs and 全角 spaces around values', '日付,種別\n 1 , a \n\t2\t,\u3000b\u3000\n3,\u00a0c\u00a0\n'],
    ['ragged rows', '日付,種別\n1\n2,b,c\n3,c,,\n4,d\n'],
    ['empty lines, lines of spaces and all-blank rows', '\n日付,種別\n\n1,a\n  \n,\n \t \n , \u3000\n\n2,b\n\n'],
    ['lines of spaces before the header and at the end', ' \n\n日付,種別\n1,a\n  '],
    ['a value under a blank header', '日付,,種別\n1,x,2\n3,,4\n'],
    ['U+FFFD in a cell', '日付,種別\n1,a\ufffd\n2,b\n'],
    ['trailing commas', '日付,種別,\n1,a,\n2,b,,,\n'],
    ['a header alone', '日付,種別\r\n'],
    ['form feeds and vertical tabs', '日付,種別\n\f1,a\v\n2\f,\vb\n'],
    ['trailing whitespace of every kind', '日付,種別\n1\u2003,a\u2028\n2\ufeff,b\u205f\n3\u0085,c\u0001\n'],
  ])('%s', (_name, text) => {
    expect(takesFastPath(text)).toBe(true);
    expect(readCsv(text, spec)).toStrictEqual(general(text, spec));
    expect(readCsv(text)).toStrictEqual(general(text, undefined));
  });

  test.each([
    ['a quote inside a value', '日付,種別\n1,a"b\n'],
    ['text after a closing quote', '日付,種別\n1,"a"b\n'],
    ['a space after a closing quote', '日付,種別\n1,"a" \n'],
    ['a quote never closed', '日付,種別\n1,"a\n2,b\n'],
    ['a second BOM', '\ufeff\ufeff日付,種別\n1,2\n'],
    ['a lone surrogate', '日付,種別\n1,a\ud800\n'],
  ])('gives up on %s, and readCsv reads it as csv-parse does', (_name, text) => {
    expect(takesFastPath(text)).toBe(false);
    expect(readCsv(text, spec)).toStrictEqual(general(text, spec));
  });

  test('2,000 random files', () => {
    const random = seededRandom(20261125);
    const TOKENS = [
      'a',
      'あ',
      '1',
      ' ',
      '\t',
      '\f',
      '\u3000',
      ',',
      ',',
      ',',
      '"',
      '""',
      '"a,b"',
      '"x\ny"',
      '"x\r\ny"',
      '\n',
      '\r\n',
      '\r',
      '\ufffd',
      '日付',
      '種別',
      '金額(千円)',
      ' 備考 ',
      '"a" ',
      'x"y',
    ];
    const CELLS = ['1', 'a', '', ' x ', '"q,r"', '"s""t"', '"u\nv"', '"w\r\nz"', '\u3000', 'あ ', ' ', '\ufffd', '"', 'a"b', '"c"d'];
    let fast = 0;
    for (let round = 0; round < 2000; round++) {
      let text = '';
      if (random.chance(0.3)) {
        for (let n = random.int(0, 40); n > 0; n--) text += random.pick(TOKENS);
      } else {
        const columns = random.int(1, 4);
        const lines = [Array.from({ length: columns }, () => random.pick(['日付', '種別', '金額（千円）', '備考', 'x', ''])).join(',')];
        for (let r = random.int(0, 6); r > 0; r--) {
          const count = random.chance(0.8) ? columns : random.int(0, columns + 2);
          lines.push(
            Array.from({ length: count }, () => (random.chance(0.9) ? random.pick(CELLS.slice(0, 12)) : random.pick(CELLS))).join(','),
          );
        }
        const eol = random.pick(['\n', '\r\n', '\r']);
        text = `${random.chance(0.2) ? '\ufeff' : ''}${random.chance(0.2) ? eol : ''}${lines.join(eol)}${random.chance(0.5) ? eol : ''}`;
      }
      if (takesFastPath(text)) fast++;
      const withSpec = random.chance(0.7) ? spec : undefined;
      expect(readCsv(text, withSpec), JSON.stringify(text)).toStrictEqual(general(text, withSpec));
    }
    expect(fast).toBeGreaterThan(800);
  });
});
