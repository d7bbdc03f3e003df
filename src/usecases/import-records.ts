/**
 * Imports one CSV file of records (事業者, 統計値, 支援記録, イベント, 財務, 共済) for a
 * chamber: all rows or none. Bad cells, unknown 種別 or 区分, and 事業者コード that do not
 * exist are reported with line and column in Japanese, and nothing is written. With dryRun
 * the rows are written in a transaction that is rolled back, so the counts are exact.
 */
import type { Kysely } from 'kysely';
import { bulkInserter } from '../db/bulk-insert.js';
import type { Db } from '../db/connection.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import { ensureRecordKinds } from '../db/queries/insert-records.js';
import { businessIdsByCode, type Progress, referencedBusinessCodes, type WriteCounts, writeImport } from '../db/queries/write-import.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { CsvEncoding } from '../domain/import/decode.js';
import type { ImportIssue } from '../domain/import/issues.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/import/kinds.js';
import { parseImportFile } from '../domain/import/parse-import-file.js';
import { DEFAULT_RECORD_KINDS } from '../domain/records/record-kinds.js';

export interface ImportRecordsOptions {
  db: Db;
  chamberCode: string;
  kind: ImportKind;
  bytes: Uint8Array;
  fileName: string;
  dryRun?: boolean;
  progress?: Progress;
}

export interface ImportRecordsResult extends WriteCounts {
  kind: ImportKind;
  kindName: string;
  encoding: CsvEncoding | null;
  rows: number;
  dryRun: boolean;
}

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

async function recordKindsOf(db: Kysely<Database>, chamberId: number) {
  const rows = await db.selectFrom('record_kinds').select(['kind', 'subKind']).where('chamberId', '=', chamberId).orderBy('sort').execute();
  if (rows.length === 0) return DEFAULT_RECORD_KINDS;
  const kinds = new Map<string, string[]>();
  for (const r of rows) {
    const list = kinds.get(r.kind) ?? [];
    if (r.subKind !== '') list.push(r.subKind);
    kinds.set(r.kind, list);
  }
  return [...kinds].map(([kind, subKinds]) => ({ kind, subKinds }));
}

export async function importRecords({
  db: handle,
  chamberCode,
  kind,
  bytes,
  fileName,
  dryRun = false,
  progress,
}: ImportRecordsOptions): Promise<ImportRecordsResult> {
  const db = handle.kysely;
  const chamber = await findChamberByCode(db, chamberCode);
  if (!chamber) throw new DomainError('NOT_FOUND', `商工会が見つかりません: ${chamberCode}`);
  const definition = IMPORT_KINDS[kind];
  const parsed = parseImportFile({ kind, bytes, recordKinds: await recordKindsOf(db, chamber.id) });
  if (parsed.issues.length > 0) throw invalid(fileName, definition.name, parsed.issues);

  let counts: WriteCounts | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      await ensureRecordKinds(trx, bulkInserter(handle, trx), chamber.id);
      const referenced = parsed.rows.flatMap((r) => referencedBusinessCodes(kind, r.value));
      const businessIds = await businessIdsByCode(trx, chamber.id, referenced);
      const unknown: ImportIssue[] = parsed.rows.flatMap((r) =>
        referencedBusinessCodes(kind, r.value)
          .filter((code) => !businessIds.has(code))
          .map((code) => ({
            line: r.line,
            column: kind === 'events' ? '参加事業者コード' : '事業者コード',
            message: `事業者コード「${code}」の事業者が登録されていません（先に事業者を取り込んでください）`,
          })),
      );
      if (unknown.length > 0) throw invalid(fileName, definition.name, unknown);
      counts = await writeImport(
        trx,
        bulkInserter(handle, trx),
        chamber.id,
        kind,
        parsed.rows.map((r) => r.value),
        businessIds,
        progress,
      );
      if (dryRun) throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  if (!counts) throw new Error('internal: import wrote nothing');
  return { kind, kindName: definition.name, encoding: parsed.encoding, rows: parsed.rows.length, dryRun, ...counts };
}
