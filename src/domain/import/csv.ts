/**
 * CSV text → a header row and records keyed by header, with the line each record starts on.
 * Pure: no file access; decodeCsvBytes gives the text.
 *
 * - RFC 4180 as Excel writes it: comma-separated, `"` quoting, `""` for a quote inside a
 *   quoted value, quoted values may span lines (Alt+Enter in a cell). CRLF, LF or CR.
 * - The first non-empty row is the header. Empty lines and rows whose cells are all blank
 *   (`,,,,` which Excel writes for formatted but empty rows) are skipped.
 * - Headers are compared after normalizeHeader: `金額（千円）`, `金額(千円)` and ` 金額 ( 千円 ) `
 *   are the same header. A column whose header is blank is allowed only while all its cells are blank.
 * - A record must have as many cells as the header (extra blank cells at the end are
 *   allowed). Records that do not, that break the quoting rules, or that contain U+FFFD (bytes
 *   that were not text in the detected encoding) are reported and left out of `records`.
 *
 * Problems are returned as issues, never thrown, so that every problem of a file is reported at once.
 */
import { CsvError, type Options, parse } from 'csv-parse/sync';
import type { ImportIssue } from './issues.js';
import { isBlank } from './normalize.js';

export interface CsvRecord {
  /** Line where the record starts (the header is line 1 when the file starts with it). */
  line: number;
  /** Cell text keyed by header: as written, but for spaces around commas; not normalised. */
  cells: Record<string, string>;
}

export interface CsvHeaderSpec {
  /** Every header this file may have, spelled as the kind defines it. */
  known: readonly string[];
  /** Headers that must be present. */
  required: readonly string[];
}

export interface ReadCsvResult {
  /**
   * Headers in file order: the known spelling when a spec is given and the header matched,
   * else as written (trimmed). Blank headers are left out.
   */
  headers: string[];
  records: CsvRecord[];
  /** Problems of the file's structure and header. Empty when all is well. */
  issues: ImportIssue[];
  /**
   * True when the header is unusable (missing, duplicated or required headers absent): the
   * records then cannot be read, and `records` is empty.
   */
  headerFailed: boolean;
}

/** Header text made comparable: NFKC (全角 → 半角, （） → ()), no spaces, no trailing `*` / `※` (required marks). */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\s\u200b\ufeff]/g, '')
    .replace(/[*※]+$/, '');
}

interface RawRow {
  line: number;
  cells: string[];
}

const UNREADABLE = '\ufffd';

function csvErrorMessage(error: CsvError | undefined): string {
  switch (error?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return '"（ダブルクォート）で始まった値が閉じられないまま、ファイルが終わっています。値を囲む " が対になっているか確認してください';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return '"（ダブルクォート）で囲んだ値の後ろに余分な文字があります。値の中の " は "" と2つ重ねてください';
    case 'INVALID_OPENING_QUOTE':
      return '値の途中に "（ダブルクォート）があります。" を含む値は全体を " で囲み、中の " は "" と2つ重ねてください';
    default:
      return `CSV として読めない行です${error?.code ? `（${error.code}）` : ''}`;
  }
}

/** Rows with their start lines, and the structural errors, in file order. */
function parseRows(text: string): { rows: RawRow[]; issues: ImportIssue[] } {
  const physical = text.split('\n');
  let next = 1; // first physical line (1-based) not yet consumed by a record
  /** A record that ends on `end` starts at the first non-empty line after the previous one. */
  const startLine = (end: number): number => {
    let line = next;
    while (line < end && physical[line - 1] === '') line++;
    next = end + 1;
    return line;
  };
  // After a quoting error csv-parse goes on reading the same line, and may report another
  // error or emit the rest of the line as a record. Both belong to a record already reported.
  const isFragment = (end: number) => end < next;

  const rows: RawRow[] = [];
  const issues: ImportIssue[] = [];
  let previousCode: string | undefined;
  const options: Options = {
    bom: true,
    delimiter: ',',
    quote: '"',
    escape: '"',
    record_delimiter: '\n',
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    trim: true,
    on_record: (record: string[], context) => {
      if (isFragment(context.lines)) return null;
      rows.push({ line: startLine(context.lines), cells: record });
      previousCode = undefined;
      return null;
    },
    on_skip: (error) => {
      const end = typeof error?.lines === 'number' ? error.lines : next;
      if (isFragment(end)) return undefined;
      const previous = issues.at(-1);
      if (error?.code === 'CSV_QUOTE_NOT_CLOSED' && previousCode === 'CSV_INVALID_CLOSING_QUOTE' && previous) {
        // csv-parse does not recover from a stray character after a closing quote: it reads
        // the rest of the file as one quoted value. Say so at the real error, not at the end.
        previous.message += '。この行より後は読み取れていません';
        startLine(end);
      } else {
        issues.push({ line: startLine(end), column: null, message: csvErrorMessage(error) });
      }
      previousCode = error?.code;
      return undefined;
    },
  };
  try {
    parse(text, options);
  } catch (e) {
    // skip_records_with_error leaves nothing for bad input to throw; should csv-parse still
    // throw, that is one more problem of the file, not a crash.
    if (!(e instanceof CsvError)) throw e;
    issues.push({ line: typeof e.lines === 'number' ? e.lines : null, column: null, message: csvErrorMessage(e) });
  }
  return { rows, issues };
}

