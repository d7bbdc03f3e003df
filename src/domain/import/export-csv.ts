/**
 * Records → CSV in the import format: the same headers, one row per record as the import
 * reads it, so that importing an export gives the same data (and re-importing it into the
 * same chamber adds and changes nothing). Pure: rows in, bytes out.
 *
 * How cells are written:
 * - Headers exactly as the kind defines them (kinds.ts), in the order of its columns.
 * - Dates as Japanese Excel shows and saves them: `2024/4/1` (no leading zeros).
 * - Fiscal years as staff say them: `令和6年度` (`令和元年度` for 2019; before 明治 `1867年度`).
 * - Numbers plain, without thousands separators or exponent: `1500`, `12.5`, `0.0000001`.
 * - 参加事業者コード joined with `、`.
 * - Text as stored (already normalised by the import); line breaks of 備考 kept inside the cell.
 * - Text and codes starting with = + - @ get a `'` in front (formula-guard.ts), which the
 *   import takes off again.
 * - RFC 4180 quoting as Excel writes it: a cell with `,` `"` CR or LF is quoted, `"` doubled;
 *   records end with CRLF, line breaks inside a cell stay LF (Excel's Alt+Enter).
 *
 * Encodings: UTF-8 with a BOM (Excel opens it as UTF-8; the default), or Shift_JIS as Windows
 * writes it (CP932, so ① ㈱ 髙 are kept). A character CP932 cannot carry (〜 U+301C, − U+2212,
 * 𠮷, emoji …) is never replaced by `?`: the export is refused, naming each cell (line as the
 * file would have it, column, the character), so that staff export in UTF-8 instead.
 */
import { Buffer } from 'node:buffer';
import iconv from 'iconv-lite';
import { DomainError, type ErrorDetail } from '../errors.js';
import { type FiscalYear, formatFiscalYear, type IsoDate } from '../fiscal-calendar.js';
import { guardFormula } from './formula-guard.js';
import { IMPORT_KIND_IDS, IMPORT_KINDS, type ImportKind, type ImportKindDefinition, type ImportRowByKind } from './kinds.js';
import { splitList } from './normalize.js';

export const EXPORT_ENCODINGS = ['utf-8', 'shift_jis'] as const;
export type ExportEncoding = (typeof EXPORT_ENCODINGS)[number];

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

// ---------------------------------------------------------------- which rows, and the file's name

/** Which rows to export; what each kind may be filtered by is EXPORT_FILTERS. */
export interface ExportFilter {
  fiscalYear?: FiscalYear | undefined;
  /** First day, included. */
  from?: IsoDate | undefined;
  /** Last day, included. */
  to?: IsoDate | undefined;
  /** 種別 of 支援記録. */
  recordKind?: string | undefined;
}

type FilterName = 'fiscalYear' | 'dateRange' | 'recordKind';

/**
 * By year: the kinds whose rows belong to one (統計値, 財務 by their 年度; 支援記録, イベント by
 * the year of their date). By dates: the dated kinds. 事業者 and 共済 are periods, which a year
 * would cut in more ways than one: they export whole.
 */
export const EXPORT_FILTERS: { readonly [K in ImportKind]: readonly FilterName[] } = {
  businesses: [],
  statistics: ['fiscalYear'],
  support: ['fiscalYear', 'dateRange', 'recordKind'],
  events: ['fiscalYear', 'dateRange'],
  finances: ['fiscalYear'],
  mutualAid: [],
};

const FILTER_LABELS: Record<FilterName, string> = { fiscalYear: '年度', dateRange: '日付', recordKind: '種別' };

/** A Japanese message when the filter does not fit the kind, else undefined. */
export function exportFilterProblem(kind: ImportKind, filter: ExportFilter): string | undefined {
  const asked: FilterName[] = [];
  if (filter.fiscalYear !== undefined) asked.push('fiscalYear');
  if (filter.from !== undefined || filter.to !== undefined) asked.push('dateRange');
  if (filter.recordKind !== undefined) asked.push('recordKind');
  const allowed = EXPORT_FILTERS[kind];
  const refused = asked.find((f) => !allowed.includes(f));
  if (refused !== undefined) {
    const kinds = IMPORT_KIND_IDS.filter((k) => EXPORT_FILTERS[k].includes(refused)).map((k) => IMPORT_KINDS[k].name);
    return `${IMPORT_KINDS[kind].name}は${FILTER_LABELS[refused]}で絞り込めません（${FILTER_LABELS[refused]}で絞り込めるのは ${kinds.join('・')}）`;
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to)
    return `日付の範囲が逆です（${filter.from} から ${filter.to}）`;
  return undefined;
}

