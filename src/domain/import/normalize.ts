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
  const text = toHalfWidthAlnum(s.replace(INVISIBLE, ''))
    .replace(HALF_WIDTH_KANA, (run) => run.normalize('NFKC'))
    .replace(/\r\n?/g, '\n');
  if (!options.multiline) return text.replace(/\s+/g, ' ').trim();
  const lines = text.split('\n').map((line) => line.replace(HORIZONTAL_SPACE, ' ').trim());
  return lines.join('\n').replace(/^\n+|\n+$/g, '');
}

/** True for '', spaces and 全角スペース. */
export function isBlank(s: string | undefined): boolean {
  return s === undefined || normalizeText(s) === '';
}

/**
 * A code (事業者コード, 記録ID): NFKC (Ａ－００１ → A-001), every dash-like character as
 * `-`, trimmed, spaces collapsed. Case is kept: codes are compared as written.
 */
export function normalizeCode(s: string): string {
  return normalizeText(s.normalize('NFKC').replace(DASHES, '-'));
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
 * Reading written in katakana: ひらがな → カタカナ, 半角カナ → 全角カナ, then normalizeText.
 * `やまだ ｼｮｳｼﾞ` → `ヤマダ ショウジ`. Other characters are left for the caller to judge.
 */
export function toKatakana(s: string): string {
  return normalizeText(s).replace(/[\u3041-\u3096\u309d\u309e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}
