import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { seededRandom } from '../../test/random.js';
import { type DecodedCsv, decodeCsvBytes } from './decode.js';
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

// ---------------------------------------------------------------- fast paths

describe('the native UTF-8 check and the CP932 table decode as encoding-japanese and iconv-lite do', () => {
  /** decodeCsvBytes as it was: encoding-japanese's UTF-8 check, iconv-lite for all of CP932. */
  function reference(bytes: Uint8Array): DecodedCsv | string {
    const startsWith = (prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
    if (startsWith([0xef, 0xbb, 0xbf])) return 'BOM';
    if (startsWith([0x50, 0x4b, 0x03, 0x04]) || startsWith([0xd0, 0xcf, 0x11, 0xe0])) return 'not text';
    if (startsWith([0xff, 0xfe]) || startsWith([0xfe, 0xff]) || bytes.includes(0)) return 'not text';
    if (bytes.length === 0 || Encoding.detect(bytes, 'UTF8') === 'UTF8')
      return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'UTF-8' };
    if (Encoding.detect(bytes, 'EUCJP') === 'EUCJP') return { text: iconv.decode(bytes, 'EUC-JP'), encoding: 'EUC-JP' };
    return { text: iconv.decode(bytes, 'CP932'), encoding: 'Shift_JIS' };
  }
  function decoded(bytes: Uint8Array): DecodedCsv | string {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'BOM';
    try {
      return decodeCsvBytes(bytes);
    } catch {
      return 'not text';
    }
  }
  /** Also: the text holds no lone surrogate, which parseImportFile lets readCsvRecords assume (wellFormed). */
  const sameAsReference = (inputs: Iterable<Uint8Array>) => {
    const wrong: string[] = [];
    for (const bytes of inputs) {
      const [a, b] = [decoded(bytes), reference(bytes)];
      const hex = Buffer.from(bytes).toString('hex');
      if (JSON.stringify(a) !== JSON.stringify(b)) wrong.push(`${hex}: ${JSON.stringify(a)} / ${JSON.stringify(b)}`);
      if (typeof a !== 'string' && !(a.text as string & { isWellFormed(): boolean }).isWellFormed()) wrong.push(`${hex}: a lone surrogate`);
    }
    expect(wrong).toEqual([]);
  };

  test('every byte pair, at the end after あ in Shift_JIS, and between ASCII', () => {
    function* inputs() {
      for (let lead = 0; lead < 256; lead++) {
        for (let trail = 0; trail < 256; trail++) {
          if (lead === 0 || trail === 0) continue; // NUL: not text, tested above
          yield new Uint8Array([0x82, 0xa0, lead, trail]);
          yield new Uint8Array([0x41, lead, trail, 0x41]);
        }
      }
    }
    sameAsReference(inputs());
  });

  test('UTF-8 sequences of every lead byte, cut and whole, and ESC', () => {
    function* inputs() {
      for (let lead = 0x80; lead < 256; lead++) {
        for (const next of [0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0]) {
          yield new Uint8Array([lead, next]);
          yield new Uint8Array([lead, next, 0x80]);
          yield new Uint8Array([lead, next, 0x80, 0x80]);
          yield new Uint8Array([0x61, lead, next, 0xbf, 0xbf, 0x61]);
        }
      }
      yield new TextEncoder().encode('a\u001bb');
      yield new TextEncoder().encode('日付\u001b');
    }
    sameAsReference(inputs());
  });

  test('3,000 random files of Shift_JIS, UTF-8 and bytes, some damaged', () => {
    const random = seededRandom(20261125);
    const TEXT = ['あいう', '①㈱髙', 'ｱｲｳ', '～', '\\', '日付,種別\r\n', '𠮷', 'ÿ', 'abc', '\u001b'];
    const BYTES = [0x1b, 0x22, 0x2c, 0x0a, 0x80, 0x81, 0x82, 0x87, 0xa0, 0xa4, 0xc2, 0xe0, 0xe3, 0xed, 0xef, 0xf0, 0xf4, 0xf9, 0xfd, 0xff];
    function* inputs() {
      for (let round = 0; round < 3000; round++) {
        const text = Array.from({ length: random.int(0, 10) }, () => random.pick(TEXT)).join('');
        const bytes = [...(random.chance(0.5) ? iconv.encode(text, 'CP932') : new TextEncoder().encode(text))];
        if (random.chance(0.5) && bytes.length > 0) bytes.splice(random.int(0, bytes.length - 1), random.int(0, 1), random.pick(BYTES));
        if (random.chance(0.1)) for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(1, 255);
        yield new Uint8Array(bytes);
      }
    }
    sameAsReference(inputs());
  });
});