/** Characters a file name may not hold on Windows or elsewhere. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are among those a file name may not hold
const UNSAFE_IN_FILE_NAMES = /[\\/:*?"<>|\u0000-\u001f]/g;

/**
 * The file's name: `支援記録_R6年度.csv`, `支援記録_補助金申請_20240401-20240930.csv`; and
 * an ASCII one for what cannot carry Japanese (`support_FY2024.csv`).
 */
export function exportFileName(kind: ImportKind, filter: ExportFilter): { name: string; ascii: string } {
  const name = [IMPORT_KINDS[kind].name];
  const ascii: string[] = [kind];
  if (filter.recordKind !== undefined) name.push(filter.recordKind.replace(UNSAFE_IN_FILE_NAMES, '_'));
  if (filter.fiscalYear !== undefined) {
    name.push(filter.fiscalYear >= 1868 ? formatFiscalYear(filter.fiscalYear, 'short') : `${filter.fiscalYear}年度`);
    ascii.push(`FY${filter.fiscalYear}`);
  }
  if (filter.from !== undefined || filter.to !== undefined) {
    const range = `${filter.from?.replace(/-/g, '') ?? ''}-${filter.to?.replace(/-/g, '') ?? ''}`;
    name.push(range);
    ascii.push(range);
  }
  return { name: `${name.join('_')}.csv`, ascii: `${ascii.join('_')}.csv` };
}

// ---------------------------------------------------------------- cells

