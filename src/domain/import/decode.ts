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
import { Buffer, isUtf8 } from 'node:buffer';
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

/** The same bytes as a Buffer, not copied, for its native indexOf (Uint8Array's includes is slow on megabytes). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Encoding.detect(bytes, 'UTF8') === 'UTF8' for non-empty bytes, natively: that check is strict
 * UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF, no cut sequence), the same
 * as Node's isUtf8, and it also refuses ESC (0x1B) so that ISO-2022-JP is not taken for UTF-8.
 */
function isUtf8Text(bytes: Uint8Array): boolean {
  return asBuffer(bytes).indexOf(0x1b) < 0 && isUtf8(bytes);
}

/**
 * CP932 as iconv-lite decodes it, byte by byte or pair by pair: a single byte or a lead byte
 * and the next, to one UTF-16 code unit, or -1. Built once, from iconv-lite itself.
 */
interface Cp932Table {
  single: Int32Array;
  /** By (lead << 8) | trail. */
  pair: Int32Array;
}

const UNREADABLE = '\ufffd';

let cp932: Cp932Table | undefined;

function cp932Table(): Cp932Table {
  if (cp932) return cp932;
  const single = new Int32Array(256).fill(-1);
  const pair = new Int32Array(65536).fill(-1);
  const decode = (bytes: number[]) => iconv.decode(Buffer.from(bytes), 'CP932');
  for (let lead = 0; lead < 256; lead++) {
    const alone = decode([lead]);
    if (alone.length === 1 && alone !== UNREADABLE) {
      single[lead] = alone.charCodeAt(0);
      continue;
    }
    // A byte that is no character alone: a lead byte when some pair with it is one character.
    for (let trail = 0; trail < 256; trail++) {
      const both = decode([lead, trail]);
      if (both.length === 1 && both !== UNREADABLE) pair[(lead << 8) | trail] = both.charCodeAt(0);
    }
  }
  cp932 = { single, pair };
  return cp932;
}

/**
 * iconv.decode(bytes, 'CP932'), twice as fast for a file of valid Shift_JIS. iconv-lite
 * reads CP932 left to right through a table, and after each character starts afresh from its
 * first table: a byte that is a character alone is that character, a lead byte and the next
 * are theirs. So wherever every byte or pair is a character of that table (cp932Table, taken
 * from iconv-lite), its output is those characters in order. At the first byte that is not
 * (no mapping, a lead byte at the end), iconv-lite decodes the whole file: its U+FFFD and
 * how it steps on after one are its own.
 */
function decodeCp932(bytes: Uint8Array): string {
  const { single, pair } = cp932Table();
  const n = bytes.length;
  // UTF-16LE, low byte first (a Uint8Array keeps the low 8 bits of what is stored), whatever
  // the platform's byte order.
  const utf16 = Buffer.allocUnsafe(2 * n);
  let length = 0;
  let i = 0;
  while (i < n) {
    const byte = bytes[i] ?? 0;
    let unit = single[byte] ?? -1;
    if (unit >= 0) i++;
    else {
      if (i + 1 >= n) return iconv.decode(bytes, 'CP932');
      unit = pair[(byte << 8) | (bytes[i + 1] ?? 0)] ?? -1;
      if (unit < 0) return iconv.decode(bytes, 'CP932');
      i += 2;
    }
    utf16[length] = unit;
    utf16[length + 1] = unit >>> 8;
    length += 2;
  }
  return utf16.toString('utf16le', 0, length);
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
  if (asBuffer(bytes).indexOf(0) >= 0) {
    throw notCsv(`CSV ファイルではないようです（文字でないデータが含まれています）。${RESAVE}`);
  }
  if (bytes.length === 0 || isUtf8Text(bytes)) {
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'UTF-8' };
  }
  if (Encoding.detect(bytes, 'EUCJP') === 'EUCJP') {
    return { text: iconv.decode(bytes, 'EUC-JP'), encoding: 'EUC-JP' };
  }
  return { text: decodeCp932(bytes), encoding: 'Shift_JIS' };
}
