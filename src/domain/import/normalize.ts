/**
 * Cell text as people type it into Japanese Excel, made comparable. Pure string helpers.
 *
 * Unicode NFKC would do most of this in one call, but on free text it also changes what the
 * user wrote: ① becomes 1, ㈱ becomes (株), ㎡ becomes m2, and 全角 punctuation （）！ becomes
 * ASCII. So free text (normalizeText) only gets the safe parts: 全角英数 → 半角, 半角カナ →
 * 全角カナ, spaces. Codes, numbers and lists, which hold nothing worth keeping, get full NFKC.
 */
import { toHalfWidthAlnum } from '../fiscal-calendar.js';

// Removing control characters is the point here: a cell may hold stray ones from other systems.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matches control characters on purpose, to drop them
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\u2060\ufeff]/g;
const HALF_WIDTH_KANA = /[\uff61-\uff9f]+/g;
const HORIZONTAL_SPACE = /[^\S\n]+/g;
const DASHES = /[\u2010-\u2015\u2212]/g;

export interface NormalizeTextOptions {
  /** Keep line breaks (a note typed with Alt+Enter); spaces are still collapsed within each line. */
  multiline?: boolean;
}

/**
 * Trims (U+3000 too), collapses runs of spaces to one, turns 全角英数 into 半角 and 半角カナ
 * into 全角カナ (ｶﾞ → ガ), drops zero-width and control characters. Line breaks become one
 * space unless `multiline`, which keeps them (as \n) and trims each line.
 */
export function normalizeText(s: string, options: NormalizeTextOptions = {}): string {
  if (isAlreadyNormal(s)) return s;
  const text = toHalfWidthAlnum(s.replace(INVISIBLE, ''))
    .replace(HALF_WIDTH_KANA, (run) => run.normalize('NFKC'))
    .replace(/\r\n?/g, '\n');
  if (!options.multiline) return text.replace(/\s+/g, ' ').trim();
  const lines = text.split('\n').map((line) => line.replace(HORIZONTAL_SPACE, ' ').trim());
  return lines.join('\n').replace(/^\n+|\n+$/g, '');
}

/**
 * normalizeText(s) is '' exactly when every character of s is one it drops (INVISIBLE) or
 * whitespace (\s): its other steps turn no character into whitespace and drop none.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters INVISIBLE drops
const BLANK = /^[\s\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\u2060\ufeff]*$/;

/** True for '', spaces and 全角スペース. */
export function isBlank(s: string | undefined): boolean {
  if (s === undefined || s === '') return true;
  // Fast path: printable ASCII other than space, kana and kanji (U+3001–U+FEFE) are neither
  // whitespace nor invisible, so a cell starting with one is not blank.
  const first = s.charCodeAt(0);
  if ((first > 0x20 && first < 0x7f) || (first > 0x3000 && first < 0xfeff)) return false;
  return BLANK.test(s);
}

/**
 * True when normalizeText would return s as it is, in either mode, so that its regex chain can
 * be skipped: every character is printable ASCII or in U+3001–U+FEFE (kana, kanji, 全角
 * punctuation such as 「」・、; none of them is whitespace, invisible, 全角英数 or 半角カナ, which
 * start at U+FF10), with no line break, and spaces single and between other characters.
 */
function isAlreadyNormal(s: string): boolean {
  let afterSpace = true; // so that a leading space fails
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) {
      if (afterSpace) return false;
      afterSpace = true;
    } else if ((c > 0x20 && c < 0x7f) || (c >= 0x3001 && c <= 0xfefe)) {
      afterSpace = false;
    } else {
      return false;
    }
  }
  return !afterSpace || s.length === 0;
}

/**
 * True for printable ASCII with no space at either end and no two spaces in a row
 * (`S-0001`, `A001`): NFKC leaves it as it is, it holds no dash-like character and
 * normalizeText leaves it as it is, so normalizeCode returns it unchanged.
 */