/** `2024-04-01` → `2024/4/1`. */
export function formatDateCell(date: IsoDate): string {
  return `${date.slice(0, 4)}/${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
}

/** 令和6年度; a year before 明治 (no era to name it) as 1867年度. */
export function formatFiscalYearCell(fiscalYear: FiscalYear): string {
  return fiscalYear >= 1868 ? formatFiscalYear(fiscalYear, 'era') : `${String(fiscalYear).padStart(4, '0')}年度`;
}

/**
 * A number as parseNumber reads it back to the same double: the shortest form that does
 * (String), with an exponent written out (1e-7 → 0.0000001; 1e21 and above do not occur, the
 * import allows 15 digits).
 */
export function formatNumberCell(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  if (value === 0) return '0'; // -0 too
  const s = String(value);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const point = mantissa.indexOf('.');
  const digits = point < 0 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  const at = (point < 0 ? mantissa.length : point) + exponent; // where the point goes in `digits`
  const plain =
    at <= 0
      ? `0.${'0'.repeat(-at)}${digits}`
      : at >= digits.length
        ? digits + '0'.repeat(at - digits.length)
        : `${digits.slice(0, at)}.${digits.slice(at)}`;
  return negative ? `-${plain}` : plain;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: quoted when it holds `,` `"` CR or LF, with `"` doubled. */
export function quoteCsvCell(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One record: cells quoted, joined with `,`, ended with CRLF. */
export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + quoteCsvCell(cells[i] ?? '');
  return `${line}\r\n`;
}

/** A value the import format cannot hold (checked where it could happen). */
class UnwritableCell extends Error {}

type CellFormat = 'text' | 'date' | 'fiscalYear' | 'number' | 'codeList';

/** How each field of each kind is written; a field missing here fails the type check. */
const FORMATS: { readonly [K in ImportKind]: { readonly [F in keyof ImportRowByKind[K] & string]-?: CellFormat } } = {
  businesses: {
    code: 'text',
    name: 'text',
    kana: 'text',
    industry: 'text',
    district: 'text',
    employees: 'number',
    foundedOn: 'date',
    joinedOn: 'date',
    leftOn: 'date',
  },
  statistics: { fiscalYear: 'fiscalYear', item: 'text', value: 'number' },
  support: {
    externalId: 'text',
    date: 'date',
    businessCode: 'text',
    kind: 'text',
    subKind: 'text',
    quantity: 'number',
    amount: 'number',
    staff: 'text',
    note: 'text',
  },
  events: {
    externalId: 'text',
    date: 'date',
    name: 'text',
    category: 'text',
    visitors: 'number',
    participantCodes: 'codeList',
  },
  finances: { fiscalYear: 'fiscalYear', membershipFees: 'number', fees: 'number', recurringIncome: 'number' },
  mutualAid: { businessCode: 'text', type: 'text', joinedOn: 'date', leftOn: 'date', externalId: 'text' },
};

function formatCell(value: unknown, format: CellFormat): string {
  if (value === undefined || value === null) return '';
  switch (format) {
    case 'text':
      return guardFormula(String(value));
    case 'date':
      return formatDateCell(String(value));
    case 'fiscalYear':
      return formatFiscalYearCell(Number(value));
    case 'number':
      return formatNumberCell(Number(value));
    case 'codeList': {
      const codes = value as readonly string[];
      const cell = codes.join('、');
      // A code with a separator in it (`A 1`, `A/1`) would come back as two.
      const back = splitList(cell);
      if (back.length !== codes.length || back.some((c, i) => c !== codes[i])) {
        const bad = codes.find((c) => splitList(c).join() !== c) ?? cell;
        throw new UnwritableCell(`事業者コード「${bad}」は区切りの文字（、 , ・ ; / 空白）を含むため、コードの並びに書けません`);
      }
      return guardFormula(cell);
    }
  }
}

/** A row's cells in the order of the kind's columns: formatted and guarded, not yet quoted. */
export function exportCells<K extends ImportKind>(kind: K, row: ImportRowByKind[K]): string[] {
  const formats: { readonly [F in keyof ImportRowByKind[K] & string]-?: CellFormat } = FORMATS[kind];
  const { columns }: { columns: ImportKindDefinition<K>['columns'] } = IMPORT_KINDS[kind];
  return columns.map((c) => formatCell(row[c.field], formats[c.field]));
}

/** The header line, exactly the headers the import knows. */
export function exportHeader(kind: ImportKind): string {
  return csvLine(IMPORT_KINDS[kind].columns.map((c) => c.header));
}

// ---------------------------------------------------------------- encoding

/** True when the text comes back from CP932 as it is (iconv-lite writes `?` for what it lacks, and ¥ as `\`). */
function cp932Keeps(text: string): boolean {
  return iconv.decode(iconv.encode(text, 'CP932'), 'CP932') === text;
}

/** Lone surrogates: no encoding can write them. */
const BROKEN = /\p{Cs}/u;

/** The characters of a cell the encoding cannot carry, each once. */
function unwritableCharacters(cell: string, encoding: ExportEncoding): string[] {
  const bad = new Set<string>();
  for (const c of cell) if (BROKEN.test(c) || (encoding === 'shift_jis' && !cp932Keeps(c))) bad.add(c);
  return [...bad];
}

const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** At most this many cells are listed in an error; the count is always whole. */
export const MAX_LISTED_PROBLEMS = 100;

interface Line {
  line: number;
  cells: string[];
}

/**
 * Writes one kind's rows, batch after batch: the header first, then each batch's lines as
 * one chunk of bytes. Keeps the line number each record starts on (as the import counts it:
 * the header is line 1, a line break inside a cell moves the next record down).
 *
 * `check` reads rows without producing bytes and keeps their problems, for a first pass over
 * the data before anything is sent; `failIfProblems` then refuses the export with all of them.
 */
export class CsvExportWriter<K extends ImportKind> {
  readonly kind: K;
  readonly encoding: ExportEncoding;
  /** Rows written or checked so far. */
  rows = 0;
  private nextLine = 2;
  private readonly problems: ErrorDetail[] = [];
  private problemCount = 0;

  constructor(kind: K, encoding: ExportEncoding = 'utf-8') {
    this.kind = kind;
    this.encoding = encoding;
  }

  /** The BOM (UTF-8) and the header line. */
  header(): Uint8Array {
    const header = exportHeader(this.kind);
    return this.encoding === 'utf-8' ? Buffer.concat([UTF8_BOM, Buffer.from(header, 'utf8')]) : iconv.encode(header, 'CP932');
  }

  /** The rows' lines as bytes; throws EXPORT_UNWRITABLE, naming every cell, when some cannot be written. */
  write(rows: readonly ImportRowByKind[K][]): Uint8Array {
    const lines = this.lines(rows);
    this.failIfProblems();
    const { bytes, kept } = this.encode(lines);
    if (!kept) {
      for (const l of lines) this.checkLine(l);
      if (this.problemCount === 0) throw new Error('internal: a batch did not come back from its encoding, but none of its cells failed');
      this.failIfProblems();
    }
    return bytes;
  }

  /** Reads the rows as write does, keeping their problems instead of making bytes. */
  check(rows: readonly ImportRowByKind[K][]): void {
    const lines = this.lines(rows);
    // The whole batch at once; cell by cell only when something in it did not come back.
    if (!this.encode(lines).kept) for (const l of lines) this.checkLine(l);
  }

  /** The lines as bytes, and whether they decode to the same text (CP932) or hold no broken character (UTF-8). */
  private encode(lines: readonly Line[]): { bytes: Uint8Array; kept: boolean } {
    let text = '';
    for (const l of lines) text += csvLine(l.cells);
    if (this.encoding === 'utf-8') return { bytes: Buffer.from(text, 'utf8'), kept: !BROKEN.test(text) };
    const bytes = iconv.encode(text, 'CP932');
    return { bytes, kept: iconv.decode(bytes, 'CP932') === text };
  }

  /** Throws EXPORT_UNWRITABLE with every problem kept so far (the first MAX_LISTED_PROBLEMS listed). */
  failIfProblems(): void {
    if (this.problemCount === 0) return;
    const { name } = IMPORT_KINDS[this.kind];
    const encoding = this.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8';
    const listed = this.problemCount > this.problems.length ? `（最初の${this.problems.length}か所を表示）` : '';
    const advice =
      this.encoding === 'shift_jis'
        ? 'UTF-8（既定）で書き出してください。Excel 2016 以降は UTF-8 の CSV もそのまま開けます'
        : '管理者に連絡してください';
    throw new DomainError(
      'EXPORT_UNWRITABLE',
      `${name}を ${encoding} の CSV に書き出せません。書けない値が${this.problemCount}か所にあります${listed}。${advice}`,
      this.problems,
    );
  }

  private lines(rows: readonly ImportRowByKind[K][]): Line[] {
    const lines: Line[] = [];
    for (const row of rows) {
      const line = this.nextLine;
      let cells: string[];
      try {
        cells = exportCells(this.kind, row);
      } catch (e) {
        if (!(e instanceof UnwritableCell)) throw e;
        this.problem(`${line}行目 参加事業者コード`, e.message);
        cells = [];
      }
      this.nextLine += 1 + lineBreaks(cells);
      this.rows++;
      lines.push({ line, cells });
    }
    return lines;
  }

  private checkLine({ line, cells }: Line): void {
    const { columns } = IMPORT_KINDS[this.kind];
    cells.forEach((cell, i) => {
      const bad = unwritableCharacters(cell, this.encoding);
      if (bad.length === 0) return;
      const column = columns[i]?.header ?? '';
      const which = bad.map((c) => (BROKEN.test(c) ? `壊れた文字（${codePoint(c)}）` : `「${c}」（${codePoint(c)}）`)).join('、');
      const encoding = this.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8';
      this.problem(`${line}行目 ${column}`, `${which}は ${encoding} で表せません（${rowLabel(columns, cells)}）`);
    });
  }

  private problem(location: string, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_LISTED_PROBLEMS) this.problems.push({ location, message });
  }
}

/** Line breaks inside the cells, counted as the import counts lines (CRLF, LF and CR each one). */
function lineBreaks(cells: readonly string[]): number {
  let n = 0;
  for (const cell of cells) {
    if (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) continue;
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c === 0x0a) n++;
      else if (c === 0x0d) {
        n++;
        if (cell.charCodeAt(i + 1) === 0x0a) i++;
      }
    }
  }
  return n;
}

/** Which row, for staff: the first column that has a value (`事業者コード A0001`, `日付 2024/4/1`). */
function rowLabel(columns: readonly { header: string }[], cells: readonly string[]): string {
  const at = cells.findIndex((c) => c !== '');
  return at < 0 ? '' : `${columns[at]?.header} ${cells[at]}`;
}
