import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { decodeCsvBytes } from './decode.js';
import { ImportFileError } from './issues.js';

const JAPANESE = '事業者コード,事業者名,備考\r\nA001,㈱髙橋製作所,①巡回 ②窓口 ｶﾀｶﾅ ～\r\n';
const utf8 = (s: string) => new TextEncoder().encode(s);
const withBom = (bytes: Uint8Array) => new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);

describe('decodeCsvBytes', () => {
  test('Shift_JIS (CP932) with NEC/IBM extended characters: ① ㈱ 髙', () => {
    const bytes = iconv.encode(JAPANESE, 'CP932');
    expect(decodeCsvBytes(bytes)).toEqual({ text: JAPANESE, encoding: 'Shift_JIS' });
  });

  test('Shift_JIS of hiragana only', () => {
    expect(decodeCsvBytes(iconv.encode('あいう', 'Shift_JIS'))).toEqual({ text: 'あいう', encoding: 'Shift_JIS' });
  });

  test('Excel writes ¥ as 0x5C in Shift_JIS: it comes back as a backslash', () => {
    expect(decodeCsvBytes(new Uint8Array([0x5c, 0x31, 0x82, 0xa0])).text).toBe('\\1あ');
  });

  test('UTF-8 with BOM: the BOM is dropped', () => {
    expect(decodeCsvBytes(withBom(utf8(JAPANESE)))).toEqual({ text: JAPANESE, encoding: 'UTF-8 (BOM)' });
  });

  test('UTF-8 without BOM', () => {
    expect(decodeCsvBytes(utf8(JAPANESE))).toEqual({ text: JAPANESE, encoding: 'UTF-8' });
  });

  test('ASCII counts as UTF-8', () => {
    expect(decodeCsvBytes(utf8('code,name\r\nA,B\r\n'))).toEqual({ text: 'code,name\r\nA,B\r\n', encoding: 'UTF-8' });
  });

  test('empty file is UTF-8 and empty', () => {
    expect(decodeCsvBytes(new Uint8Array())).toEqual({ text: '', encoding: 'UTF-8' });
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf]))).toEqual({ text: '', encoding: 'UTF-8 (BOM)' });
  });

  test('EUC-JP', () => {
    const text = '事業者コード,事業者名\nA001,山田商店\n';
    expect(decodeCsvBytes(iconv.encode(text, 'EUC-JP'))).toEqual({ text, encoding: 'EUC-JP' });
  });

  test('bytes that are neither UTF-8 nor CP932 become U+FFFD (readCsv reports them)', () => {
    const bytes = new Uint8Array([...iconv.encode('事業者名,', 'CP932'), 0x82, 0xff]);
    const { text, encoding } = decodeCsvBytes(bytes);
    expect(encoding).toBe('Shift_JIS');
    expect(text.startsWith('事業者名,')).toBe(true);
    expect(text).toContain('\ufffd');
  });

  test.each([
    ['an .xlsx workbook', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], /\.xlsx/],
    ['an .xls workbook', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], /\.xls/],
    ['UTF-16LE with BOM', [0xff, 0xfe, 0x8b, 0x4e], /UTF-16/],
    ['UTF-16BE with BOM', [0xfe, 0xff, 0x4e, 0x8b], /UTF-16/],
    ['NUL bytes', [0x61, 0x00, 0x62, 0x00], /CSV ファイルではない/],
  ])('%s is refused with a Japanese message', (_, bytes, message) => {
    let thrown: unknown;
    try {
      decodeCsvBytes(new Uint8Array(bytes));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ImportFileError);
    const issues = thrown instanceof ImportFileError ? thrown.issues : [];
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: null, column: null, message: expect.stringMatching(message) });
    expect(issues[0]?.message).toMatch(/CSV UTF-8（コンマ区切り）/);
  });
});