function isPlainAsciiCode(s: string): boolean {
  let afterSpace = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) {
      if (afterSpace) return false;
      afterSpace = true;
    } else if (c > 0x20 && c < 0x7f) {
      afterSpace = false;
    } else {
      return false;
    }
  }
  return !afterSpace;
}

/**
 * A code (事業者コード, 記録ID): NFKC (Ａ－００１ → A-001), every dash-like character as
 * `-`, trimmed, spaces collapsed. Case is kept: codes are compared as written.
 */
export function normalizeCode(s: string): string {
  if (isPlainAsciiCode(s)) return s;
  return normalizeText(s.normalize('NFKC').replace(DASHES, '-'));
}

/**
 * 1 to 15 ASCII digits (`1`, `1500`, `007`): NFKC, INVISIBLE, DASHES and trim leave them as
 * they are, NUMBER matches them with no sign, and Number() of them is a finite safe integer,
 * so parseNumber is Number(s) (`0` and `000` are +0, never -0).
 */
function isShortDigitRun(s: string): boolean {
  if (s.length === 0 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;

/**
 * A number as Excel shows it: `1234`, `1,234`, `１，２３４`, ` 12.5 `, `-3`, `−3`, and
 * Japanese accounting negatives `△12` / `▲12` (→ -12); a leading ¥ is allowed (also as `\`,
 * which is how Shift_JIS files written by Excel carry it).
 * Returns undefined for a blank cell and NaN for anything else (`1,23`, `12abc`, `1e3`,
 * `(12)`, `12%`, `1 234`): callers report NaN as an error.
 */
export function parseNumber(s: string): number | undefined {
  if (isShortDigitRun(s)) return Number(s);
  const text = s.normalize('NFKC').replace(INVISIBLE, '').replace(DASHES, '-').trim();
  if (text === '') return undefined;
  const m = /^([-+△▲]?)[¥\\]?(.*)$/.exec(text);
  const digits = m?.[2] ?? '';
  if (!NUMBER.test(digits)) return Number.NaN;
  const value = Number(digits.replace(/,/g, ''));
  if (!Number.isFinite(value)) return Number.NaN;
  if (value === 0) return 0; // never -0
  return m?.[1] === '' || m?.[1] === '+' ? value : -value;
}

/** parseNumber, then NaN unless the number is a whole (safe) integer: `12.5` is NaN, `12.0` is 12. */
export function parseInteger(s: string): number | undefined {
  const value = parseNumber(s);
  if (value === undefined || Number.isNaN(value)) return value;
  return Number.isSafeInteger(value) ? value : Number.NaN;
}

const LIST_SEPARATORS = /[、,・;/\s]+/;

/**
 * A cell listing several codes: separated by `、` `,` `・` `;` `／` `/` or spaces, 全角 or
 * 半角 (`A001、A002 / A003`). Items are normalised as codes; empty items are dropped; order
 * and duplicates are kept.
 */
export function splitList(s: string): string[] {
  return s
    .normalize('NFKC')
    .split(LIST_SEPARATORS)
    .map(normalizeCode)
    .filter((item) => item !== '');
}

/**
 * What a フリガナ may hold once in katakana (toKatakana): katakana, 長音, 中黒, spaces, and the
 * ASCII letters, digits and marks of names like ABC(カ). The importer and the 事業者 form share it.
 */
export const KANA_ALLOWED = /^[\u30a1-\u30fa\u30fc-\u30fe・ A-Za-z0-9()&.,'\-/]*$/;

/**
 * Reading written in katakana: ひらがな → カタカナ, 半角カナ → 全角カナ, then normalizeText.
 * `やまだ ｼｮｳｼﾞ` → `ヤマダ ショウジ`. Other characters are left for the caller to judge.
 */
export function toKatakana(s: string): string {
  return normalizeText(s).replace(/[\u3041-\u3096\u309d\u309e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}
