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
 *
 * Two paths give the same result. The general one is csv-parse (parseRows), which also words
 * the quoting errors. The fast one, splitPlainCsv, reads files whose quoting is sound, which is
 * nearly all, several times faster, and hands the file to the general one at the first thing
 * it is not sure of. readCsvRecords streams the records, for parseImportFile and its million
 * rows; readCsv collects them.
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

/**
 * Rows with their start lines, and the structural errors, in file order: csv-parse on text
 * whose line breaks are all LF. The general path, for every file; splitPlainCsv reads the
 * files it can be sure of faster.
 */
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

/** Rows whose cells are all blank (`,,,`, which Excel writes for formatted but empty rows) are skipped. */
function isBlankRow(cells: readonly string[]): boolean {
  for (const cell of cells) if (!isBlank(cell)) return false;
  return true;
}

// ---------------------------------------------------------------- the fast path

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** Characters csv-parse's `trim` drops at the start of a value (space, tab, form feed; CR and LF end it instead). */
function isLeadingTrim(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0c;
}

/** text.indexOf(search, from), or text.length when it is not there. */
function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at < 0 ? text.length : at;
}

/**
 * Whether String.prototype.trimEnd may remove character c: every whitespace and line
 * terminator of JavaScript is at most U+0020, in U+00A0–U+3000, or U+FEFF. Kana, kanji
 * and ASCII letters and marks, which end most values, are not.
 */
function mayTrimEnd(c: number): boolean {
  return c <= 0x20 || (c >= 0xa0 && c <= 0x3000) || c === 0xfeff;
}

/**
 * An unquoted value text[from, to) as csv-parse's `trim` leaves it: without spaces, tabs and
 * form feeds at its start, nor whitespace at its end (String.prototype.trimEnd).
 */
function unquotedCell(text: string, from: number, to: number): string {
  let start = from;
  while (start < to && isLeadingTrim(text.charCodeAt(start))) start++;
  if (start === to) return '';
  const value = text.slice(start, to);
  return mayTrimEnd(text.charCodeAt(to - 1)) ? value.trimEnd() : value;
}

/** String.prototype.isWellFormed, in Node 20; its type is in lib ES2024, newer than this project's. */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/**
 * The fast path of readCsv: calls onRow with each row of a file whose quoting is all well
 * formed, with the line it starts on, exactly as parseRows (csv-parse with readCsv's options)
 * and its start-line rule give them. Returns false as soon as the file has anything else: the
 * caller then drops what it got and takes the general path, which also reports the problem.
 * False for:
 * - a `"` inside an unquoted value, or anything but `,` or a line break right after a closing
 *   quote (csv-parse would report an error, or accept spaces there: rare, left to it);
 * - a quote never closed;
 * - a second BOM at the start (csv-parse would drop it) or a lone surrogate (csv-parse works
 *   on the UTF-8 bytes, where it becomes U+FFFD); `wellFormed`: the caller knows there is none.
 *
 * What it reproduces:
 * - CRLF, LF and CR all end a line, inside quoted values too, where they become LF (readCsv
 *   turns them into LF before csv-parse);
 * - an unquoted value loses spaces, tabs and form feeds at its start (csv-parse's ltrim) and
 *   any whitespace at its end (its rtrim is String.prototype.trimEnd); a quoted one is kept
 *   as written, `""` read as `"`, spaces before its opening quote dropped;
 * - a line that is empty or only spaces, tabs and form feeds is no row (skip_empty_lines),
 *   nor a last line without characters;
 * - a row starts on its first line, or on the first line of spaces before it that came after
 *   the previous row (parseRows steps over lines that are truly empty only).
 */
