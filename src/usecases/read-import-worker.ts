/**
 * The worker thread of readImportFileEvents (read-import-file.ts): reads one import file
 * and posts its rows in batches, waiting while the writer is BATCHES_AHEAD batches behind;
 * then waits for the next file.
 */
import { parentPort } from 'node:worker_threads';
import type { CsvEncoding } from '../domain/import/decode.js';
import type { ImportIssue } from '../domain/import/issues.js';
import { IMPORT_KINDS, type ImportContext, type ImportKind } from '../domain/import/kinds.js';
import { readImportFile } from '../domain/import/parse-import-file.js';
import { BatchEncoder, type EncodedBatch } from './row-batch-codec.js';

export interface ReadImportRequest {
  kind: ImportKind;
  bytes: Uint8Array;
  context: ImportContext;
  credit: Int32Array;
}

export type ReadImportMessage =
  | { type: 'rows'; batch: EncodedBatch }
  | { type: 'issue' }
  | { type: 'restart' }
  | { type: 'done'; encoding: CsvEncoding | null; issues: ImportIssue[] }
  | { type: 'error'; message: string };

const BATCH_ROWS = 5000;

function read({ kind, bytes, context, credit }: ReadImportRequest): void {
  const port = parentPort;
  if (!port) throw new Error('not a worker thread');
  const definition = IMPORT_KINDS[kind];
  let lines: number[] = [];
  let values: unknown[][] = [];
  let encoder: BatchEncoder | undefined;
  const send = () => {
    // Wait for a credit: the writer gives one back for each batch it takes.
    while (Atomics.load(credit, 0) <= 0) Atomics.wait(credit, 0, 0);
    Atomics.sub(credit, 0, 1);
    encoder ??= new BatchEncoder(values[0]?.length ?? 0);
    const { batch, transfer } = encoder.encode(lines, values);
    const message: ReadImportMessage = { type: 'rows', batch };
    port.postMessage(message, transfer);
    lines = [];
    values = [];
  };
  const reading = readImportFile({
    kind,
    bytes,
    ...context,
    onRow: (line, row) => {
      lines.push(line);
      values.push(definition.toValues(row as never));
      if (lines.length === BATCH_ROWS) send();
    },
    onRestart: () => {
      lines = [];
      values = [];
      port.postMessage({ type: 'restart' } satisfies ReadImportMessage);
    },
    onIssue: () => port.postMessage({ type: 'issue' } satisfies ReadImportMessage),
  });
  if (lines.length > 0) send();
  port.postMessage({ type: 'done', encoding: reading.encoding, issues: reading.issues } satisfies ReadImportMessage);
}

// One file after another: the thread is kept for the next import (starting one costs ~0.3 s).
parentPort?.on('message', (request: ReadImportRequest) => {
  try {
    read(request);
  } catch (e) {
    parentPort?.postMessage({
      type: 'error',
      message: e instanceof Error ? (e.stack ?? e.message) : String(e),
    } satisfies ReadImportMessage);
  }
});
