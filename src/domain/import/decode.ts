/**
 * Bytes of a CSV file → text. Japanese Excel writes "CSV（コンマ区切り）" in Shift_JIS (CP932)
 * and "CSV UTF-8（コンマ区切り）" in UTF-8 with a BOM; other tools write UTF-8 without one.
 *
 * Detection, in this order:
 * 1. UTF-8 BOM (EF BB BF) → UTF-8 (BOM), the BOM dropped.
 * 2. Not text at all (an .xlsx/.xls workbook, UTF-16, NUL bytes) → ImportFileError.
 * 3. Valid UTF-8 (pure ASCII included) → UTF-8.
 * 4. Valid EUC-JP → EUC-JP. Shift_JIS text almost never passes this test (its kana and most
 *    kanji have lead bytes 0x81–0x9F, which EUC-JP does not use; every header of every
 *    import kind has one), while EUC-JP text usually also passes as Shift_JIS (as 半角カナ),
 *    so EUC-JP must be tried first.
 * 5. Anything else → Shift_JIS, decoded as CP932 so that NEC/IBM extensions (①, ㈱, 髙) come
 *    out right. Bytes that are not CP932 either become U+FFFD, which readCsv reports at the
 *    line and column where it sits.
 */
import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';
import { ImportFileError } from './issues.js';

export type CsvEncoding = 'UTF-8' | 'UTF-8 (BOM)' | 'Shift_JIS' | 'EUC-JP';

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
}

const RESAVE = '「CSV UTF-8（コンマ区切り）」か「CSV（コンマ区切り）」で保存し直したファイルを指定してください';

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function notCsv(message: string): ImportFileError {
  return new ImportFileError([{ line: null, column: null, message }]);
}

/** Throws ImportFileError when the bytes are not CSV text; never for text in an unexpected encoding. */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)), encoding: 'UTF-8 (BOM)' };
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    throw notCsv(`Excel ブック（.xlsx）のようです。CSV しか読めません。Excel の「名前を付けて保存」で${RESAVE}`);
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw notCsv(`古い Excel ブック（.xls）のようです。CSV しか読めません。Excel の「名前を付けて保存」で${RESAVE}`);
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw notCsv(`UTF-16 のファイル（Excel の「Unicode テキスト」など）は読めません。${RESAVE}`);
  }
  if (bytes.includes(0)) {
    throw notCsv(`CSV ファイルではないようです（文字でないデータが含まれています）。${RESAVE}`);
  }
  if (bytes.length === 0 || Encoding.detect(bytes, 'UTF8') === 'UTF8') {
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'UTF-8' };
  }
  if (Encoding.detect(bytes, 'EUCJP') === 'EUCJP') {
    return { text: iconv.decode(bytes, 'EUC-JP'), encoding: 'EUC-JP' };
  }
  return { text: iconv.decode(bytes, 'CP932'), encoding: 'Shift_JIS' };
}