export function splitPlainCsv(text: string, onRow: (cells: string[], line: number) => void, wellFormed = false): boolean {
  if (text.charCodeAt(0) === 0xfeff || !(wellFormed || isWellFormed(text))) return false;
  const n = text.length;
  let i = 0; // start of the current line
  let line = 1;
  /** First line of only spaces skipped since the last row: parseRows starts the next row there. */
  let spacesLine = 0;
  // Where the next LF, CR, quote and comma are, found with the native indexOf and each found
  // once (n when there is none): a plain line, the usual one, is then cut at its commas
  // without looking at each character in JavaScript.
  let nextLf = -1;
  let nextCr = -1;
  let nextQuote = -1;
  let nextComma = -1;

  while (i < n) {
    let j = i;
    while (j < n && isLeadingTrim(text.charCodeAt(j))) j++;
    if (j === n) break; // a last line without characters
    const first = text.charCodeAt(j);
    if (first === LF || first === CR) {
      if (j > i && spacesLine === 0) spacesLine = line;
      i = first === CR && text.charCodeAt(j + 1) === LF ? j + 2 : j + 1;
      line++;
      continue;
    }

    const start = spacesLine === 0 ? line : spacesLine;
    spacesLine = 0;
    const cells: string[] = [];

    // A plain line: no quote, and no CR but the one of its CRLF. It is the row, and its cells
    // lie between its commas.
    if (nextLf < i) nextLf = indexOrEnd(text, '\n', i);
    if (nextCr < i) nextCr = indexOrEnd(text, '\r', i);
    if (nextQuote < i) nextQuote = indexOrEnd(text, '"', i);
    const contentEnd = nextLf > i && text.charCodeAt(nextLf - 1) === CR ? nextLf - 1 : nextLf;
    if (nextQuote >= nextLf && nextCr >= contentEnd) {
      let from = i;
      for (;;) {
        if (nextComma < from) nextComma = indexOrEnd(text, ',', from);
        const to = Math.min(nextComma, contentEnd);
        cells.push(unquotedCell(text, from, to));
        if (to === contentEnd) break;
        from = to + 1;
      }
      onRow(cells, start);
      i = nextLf + 1;
      line++;
      continue;
    }

    // Any other row, character by character: quoted values, CR line breaks.
    let pos = i;
    for (;;) {
      while (pos < n && isLeadingTrim(text.charCodeAt(pos))) pos++;
      if (pos < n && text.charCodeAt(pos) === QUOTE) {
        // Quoted: up to the quote that is not doubled; line breaks inside are counted.
        let value = '';
        let from = pos + 1;
        let k = from;
        let hasCr = false;
        for (;;) {
          if (k >= n) return false; // never closed
          const c = text.charCodeAt(k);
          if (c === QUOTE) {
            if (text.charCodeAt(k + 1) !== QUOTE) break;
            value += text.slice(from, k + 1);
            k += 2;
            from = k;
            continue;
          }
          if (c === LF) line++;
          else if (c === CR) {
            hasCr = true;
            if (text.charCodeAt(k + 1) !== LF) line++;
          }
          k++;
        }
        value += text.slice(from, k);
        cells.push(hasCr ? value.replace(/\r\n?/g, '\n') : value);
        pos = k + 1;
        if (pos < n) {
          const c = text.charCodeAt(pos);
          if (c !== COMMA && c !== LF && c !== CR) return false;
        }
      } else {
        let k = pos;
        for (; k < n; k++) {
          const c = text.charCodeAt(k);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) return false;
        }
        cells.push(unquotedCell(text, pos, k));
        pos = k;
      }
      if (pos >= n) break;
      const c = text.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        continue;
      }
      // A line break ends the row.
      pos = c === CR && text.charCodeAt(pos + 1) === LF ? pos + 2 : pos + 1;
      line++;
      break;
    }
    onRow(cells, start);
    i = pos;
  }
  return true;
}

// ---------------------------------------------------------------- header and records

/** A file's header, read and checked: what its records are checked and keyed by. */
export interface CsvHeader {
  /** As ReadCsvResult.headers. */
  headers: string[];
  /** For each cell position: the header it is keyed by, null under a blank header. */
  keys: (string | null)[];
  /** Cell positions under a blank header. */
  blankKeyed: number[];
  /** False when no cell can hold U+FFFD. */
  mayBeUnreadable: boolean;
}

/** Gets each record after the header, in file order; `cells` is the sink's to keep. */
export type CsvRecordSink = (cells: string[], line: number) => void;

export interface ReadCsvOptions {
  /** False to always take the general path (csv-parse): for tests comparing the two. */
  fastPath?: boolean;
  /**
   * The text is known to hold no lone surrogate, as none that decodeCsvBytes gives does (its
   * decoders give U+FFFD for bytes that are not text), so the fast path need not check it.
   */
  wellFormed?: boolean;
}

/**
 * The header row read and checked against the spec; its issues are pushed onto `issues`.
 * Undefined when the header is unusable.
 */
