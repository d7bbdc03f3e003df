/**
 * An import file's bytes → typed rows, or every problem with line, column and a Japanese
 * message. Pure: the caller reads the file and, when `issues` is empty, writes the rows
 * (all of them or none: 1行でも誤りがあれば何も書き込みません).
 *
 * decodeCsvBytes → readCsvRecords (header checked against the kind's columns; readCsv's
 * work, one record at a time) → the kind's parseValues for each record → its checks against
 * the chamber's vocabularies, when the caller passes them (recordKinds: 種別 and 区分 of
 * 支援記録) → rows that must be unique within the file (記録ID, イベントID, …). Built for files
 * of a million rows: no table of all records, no object per record keyed by header.
 *
 * Never throws for bad input: a file that is not CSV, broken quoting, unknown headers and
 * bad cells all become issues. When the header is unusable (a required header missing, a
 * header twice) the records are not read, since every row would fail the same way.
 * Rows with an issue are left out of `rows`; issues are sorted by line.
 *
 * readImportFile is the same work as a stream, for files of a million rows: each good row is
 * handed to `onRow` as soon as it is read, and the first issue to `onIssue`, so that a writer
 * can go along with the reading and stop as soon as the file is known to be bad.
 */

import { checkRecord, readCsvRecords } from './csv.js';
import { type CsvEncoding, decodeCsvBytes } from './decode.js';
import { FirstLines } from './first-lines.js';
import { ImportFileError, type ImportIssue, sortIssues } from './issues.js';
import { IMPORT_KINDS, type ImportContext, type ImportKind, type ImportRowByKind } from './kinds.js';

export interface ParseImportFileOptions<K extends ImportKind> extends ImportContext {
  kind: K;
  bytes: Uint8Array;
}

export interface ParsedImportFile<Row> {
  /** null when the bytes were not text at all (an .xlsx workbook, UTF-16). */
  encoding: CsvEncoding | null;
  /** In file order, each with the line its record starts on. */
  rows: { line: number; value: Row }[];
  issues: ImportIssue[];
}

export function parseImportFile<K extends ImportKind>(options: ParseImportFileOptions<K>): ParsedImportFile<ImportRowByKind[K]> {
  let rows: { line: number; value: ImportRowByKind[K] }[] = [];
  const { encoding, issues } = readImportFile({
    ...options,
    onRow: (line, value) => {
      rows.push({ line, value });
    },
    onRestart: () => {
      rows = [];
    },
  });
  return { encoding, rows, issues };
}

export interface ReadImportFileOptions<K extends ImportKind> extends ParseImportFileOptions<K> {
  /** Each good row, in file order. */
  onRow(line: number, value: ImportRowByKind[K]): void;
  /**
   * The rows given so far are void and will be given again from the start: the fast CSV
   * path gave up partway (readCsvRecords). Called only when some row or the issue was given;
   * after it, onIssue may be called again.
   */
  onRestart(): void;
  /** The first issue, as soon as it is found (all of them are in the result). */
  onIssue?: (() => void) | undefined;
}

export interface ImportFileReading {
  encoding: CsvEncoding | null;
  issues: ImportIssue[];
}

export function readImportFile<K extends ImportKind>({
  kind,
  bytes,
  onRow,
  onRestart,
  onIssue,
  ...context
}: ReadImportFileOptions<K>): ImportFileReading {
  const definition = IMPORT_KINDS[kind];

  let decoded: ReturnType<typeof decodeCsvBytes>;
  try {
    decoded = decodeCsvBytes(bytes);
  } catch (e) {
    if (!(e instanceof ImportFileError)) throw e;
    // The file's one issue, told as every other first issue is.
    onIssue?.();
    return { encoding: null, issues: [...e.issues] };
  }

  // One attempt at reading the records; see readCsvRecords for why there may be two.
  let recordIssues: ImportIssue[] = [];
  let rowIssues: ImportIssue[] = [];
  let given = 0;
  let told = false;
  const tell = () => {
    if (!told) onIssue?.();
    told = true;
  };

  const csv = readCsvRecords(
    decoded.text,
    {
      known: definition.columns.map((c) => c.header),
      required: definition.columns.filter((c) => c.required).map((c) => c.header),
    },
    (header) => {
      recordIssues = [];
      rowIssues = [];
      if (given > 0 || told) onRestart();
      given = 0;
      told = false;
      const firstLines = new FirstLines();
      // Each record's cells go to parseValues in the order of the kind's columns, through one
      // reused array: where each column sits in a record is found once, from the header.
      const positions = definition.columns.map((c) => header.keys.indexOf(c.header));
      const values: (string | undefined)[] = positions.map(() => undefined);

      return (cells, line) => {
        const problems = checkRecord(header, cells, line);
        if (problems) {
          recordIssues.push(...problems);
          tell();
          return;
        }
        for (let c = 0; c < positions.length; c++) {
          const at = positions[c] ?? -1;
          values[c] = at < 0 ? undefined : cells[at];
        }
        const result = definition.parseValues(values, line);
        if ('issues' in result) {
          rowIssues.push(...result.issues);
          tell();
          return;
        }
        const contextIssues = definition.checkRow?.(result.value, context, line) ?? [];
        if (contextIssues.length > 0) {
          rowIssues.push(...contextIssues);
          tell();
          return;
        }
        const key = definition.unique?.key(result.value);
        if (definition.unique && key !== undefined) {
          const first = firstLines.firstLineOf(key, line);
          if (first !== undefined) {
            const { columns } = definition.unique;
            rowIssues.push({
              line,
              column: columns.length === 1 ? (columns[0] ?? null) : null,
              message: `${columns.join('・')}: 「${key}」は${first}行目と重複しています。1つの${columns.join('・')}は1行にしてください`,
            });
            tell();
            return;
          }
        }
        given++;
        onRow(line, result.value);
      };
    },
    { wellFormed: true },
  );
  // In the order readCsv and then the rows would give them, before sorting by line: the
  // file's issues, each record's own, then the rows'.
  const issues = [...csv.issues, ...recordIssues, ...rowIssues];

  if (issues.length > 0) tell();
  return { encoding: decoded.encoding, issues: sortIssues(issues) };
}
