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

// ---------------------------------------------------------------- dates

const ISO_DATE = /(\d{4})-(\d{2})-(\d{2})/g;

/** 2024-04-01 → 2024/4/1, also inside a text: 会員数（2024-04-01時点） → 会員数（2024/4/1時点） */
export function formatDate(text: string): string {
  return text.replace(ISO_DATE, (_, y: string, m: string, d: string) => `${y}/${Number(m)}/${Number(d)}`);
}

// ---------------------------------------------------------------- actuals

const oneDecimal = new Intl.NumberFormat('ja-JP', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function isRatioUnit(unit: string): boolean {
  return unit === '%' || unit === '％' || unit === 'ポイント';
}

/** An actual: counts like targets (1,516), ratios and fractions to one decimal (70.6). */
export function formatActual(value: number, unit: string): string {
  return isRatioUnit(unit) || !Number.isInteger(value) ? oneDecimal.format(value) : formatNumber(value);
}

/** 達成率 95.8 → 95.8% */
export function formatRate(rate: number): string {
  return `${oneDecimal.format(rate)}%`;
}

export type RateBand = 'achieved' | 'near' | 'behind' | 'far';

/** ≥100 achieved, ≥80 near, ≥30 behind, below far. */
export function rateBand(rate: number): RateBand {
  if (rate >= 100) return 'achieved';
  if (rate >= 80) return 'near';
  if (rate >= 30) return 'behind';
  return 'far';
}

export const RATE_BAND_COLOR: Record<RateBand, string> = { achieved: 'green', near: 'blue', behind: 'orange', far: 'red' };

/** A provisional actual's tooltip: 2027/3/31 に確定 */
export function finalOnText(finalOn: string | null): string {
  return finalOn === null ? '年度末に確定' : `${formatDate(finalOn)} に確定`;
}

/** The short note of a missing actual, from the server's reason (shown in full as the title). */
export function missingNote(reason: string | null): string {
  if (reason === null) return '値なし';
  if (reason.includes('まだ始まっていません')) return '未到来';
  if (reason.includes('未入力') || reason.includes('入力してください')) return '未入力';
  if (reason.includes('計算できません')) return '算出不可';
  return '値なし';
}