function readHeader(
  headerCells: readonly string[],
  headerLine: number,
  spec: CsvHeaderSpec | undefined,
  issues: ImportIssue[],
  mayBeUnreadable: boolean,
): CsvHeader | undefined {
  // Each header cell: its key (the spelling used for `cells`) or null for a blank header.
  const knownByKey = new Map((spec?.known ?? []).map((h) => [normalizeHeader(h), h]));
  const keys: (string | null)[] = headerCells.map((cell) => {
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
      return undefined;
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
  if (!headerOk) return undefined;
  return { headers, keys, blankKeyed: keys.flatMap((key, i) => (key === null ? [i] : [])), mayBeUnreadable };
}

const NO_DATA = 'データがありません。1行目に見出し、2行目から1行1件でデータを書いてください';

/** What readCsvRecords found: the header, undefined when it is unusable, and the file's issues. */
export interface CsvReading {
  header: CsvHeader | undefined;
  /** Problems of the file's structure and header (checkRecord gives each record's own). */
  issues: ImportIssue[];
}

/**
 * readCsv as a stream, for files of a million records: `start` is called once the header is
 * good and returns the sink that gets every record after it, not yet checked (checkRecord),
 * so that no table of all records is built. `start` may be called twice: when the fast path
 * (splitPlainCsv) finds a problem partway, it gives up and the general path reads the file
 * again from the start, with a new sink; what the first sink got must be dropped.
 */
export function readCsvRecords(
  text: string,
  spec: CsvHeaderSpec | undefined,
  start: (header: CsvHeader) => CsvRecordSink,
  options: ReadCsvOptions = {},
): CsvReading {
  const body = text.replace(/^\ufeff/, '');
  if (options.fastPath !== false) {
    const reading = readPlainCsv(body, spec, start, options.wellFormed === true);
    if (reading) return reading;
  }
  return readGeneralCsv(body, spec, start);
}

function readPlainCsv(
  body: string,
  spec: CsvHeaderSpec | undefined,
  start: (header: CsvHeader) => CsvRecordSink,
  wellFormed: boolean,
): CsvReading | undefined {
  const issues: ImportIssue[] = [];
  const mayBeUnreadable = body.includes(UNREADABLE);
  let headerRead = false;
  let header: CsvHeader | undefined;
  let sink: CsvRecordSink | undefined;
  const plain = splitPlainCsv(
    body,
    (cells, line) => {
      if (isBlankRow(cells)) return;
      if (sink) sink(cells, line);
      else if (!headerRead) {
        headerRead = true;
        header = readHeader(cells, line, spec, issues, mayBeUnreadable);
        if (header) sink = start(header);
      }
    },
    wellFormed,
  );
  if (!plain) return undefined;
  if (!headerRead) issues.push({ line: null, column: null, message: NO_DATA });
  return { header, issues };
}

function readGeneralCsv(body: string, spec: CsvHeaderSpec | undefined, start: (header: CsvHeader) => CsvRecordSink): CsvReading {
  const parsed = parseRows(body.replace(/\r\n?/g, '\n'));
  const issues = parsed.issues;
  const rows = parsed.rows.filter((row) => !isBlankRow(row.cells));
  const headerRow = rows.shift();
  if (!headerRow) {
    if (issues.length === 0) issues.push({ line: null, column: null, message: NO_DATA });
    return { header: undefined, issues };
  }
  // The header line itself was broken, so what follows would be read as the header: stop.
  if (issues.some((issue) => issue.line !== null && issue.line < headerRow.line)) return { header: undefined, issues };
  // csv-parse reads the text's UTF-8 bytes, where a lone surrogate becomes U+FFFD.
  const header = readHeader(headerRow.cells, headerRow.line, spec, issues, true);
  if (header) {
    const sink = start(header);
    for (const row of rows) sink(row.cells, row.line);
  }
  return { header, issues };
}

/**
 * The problems of one record on its own: a count of cells unlike the header's (extra blank
 * cells allowed), a value under a blank header, U+FFFD. Undefined when none, which is every
 * record of a sound file, so that those cost no array.
 */
export function checkRecord(header: CsvHeader, cells: readonly string[], line: number): ImportIssue[] | undefined {
  const { keys } = header;
  // The usual record: as many cells as headers, none under a blank header, no U+FFFD.
  if (cells.length === keys.length && header.blankKeyed.length === 0 && !header.mayBeUnreadable) return undefined;
  const rowIssues: ImportIssue[] = [];
  const extra = cells.slice(keys.length);
  if (cells.length < keys.length || extra.some((cell) => !isBlank(cell))) {
    rowIssues.push({
      line,
      column: null,
      message: `値の数が見出しと合いません（見出しは${keys.length}列、この行は${cells.length}列）。値の中の「,」は値全体を " で囲んでください`,
    });
  }
  keys.forEach((key, i) => {
    const cell = cells[i] ?? '';
    if (key === null) {
      if (!isBlank(cell))
        rowIssues.push({ line, column: null, message: `${i + 1}列目は見出しが空なのに値があります。見出しを書いてください` });
      return;
    }
    if (cell.includes(UNREADABLE)) {
      rowIssues.push({
        line,
        column: key,
        message: `${key}: 読めない文字があります（文字コードが UTF-8 か Shift_JIS か確認してください）`,
      });
    }
  });
  return rowIssues.length > 0 ? rowIssues : undefined;
}

/** The cells of a record that passed checkRecord, keyed by header. */
function keyedCells(keys: readonly (string | null)[], cells: readonly string[]): Record<string, string> {
  const keyed: Record<string, string> = {};
  keys.forEach((key, i) => {
    if (key !== null) keyed[key] = cells[i] ?? '';
  });
  return keyed;
}

export function readCsv(text: string, spec?: CsvHeaderSpec, options: ReadCsvOptions = {}): ReadCsvResult {
  let records: CsvRecord[] = [];
  let recordIssues: ImportIssue[] = [];
  const { header, issues } = readCsvRecords(
    text,
    spec,
    (header) => {
      records = [];
      recordIssues = [];
      return (cells, line) => {
        const problems = checkRecord(header, cells, line);
        if (problems) recordIssues.push(...problems);
        else records.push({ line, cells: keyedCells(header.keys, cells) });
      };
    },
    options,
  );
  if (!header) return { headers: [], records: [], issues, headerFailed: true };
  return { headers: header.headers, records, issues: [...issues, ...recordIssues], headerFailed: false };
}
