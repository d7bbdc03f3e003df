import { describe, expect, test } from 'vitest';
import { seededRandom } from '../../test/random.js';
import { toHalfWidthAlnum } from '../fiscal-calendar.js';
import { isBlank, normalizeCode, normalizeText, parseInteger, parseNumber, splitList, toKatakana } from './normalize.js';

describe('normalizeText', () => {
  test.each([
    ['  山田商店  ', '山田商店'],
    ['\u3000山田\u3000商店\u3000', '山田 商店'],
    ['山田   \t 商店', '山田 商店'],
    ['ＡＢＣ商事１２３', 'ABC商事123'],
    ['ﾔﾏﾀﾞ ｼｮｳｼﾞ', 'ヤマダ ショウジ'],
    ['ｶﾞｷﾞｸﾞ ﾊﾟﾋﾟ', 'ガギグ パピ'],
    ['ｱｲｳ｡｢ｴ｣､･', 'アイウ。「エ」、・'],
    // Kept as written: NFKC would change these.
    ['①支援', '①支援'],
    ['㈱髙橋製作所', '㈱髙橋製作所'],
    ['（株）山田！', '（株）山田！'],
    ['10㎡', '10㎡'],
    ['a\u200bb\ufeffc', 'abc'],
    ['1行目\r\n2行目', '1行目 2行目'],
    ['', ''],
    ['\u3000 \u3000', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  test.each([
    ['1行目\r\n2行目', '1行目\n2行目'],
    ['  1行目  \n\u3000 2行目　\n', '1行目\n2行目'],
    ['\n\n本文\n\n', '本文'],
    ['a\rb', 'a\nb'],
    ['a   b\n\nc', 'a b\n\nc'],
  ])('multiline %j → %j', (input, expected) => {
    expect(normalizeText(input, { multiline: true })).toBe(expected);
  });
});

test.each([
  [undefined, true],
  ['', true],
  [' \u3000\t', true],
  ['0', false],
  ['-', false],
])('isBlank(%j) is %s', (input, expected) => {
  expect(isBlank(input)).toBe(expected);
});

test.each([
  ['Ａ－００１', 'A-001'],
  [' A001 ', 'A001'],
  ['A\u2212001', 'A-001'],
  ['A\u2010001', 'A-001'],
  ['a001', 'a001'],
  ['ｺｰﾄﾞ1', 'コード1'],
])('normalizeCode(%j) is %j', (input, expected) => {
  expect(normalizeCode(input)).toBe(expected);
});

describe('parseNumber', () => {
  test.each([
    ['1234', 1234],
    ['1,234', 1234],
    ['１，２３４', 1234],
    ['1,234,567', 1234567],
    [' 12.5 ', 12.5],
    ['\u300012.5\u3000', 12.5],
    ['１２．５', 12.5],
    ['0', 0],
    ['0.05', 0.05],
    ['-3', -3],
    ['－３', -3],
    ['\u22123', -3],
    ['+3', 3],
    ['△12', -12],
    ['▲12', -12],
    ['△1,234.5', -1234.5],
    ['△0', 0],
    ['¥1,234', 1234],
    ['￥1,234', 1234],
    ['\\1,234', 1234],
    ['007', 7],
  ])('%j is %d', (input, expected) => {
    expect(parseNumber(input)).toBe(expected);
  });

  test.each(['', '  ', '\u3000'])('%j is undefined', (input) => {
    expect(parseNumber(input)).toBeUndefined();
  });

  test.each([
    'abc',
    '12abc',
    '1,23',
    '1,2345',
    ',123',
    '12.',
    '.5',
    '1.2.3',
    '1e3',
    '1.00E+03',
    '(12)',
    '12%',
    '1 234',
    '--3',
    '△-3',
    'Infinity',
    'NaN',
    '12円',
    '9'.repeat(400),
  ])('%j is NaN', (input) => {
    expect(parseNumber(input)).toBeNaN();
  });
});

describe('parseInteger', () => {
  test.each([
    ['12', 12],
    ['1,234', 1234],
    ['12.0', 12],
    ['△3', -3],
    ['０', 0],
  ])('%j is %d', (input, expected) => {
    expect(parseInteger(input)).toBe(expected);
  });

  test('blank is undefined', () => {
    expect(parseInteger(' ')).toBeUndefined();
  });

  test.each(['12.5', '0.1', 'abc', '99999999999999999999'])('%j is NaN', (input) => {
    expect(parseInteger(input)).toBeNaN();
  });
});

describe('splitList', () => {
  test.each([
    ['A001、A002', ['A001', 'A002']],
    ['A001,A002', ['A001', 'A002']],
    ['A001，A002', ['A001', 'A002']],
    ['A001・A002･A003', ['A001', 'A002', 'A003']],
    ['A001;A002；A003', ['A001', 'A002', 'A003']],
    ['A001/A002／A003', ['A001', 'A002', 'A003']],
    ['A001 A002\u3000A003\nA004', ['A001', 'A002', 'A003', 'A004']],
    ['A001、 A002 ,, A003、', ['A001', 'A002', 'A003']],
    ['Ａ００１、A001', ['A001', 'A001']],
    ['A-001、B-002', ['A-001', 'B-002']],
    ['', []],
    [' 、 ', []],
  ])('%j → %j', (input, expected) => {
    expect(splitList(input)).toEqual(expected);
  });
});

test.each([
  ['やまだ しょうじ', 'ヤマダ ショウジ'],
  ['ﾔﾏﾀﾞｼｮｳｼﾞ', 'ヤマダショウジ'],
  ['ヤマダ', 'ヤマダ'],
  ['ゔぁ', 'ヴァ'],
  ['いすゞ', 'イスヾ'],
  ['ABCしょうじ', 'ABCショウジ'],
  ['ー', 'ー'],
])('toKatakana(%j) is %j', (input, expected) => {
  expect(toKatakana(input)).toBe(expected);
});

// ---------------------------------------------------------------- fast paths

/**
 * The functions as they were before their fast paths, kept here as the reference: every
 * fast path must give exactly what these give.
 */
const reference = (() => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the same pattern as normalize.ts
  const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\u2060\ufeff]/g;
  const DASHES = /[\u2010-\u2015\u2212]/g;
  const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;
  const normalizeText = (s: string, options: { multiline?: boolean } = {}): string => {
    const text = toHalfWidthAlnum(s.replace(INVISIBLE, ''))
      .replace(/[\uff61-\uff9f]+/g, (run) => run.normalize('NFKC'))
      .replace(/\r\n?/g, '\n');
    if (!options.multiline) return text.replace(/\s+/g, ' ').trim();
    const lines = text.split('\n').map((line) => line.replace(/[^\S\n]+/g, ' ').trim());
    return lines.join('\n').replace(/^\n+|\n+$/g, '');
  };
  const parseNumber = (s: string): number | undefined => {
    const text = s.normalize('NFKC').replace(INVISIBLE, '').replace(DASHES, '-').trim();
    if (text === '') return undefined;
    const m = /^([-+△▲]?)[¥\\]?(.*)$/.exec(text);
    const digits = m?.[2] ?? '';
    if (!NUMBER.test(digits)) return Number.NaN;
    const value = Number(digits.replace(/,/g, ''));
    if (!Number.isFinite(value)) return Number.NaN;
    if (value === 0) return 0;
    return m?.[1] === '' || m?.[1] === '+' ? value : -value;
  };
  return {
    normalizeText,
    isBlank: (s: string) => normalizeText(s) === '',
    normalizeCode: (s: string) => normalizeText(s.normalize('NFKC').replace(DASHES, '-')),
    parseNumber,
    parseInteger: (s: string) => {
      const value = parseNumber(s);
      if (value === undefined || Number.isNaN(value)) return value;
      return Number.isSafeInteger(value) ? value : Number.NaN;
    },
  };
})();

/** How normalize.ts differs from the reference on s (NaN equals NaN): empty when in nothing. */
function differences(s: string): string[] {
  const pairs: [string, unknown, unknown][] = [
    ['normalizeText', normalizeText(s), reference.normalizeText(s)],
    ['normalizeText multiline', normalizeText(s, { multiline: true }), reference.normalizeText(s, { multiline: true })],
    ['isBlank', isBlank(s), reference.isBlank(s)],
    ['normalizeCode', normalizeCode(s), reference.normalizeCode(s)],
    ['parseNumber', parseNumber(s), reference.parseNumber(s)],
    ['parseInteger', parseInteger(s), reference.parseInteger(s)],
  ];
  return pairs
    .filter(([, a, b]) => !Object.is(a, b))
    .map(([name, a, b]) => `${name}(${JSON.stringify(s)}): ${String(a)}, not ${String(b)}`);
}

function expectSameAsReference(cells: Iterable<string>): void {
  const found: string[] = [];
  for (const s of cells) found.push(...differences(s));
  expect(found).toEqual([]);
}

describe('the fast paths give what the general path gives', () => {
  test('every UTF-16 code unit, alone and beside ASCII and kana', () => {
    function* cells() {
      for (let c = 0; c <= 0xffff; c++) {
        const s = String.fromCharCode(c);
        yield* [s, `a${s}`, `${s}a`, `あ ${s}`];
      }
    }
    expectSameAsReference(cells());
  });

  test('typical cells', () => {
    expectSameAsReference([
      'S-0001',
      'A001',
      'a b',
      'a  b',
      ' a',
      'a ',
      '課題解決',
      '経営指導員 佐藤',
      '経営指導員　佐藤',
      '1',
      '0',
      '000',
      '007',
    ]);
    expectSameAsReference(['1,500', '9'.repeat(15), '9'.repeat(16), '9'.repeat(400), '12.5', '１２', '-0', '0.0']);
  });

  test('20,000 random cells', () => {
    const random = seededRandom(20261125);
    const PIECES = [
      'a',
      'Z',
      '0',
      '9',
      ' ',
      '  ',
      '\t',
      '\n',
      '\r\n',
      '\u3000',
      '\u00a0',
      '\u200b',
      '\ufeff',
      '\u0001',
      '\u007f',
      'あ',
      'ｶﾞ',
      '課',
      '①',
      '㈱',
      'Ａ',
      '１',
      '－',
      '−',
      '△',
      '¥',
      ',',
      '、',
      '.',
      '-',
      '😀',
      '\ud800',
      '"',
    ];
    const cells: string[] = [];
    for (let round = 0; round < 20_000; round++) {
      let s = '';
      for (let n = random.int(0, 8); n > 0; n--) s += random.pick(PIECES);
      cells.push(s);
    }
    expectSameAsReference(cells);
  });
});
