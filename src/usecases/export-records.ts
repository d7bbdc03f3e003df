/**
 * Exports one kind of a chamber's records (事業者, 統計値, 支援記録, イベント, 財務, 共済) as a
 * CSV file in the import format: importing it gives the same rows, and importing it into the
 * same chamber again adds and changes nothing (domain/import/export-csv.ts says how each cell
 * is written).
 *
 * The file is made as it is read: `chunks` gives the header and then one chunk per batch of
 * rows (db/queries/export-records.ts), so that a million 支援記録 are never in memory together.
 * In Shift_JIS the rows are read twice: once to find every character Shift_JIS cannot carry,
 * so that the export is refused, listing them, before the first byte is sent; then to write
 * them. (UTF-8 carries every character and is read once.)
 */
import type { Kysely } from 'kysely';
import { findChamberByCode } from '../db/queries/chambers.js';
import { exportBatches } from '../db/queries/export-records.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import {
  CsvExportWriter,
  type ExportEncoding,
  type ExportFilter,
  exportFileName,
  exportFilterProblem,
} from '../domain/import/export-csv.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/import/kinds.js';

export interface ExportRecordsOptions {
  /** Scoped to the chamber, or not: the chamber is looked up by its code. */
  db: Kysely<Database>;
  chamberCode: string;
  kind: ImportKind;
  encoding?: ExportEncoding;
  filter?: ExportFilter;
  /** Rows per query and per chunk (EXPORT_BATCH_SIZE). */
  batchSize?: number;
}

export interface RecordsExport {
  kind: ImportKind;
  kindName: string;
  encoding: ExportEncoding;
  /** `支援記録_R6年度.csv` */
  fileName: string;
  /** `support_FY2024.csv`, for what cannot carry Japanese. */
  asciiFileName: string;
  /** `text/csv; charset=UTF-8` or `…Shift_JIS`. */
  contentType: string;
  /**
   * The file: the BOM (UTF-8) and header, then the rows batch by batch. Read it once. It may
   * still fail with EXPORT_UNWRITABLE when rows that Shift_JIS cannot carry arrive after the
   * check (an import in the meantime); whoever sends it must then break off the download.
   */
  chunks: AsyncIterable<Uint8Array>;
  /** Rows written so far: all of them once `chunks` has been read to its end. */
  readonly rows: number;
}

export async function exportRecords({
  db,
  chamberCode,
  kind,
  encoding = 'utf-8',
  filter = {},
  batchSize,
}: ExportRecordsOptions): Promise<RecordsExport> {
  const chamber = await findChamberByCode(db, chamberCode);
  if (!chamber) throw new DomainError('NOT_FOUND', `商工会が見つかりません: ${chamberCode}`);
  const problem = exportFilterProblem(kind, filter);
  if (problem) throw new DomainError('BAD_REQUEST', problem);

  if (encoding === 'shift_jis') {
    const check = new CsvExportWriter(kind, encoding);
    for await (const rows of exportBatches(db, chamber.id, kind, filter, batchSize)) check.check(rows);
    check.failIfProblems();
  }

  const chamberId = chamber.id;
  const writer = new CsvExportWriter(kind, encoding);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield writer.header();
    for await (const rows of exportBatches(db, chamberId, kind, filter, batchSize)) yield writer.write(rows);
  }
  const { name, ascii } = exportFileName(kind, filter);
  return {
    kind,
    kindName: IMPORT_KINDS[kind].name,
    encoding,
    fileName: name,
    asciiFileName: ascii,
    contentType: `text/csv; charset=${encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8'}`,
    chunks: chunks(),
    get rows() {
      return writer.rows;
    },
  };
}
