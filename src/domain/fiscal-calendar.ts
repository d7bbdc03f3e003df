/**
 * The fiscal calendar: 年度 (April–March) and 和暦. The only module that knows how a
 * fiscal year, an as-of day or an era name is computed; views and queries call it.
 *
 * Dates are ISO `YYYY-MM-DD` strings: a calendar day, with no time and no zone. What day
 * "today" is gets decided once, at the edge (src/clock.ts, Asia/Tokyo), and passed in.
 * Nothing here reads a clock.
 *
 * Edge cases:
 * - 3月31日 belongs to the previous fiscal year; 4月1日 starts the next.
 * - An as-of day in January–March of fiscal year Y falls in calendar year Y+1
 *   (1月末 of FY2024 is 2025-01-31).
 * - 平成 ends 2019-04-30 and 令和 starts 2019-05-01; the first year of an era is 元年.
 *   A fiscal year is named by the era in force on 12月31日 of its first calendar year:
 *   FY2019 is 令和元年度 (as the government wrote it after the change) and FY1988 stays
 *   昭和63年度 (平成 began in January 1989, during that fiscal year).
 */

export type IsoDate = string;
export type FiscalYear = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidDateParts({ year, month, day }: DateParts): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export function parseIsoDate(date: IsoDate): DateParts {
  const m = ISO_DATE.exec(date);
  const parts = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  if (!parts || !isValidDateParts(parts)) {
    throw new RangeError(`日付の形式が正しくありません（YYYY-MM-DD）: ${date}`);
  }
  return parts;
}

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  return !!m && isValidDateParts({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
}

export function toIsoDate({ year, month, day }: DateParts): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The day in Japan of an instant already taken (an ISO timestamp such as an import's `now`):
 * a 商工会's day is a day in Japan (src/clock.ts decides it for "today"), and Japan keeps
 * UTC+9 all year, with no daylight saving.
 */
export function japanDateOf(instant: string): IsoDate {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`日時の形式が正しくありません: ${instant}`);
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** The fiscal year a day belongs to: April–March, named by the calendar year of its April. */
export function fiscalYearOf(date: IsoDate): FiscalYear {
  const { year, month } = parseIsoDate(date);
  return month >= 4 ? year : year - 1;
}

/** First and last day of a fiscal year, both inclusive. */
export function fiscalYearBounds(fiscalYear: FiscalYear): { start: IsoDate; end: IsoDate } {
  return {
    start: toIsoDate({ year: fiscalYear, month: 4, day: 1 }),
    end: toIsoDate({ year: fiscalYear + 1, month: 3, day: 31 }),
  };
}

/**
 * A day inside a fiscal year, given as `MM-DD`, or `MM-末` for the month's last day.
 * `asOf(2024, '04-01')` is 2024-04-01; `asOf(2024, '01-末')` is 2025-01-31.
 */
export function asOf(fiscalYear: FiscalYear, monthDay: string): IsoDate {
  const m = /^(\d{2})-(\d{2}|末)$/.exec(monthDay);
  if (!m) throw new RangeError(`基準日の形式が正しくありません（MM-DD または MM-末）: ${monthDay}`);
  const month = Number(m[1]);
  if (month < 1 || month > 12) throw new RangeError(`基準日の月が正しくありません: ${monthDay}`);
  const year = month >= 4 ? fiscalYear : fiscalYear + 1;
  const day = m[2] === '末' ? daysInMonth(year, month) : Number(m[2]);
  const parts = { year, month, day };
  if (!isValidDateParts(parts)) throw new RangeError(`存在しない日付です: ${fiscalYear}年度 ${monthDay}`);
  return toIsoDate(parts);
}

export type Half = 'firstHalf' | 'secondHalf';

/** 上期 (4–9月) or 下期 (10–3月). */
export function halfOf(date: IsoDate): Half {
  const { month } = parseIsoDate(date);
  return month >= 4 && month <= 9 ? 'firstHalf' : 'secondHalf';
}

export function halfLabel(half: Half): string {
  return half === 'firstHalf' ? '上期' : '下期';
}

/** The fiscal years from `from` to `to`, both included. */
export function fiscalYearRange(from: FiscalYear, to: FiscalYear): FiscalYear[] {
  const years: FiscalYear[] = [];
  for (let y = from; y <= to; y++) years.push(y);
  return years;
}

// ---------------------------------------------------------------- 和暦

interface Era {
  name: string;
  letter: string;
  start: IsoDate;
}

/** Newest first. */
const ERAS: readonly Era[] = [
  { name: '令和', letter: 'R', start: '2019-05-01' },
  { name: '平成', letter: 'H', start: '1989-01-08' },
  { name: '昭和', letter: 'S', start: '1926-12-25' },
  { name: '大正', letter: 'T', start: '1912-07-30' },
  { name: '明治', letter: 'M', start: '1868-01-25' },
];

function eraOnDate(date: IsoDate): Era {
  const era = ERAS.find((e) => e.start <= date);
  if (!era) throw new RangeError(`和暦に変換できない日付です: ${date}`);
  return era;
}

function eraStartYear(era: Era): number {
  return parseIsoDate(era.start).year;
}

export interface EraYear {
  era: string;
  letter: string;
  year: number;
}

/** The era and era-year of a calendar day. */
export function eraYearOfDate(date: IsoDate): EraYear {
  const era = eraOnDate(date);
  return { era: era.name, letter: era.letter, year: parseIsoDate(date).year - eraStartYear(era) + 1 };
}

/** The era and era-year of a fiscal year: the era in force on 12月31日 of its first calendar year. */
export function eraYearOfFiscalYear(fiscalYear: FiscalYear): EraYear {
  const era = eraOnDate(toIsoDate({ year: fiscalYear, month: 12, day: 31 }));
  return { era: era.name, letter: era.letter, year: fiscalYear - eraStartYear(era) + 1 };
}

function eraYearText(year: number): string {
  return year === 1 ? '元' : String(year);
}

export type FiscalYearStyle = 'era' | 'short' | 'western';

/**
 * 令和6年度 (era), R6年度 (short), 2024年度 (western).
 * The short form keeps the digit for the first year (R1年度), as tables do.
 */
export function formatFiscalYear(fiscalYear: FiscalYear, style: FiscalYearStyle = 'era'): string {
  if (style === 'western') return `${fiscalYear}年度`;
  const { era, letter, year } = eraYearOfFiscalYear(fiscalYear);
  return style === 'short' ? `${letter}${year}年度` : `${era}${eraYearText(year)}年度`;
}

/** 令和6年4月1日 */
export function formatJapaneseDate(date: IsoDate): string {
  const { era, year } = eraYearOfDate(date);
  const { month, day } = parseIsoDate(date);
  return `${era}${eraYearText(year)}年${month}月${day}日`;
}

/** 全角 digits and letters to 半角, for labels typed in Japanese. */
export function toHalfWidthAlnum(text: string): string {
  return text.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

function eraByNameOrLetter(token: string): Era | undefined {
  const t = token.toUpperCase();
  return ERAS.find((e) => e.name === token || e.letter === t);
}

/**
 * Reads a fiscal year as people write it: 2024, "2024", "2024年度", "R6", "R6年度",
 * "令和6年度", "令和元年度", "FY2024" (全角 digits too). Returns undefined when it is none.
 */
export function parseFiscalYear(input: string | number): FiscalYear | undefined {
  if (typeof input === 'number') return Number.isInteger(input) && input >= 1000 && input <= 9999 ? input : undefined;
  const s = toHalfWidthAlnum(input).replace(/\s/g, '');
  const western = /^(?:FY)?(\d{4})(?:年度)?$/i.exec(s);
  if (western) return Number(western[1]);
  const era = /^(明治|大正|昭和|平成|令和|[MTSHR])(元|\d{1,2})(?:年度)?$/i.exec(s);
  if (!era) return undefined;
  const e = eraByNameOrLetter(era[1] ?? '');
  if (!e) return undefined;
  const n = era[2] === '元' ? 1 : Number(era[2]);
  if (n < 1) return undefined;
  // The era must be in force during some part of that fiscal year: 平成31年度 and
  // 令和元年度 both name FY2019 (budgets drafted before the change say 平成31年度),
  // while 昭和64年度 names nothing (FY1989 began under 平成).
  const fiscalYear = eraStartYear(e) + n - 1;
  const { start, end } = fiscalYearBounds(fiscalYear);
  const next = ERAS[ERAS.indexOf(e) - 1];
  const inForce = e.start <= end && (!next || next.start > start);
  return inForce ? fiscalYear : undefined;
}

const WESTERN_DATE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const WESTERN_KANJI_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const ERA_DATE = /^(明治|大正|昭和|平成|令和|[MTSHR])(元|\d{1,2})(?:([-/.])(\d{1,2})\3(\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/i;

function validDate(year: string | undefined, month: string | undefined, day: string | undefined): IsoDate | undefined {
  const parts = { year: Number(year), month: Number(month), day: Number(day) };
  return isValidDateParts(parts) ? toIsoDate(parts) : undefined;
}

/**
 * Reads a calendar day as staff type it into Excel, or undefined when it is none:
 * `2024-04-01`, `2024/4/1`, `2024.4.1`, `2024年4月1日`, `R6.4.1`, `R6/4/1`, `r6-4-1`,
 * `令和6年4月1日`, `令和元年5月1日`, `R6年4月1日`, `H31.4.30`, `平成31年4月30日`.
 * 全角 digits, letters and punctuation (`Ｒ６．４．１`, `２０２４／４／１`), the one-character
 * era signs (㋿, ㍻) and spaces anywhere are accepted.
 *
 * Edge cases:
 * - Impossible days are refused: 2023-02-29, 2024/4/31.
 * - The day must fall inside the era: 令和1年4月30日 is refused (令和 starts 2019-05-01),
 *   and so is 平成31年5月1日 (平成 ends 2019-04-30); 昭和64年1月7日 is accepted. Year 0 is refused.
 * - A western date needs a 4-digit year and one separator throughout (`2024/4-1` is refused);
 *   `24/4/1` is refused as ambiguous.
 * - Excel's date serial numbers (`45383`) are NOT accepted, nor times (`2024/4/1 0:00`), nor
 *   `20240401`: a CSV cell that holds one means the column was not formatted as a date.
 */
export function parseJapaneseDate(input: string): IsoDate | undefined {
  // NFKC turns 全角 digits, letters and ．／－ into ASCII and ㋿/㍻ into 令和/平成; it is safe
  // here because a date holds nothing else.
  const s = input.normalize('NFKC').replace(/\s/g, '');

  const western = WESTERN_DATE.exec(s);
  if (western) return validDate(western[1], western[3], western[4]);
  const kanji = WESTERN_KANJI_DATE.exec(s);
  if (kanji) return validDate(kanji[1], kanji[2], kanji[3]);

  const m = ERA_DATE.exec(s);
  if (!m) return undefined;
  const era = eraByNameOrLetter(m[1] ?? '');
  if (!era) return undefined;
  const eraYear = m[2] === '元' ? 1 : Number(m[2]);
  if (eraYear < 1) return undefined;
  const parts = { year: eraStartYear(era) + eraYear - 1, month: Number(m[4] ?? m[6]), day: Number(m[5] ?? m[7]) };
  if (!isValidDateParts(parts)) return undefined;
  const date = toIsoDate(parts);
  const next = ERAS[ERAS.indexOf(era) - 1];
  const inEra = era.start <= date && (!next || date < next.start);
  return inEra ? date : undefined;
}