function quoteList(items: readonly string[]): string {
  return items.map((h) => `「${h}」`).join('');
}

export function readCsv(text: string, spec?: CsvHeaderSpec): ReadCsvResult {
  const normalized = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const parsed = parseRows(normalized);
  const issues = parsed.issues;
  const rows = parsed.rows.filter((row) => !row.cells.every((cell) => isBlank(cell)));
  const fail = (): ReadCsvResult => ({ headers: [], records: [], issues, headerFailed: true });

  const headerRow = rows.shift();
  if (!headerRow) {
    if (issues.length === 0) {
      issues.push({ line: null, column: null, message: 'データがありません。1行目に見出し、2行目から1行1件でデータを書いてください' });
    }
    return fail();
  }
  const headerLine = headerRow.line;
  // The header line itself was broken, so what follows would be read as the header: stop.
  if (issues.some((issue) => issue.line !== null && issue.line < headerLine)) return fail();

  // Each header cell: its key (the spelling used for `cells`) or null for a blank header.
  const knownByKey = new Map((spec?.known ?? []).map((h) => [normalizeHeader(h), h]));
  const keys: (string | null)[] = headerRow.cells.map((cell) => {
    const normalizedCell = normalizeHeader(cell);
    if (normalizedCell === '') return null;
    return knownByKey.get(normalizedCell) ?? cell.trim();
  });

  let headerOk = true;
  const firstColumnOf = new Map<string, number>();
  keys.forEach((key, i) => {
    if (key === null) return;
    if (key.includes(UNREADABLE)) {
      issues.push({
        line: headerLine,
        column: null,
        message: `${i + 1}列目の見出しに読めない文字があります（文字コードを確認してください）`,
      });
      headerOk = false;
    }
    const first = firstColumnOf.get(key);
    if (first === undefined) firstColumnOf.set(key, i);
    else {
      issues.push({
        line: headerLine,
        column: key,
        message: `見出し「${key}」が2回あります（${first + 1}列目と${i + 1}列目）。1回だけにしてください`,
      });
      headerOk = false;
    }
  });
  const headers = keys.filter((k): k is string => k !== null);

  if (spec) {
    const unknown = headers.filter((h) => !knownByKey.has(normalizeHeader(h)));
    const missing = spec.required.filter((h) => !firstColumnOf.has(h));
    const knownList = spec.known.join(', ');
    if (unknown.length > 0 && unknown.length === headers.length) {
      issues.push({
        line: headerLine,
        column: null,
        message: `見出しが1つも合いません（${quoteList(unknown)}）。取り込む種類が合っているか、1行目が見出しか確認してください。使える見出し: ${knownList}`,
      });
      return fail();
    }
    if (unknown.length > 0) {
      issues.push({
        line: headerLine,
        column: null,
        message: `使えない見出しがあります: ${quoteList(unknown)}。使える見出し: ${knownList}`,
      });
    }
    if (missing.length > 0) {
      issues.push({
        line: headerLine,
        column: null,
        message: `必須の見出しがありません: ${quoteList(missing)}。使える見出し: ${knownList}`,
      });
      headerOk = false;
    }
  }
  if (!headerOk) return fail();

  const records: CsvRecord[] = [];
  for (const row of rows) {
    const rowIssues: ImportIssue[] = [];
    const extra = row.cells.slice(keys.length);
    if (row.cells.length < keys.length || extra.some((cell) => !isBlank(cell))) {
      rowIssues.push({
        line: row.line,
        column: null,
        message: `値の数が見出しと合いません（見出しは${keys.length}列、この行は${row.cells.length}列）。値の中の「,」は値全体を " で囲んでください`,
      });
    }
    const cells: Record<string, string> = {};
    keys.forEach((key, i) => {
      const cell = row.cells[i] ?? '';
      if (key === null) {
        if (!isBlank(cell))
          rowIssues.push({ line: row.line, column: null, message: `${i + 1}列目は見出しが空なのに値があります。見出しを書いてください` });
        return;
      }
      if (cell.includes(UNREADABLE)) {
        rowIssues.push({
          line: row.line,
          column: key,
          message: `${key}: 読めない文字があります（文字コードが UTF-8 か Shift_JIS か確認してください）`,
        });
      }
      cells[key] = cell;
    });
    if (rowIssues.length > 0) issues.push(...rowIssues);
    else records.push({ line: row.line, cells });
  }
  return { headers, records, issues, headerFailed: false };
}
