/**
 * Imports one CSV file of records (事業者, 統計値, 支援記録, イベント, 財務, 共済) for a
 * chamber: all rows or none. Bad cells, unknown 種別 or 区分, and 事業者コード that do not
 * exist are reported with line and column in Japanese, and nothing is written. With dryRun
 * the rows are written in a transaction that is rolled back, so the counts are exact.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { bulkInserter, withCheckpointInBackground, withoutForeignKeyChecks } from '../db/bulk-insert.js';
import type { Db } from '../db/connection.js';
import { type Actor, recordAudit, SYSTEM_ACTOR } from '../db/queries/audit.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import { ensureRecordKinds } from '../db/queries/insert-records.js';
import { listRecordKinds } from '../db/queries/record-kinds.js';
import {
  BULK_LOAD_MIN_ROWS,
  businessCodesOf,
  businessIdsByCode,
  ChangeLog,
  importWriter,
  type Progress,
  type RowChange,
  referencedBusinessCodes,
  type WriteCounts,
} from '../db/queries/write-import.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { CsvEncoding } from '../domain/import/decode.js';
import type { ImportIssue } from '../domain/import/issues.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/import/kinds.js';
import type { ImportFileReading } from '../domain/import/parse-import-file.js';
import type { RecordKind } from '../domain/records/record-kinds.js';
import { readImportFileEvents } from './read-import-file.js';

export interface ImportRecordsOptions {
  db: Db;
  chamberCode: string;
  kind: ImportKind;
  bytes: Uint8Array;
  fileName: string;
  dryRun?: boolean;
  progress?: Progress;
  /** Read the file in the reader thread (true) or in this one; by default by its size. */
  inWorker?: boolean;
  /** Who, for the audit trail, and when. */
  actor?: Actor;
  now?: string;
}

export interface ImportRecordsResult extends WriteCounts {
  kind: ImportKind;
  kindName: string;
  encoding: CsvEncoding | null;
  rows: number;
  dryRun: boolean;
  /** The first changed rows, as they are and as the file would have them (for a preview). */
  changes: RowChange[];
}

/** Changed rows shown in a result. */
const PREVIEWED_CHANGES = 50;

class Rollback extends Error {}

function invalid(fileName: string, kindName: string, issues: readonly ImportIssue[]): DomainError {
  return new DomainError(
    'IMPORT_INVALID',
    `${kindName}のファイル ${fileName} に誤りがあります（${issues.length}件）。何も書き込んでいません`,
    issues.map((i) => ({
      location: `${fileName}${i.line === null ? '' : ` ${i.line}行目`}${i.column ? ` ${i.column}` : ''}`,
      message: i.message,
    })),
  );
}

/** About how many rows a file holds: its line breaks, less the header. */
function lineCount(bytes: Uint8Array): number {
  let n = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) n++;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) n++; // a last line without its break
  return Math.max(0, n - 1);
}

/** The fast CSV path gave up partway in the worker: the import starts again, read here. */
class Restart extends Error {}

export async function importRecords(options: ImportRecordsOptions): Promise<ImportRecordsResult> {
  const db = options.db.kysely;
  const chamber = await findChamberByCode(db, options.chamberCode);
  if (!chamber) throw new DomainError('NOT_FOUND', `商工会が見つかりません: ${options.chamberCode}`);
  const recordKinds = await listRecordKinds(db, chamber.id);
  try {
    return await importOnce(options, chamber.id, recordKinds, options.inWorker);
  } catch (e) {
    if (!(e instanceof Restart)) throw e;
    return importOnce(options, chamber.id, recordKinds, false);
  }
}

/**
 * Reads and writes at once, in one transaction: rows are written as they are read, and the
 * first problem stops the writing; any problem at the end rolls everything back.
 */
