/** Number and numbering formats as the plan document writes them. */

const numberFormat = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 3 });

/** 1440 → 1,440 */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** A target or baseline; null (or a year without an entry) is 設定なし. */
export function formatTarget(value: number | null | undefined): string {
  return value === null || value === undefined ? '設定なし' : formatNumber(value);
}

/** 12 → １２ (半角 digits to 全角). */
export function toFullWidthDigits(value: string | number): string {
  return String(value).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

/** 1 → （１） */
export function parenNumber(n: number): string {
  return `（${toFullWidthDigits(n)}）`;
}

/** 1 → ①, … 50 → ㊿; beyond that (51). */
export function circledNumber(n: number): string {
  if (n >= 1 && n <= 20) return String.fromCodePoint(0x2460 + n - 1);
  if (n >= 21 && n <= 35) return String.fromCodePoint(0x3251 + n - 21);
  if (n >= 36 && n <= 50) return String.fromCodePoint(0x32b1 + n - 36);
  return `(${n})`;
}
