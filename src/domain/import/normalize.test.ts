import { describe, expect, test } from 'vitest';
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