async function importOnce(
  {
    db: handle,
    kind,
    bytes,
    fileName,
    dryRun = false,
    progress,
    actor = SYSTEM_ACTOR,
    now = new Date().toISOString(),
  }: ImportRecordsOptions,
  chamberId: number,
  recordKinds: readonly RecordKind[],
  inWorker?: boolean,
): Promise<ImportRecordsResult> {
  const definition = IMPORT_KINDS[kind];
  const column = kind === 'events' ? '参加事業者コード' : '事業者コード';
  const expectedRows = lineCount(bytes);
  // A large file of 支援記録 is a bulk load: see withoutForeignKeyChecks for why that is safe.
  const bulkLoad = kind === 'support' && expectedRows >= BULK_LOAD_MIN_ROWS;
  const inTransaction = (work: (trx: Transaction<Database>) => Promise<void>) =>
    bulkLoad
      ? withCheckpointInBackground(handle, () => withoutForeignKeyChecks(handle, (kysely) => kysely.transaction().execute(work)))
      : handle.kysely.transaction().execute(work);
  let result: ImportRecordsResult | undefined;
  try {
    await inTransaction(async (trx) => {
      const bulk = bulkInserter(handle, trx);
      await ensureRecordKinds(trx, bulk, chamberId);
      const businessIds = new Map<string, number>();
      const missing = new Set<string>();
      const log = new ChangeLog();
      const writer = importWriter(trx, bulk, chamberId, kind, businessIds, { expectedRows, progress, log });
      const unknown: ImportIssue[] = [];
      let badFile = false;
      let rows = 0;
      let reading: ImportFileReading | undefined;
      const source = readImportFileEvents({ kind, bytes, recordKinds, ...(inWorker === undefined ? {} : { inWorker }) })[
        Symbol.asyncIterator
      ]();
      try {
        // Reading starts; while the worker decodes the file and reads its first rows, this
        // thread sets the writer up.
        const first = source.next();
        await writer.write([]);
        for (let step = await first; !step.done; step = await source.next()) {
          const event = step.value;
          if (event.type === 'restart') throw new Restart();
          if (event.type === 'issue') badFile = true;
          if (event.type === 'done') reading = event.reading;
          if (event.type !== 'rows') continue;
          rows += event.rows.length;
          // The file's own issues come first; the 事業者コード are checked only in a good file.
          if (badFile) continue;
          const toFind = [...businessCodesOf(kind, event.rows)].filter((code) => !businessIds.has(code) && !missing.has(code));
          for (const [code, id] of await businessIdsByCode(trx, chamberId, toFind)) businessIds.set(code, id);
          for (const code of toFind) if (!businessIds.has(code)) missing.add(code);
          if (missing.size > 0)
            for (const r of event.rows)
              for (const code of referencedBusinessCodes(kind, r.value))
                if (missing.has(code))
                  unknown.push({
                    line: r.line,
                    column,
                    message: `事業者コード「${code}」の事業者が登録されていません（先に事業者を取り込んでください）`,
                  });
          if (unknown.length === 0) await writer.write(event.rows.map((r) => r.value));
        }
      } finally {
        await source.return?.();
      }
      if (!reading) throw new Error('internal: the import file was not read to its end');
      if (reading.issues.length > 0) throw invalid(fileName, definition.name, reading.issues);
      if (badFile) throw new Error('internal: an issue was reported, but the file has none');
      if (unknown.length > 0) throw invalid(fileName, definition.name, unknown);
      const counts = await writer.finish();
      const changes = log.changes.slice(0, PREVIEWED_CHANGES);
      result = { kind, kindName: definition.name, encoding: reading.encoding, rows, dryRun, ...counts, changes };
      if (!dryRun && counts.added + counts.changed > 0)
        await recordAudit(trx, {
          actor,
          at: now,
          chamberId,
          action: 'import',
          target: kind,
          summary: `${definition.name}を取り込み: ${fileName}（${rows}行: 追加 ${counts.added}、変更 ${counts.changed}、変更なし ${counts.unchanged}）`,
          before: log.changes.length > 0 ? log.changes.map((c) => ({ table: c.table, id: c.id, ...c.before })) : undefined,
          after: {
            fileName,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            rows,
            ...counts,
            changedRows: log.changes.map((c) => ({ table: c.table, id: c.id, ...c.after })),
            ...(log.dropped > 0 ? { changedRowsNotListed: log.dropped } : {}),
          },
        });
      if (dryRun) throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  if (!result) throw new Error('internal: import wrote nothing');
  return result;
}
