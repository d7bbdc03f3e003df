/**
 * Reads an import file as a stream of events for the writer: batches of good rows, the
 * first issue (the writer may stop: nothing will be kept), a restart (the rows so far are
 * void), and at the end the file's encoding and all its issues.
 *
 * A large file is read in a worker thread, so that reading (decoding, CSV, cells: about a
 * third of a million-row import) runs on the second core while this thread writes. Rows
 * cross as columns (row-batch-codec.ts) of their values (ImportKindDefinition.toValues); the
 * worker waits whenever
 * BATCHES_AHEAD batches are not yet taken, so memory stays bounded however fast it reads.
 * A small file is read here: starting a worker costs about 0.3 s.
 */
import { Worker } from 'node:worker_threads';
import { IMPORT_KINDS, type ImportContext, type ImportKind, type ImportRowByKind } from '../domain/import/kinds.js';
import { type ImportFileReading, readImportFile } from '../domain/import/parse-import-file.js';
import type { ReadImportMessage, ReadImportRequest } from './read-import-worker.js';
import { BatchDecoder } from './row-batch-codec.js';

export type ReadEvent<Row> =
  | { type: 'rows'; rows: { line: number; value: Row }[] }
  | { type: 'issue' }
  /** From the worker only: what came before is void (the file is read again from its start). */
  | { type: 'restart' }
  | { type: 'done'; reading: ImportFileReading };

export const BATCH_ROWS = 5000;
export const BATCHES_AHEAD = 8;
/** Files from this size are read in a worker thread. */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

export interface ReadImportFileOptions<K extends ImportKind> extends ImportContext {
  kind: K;
  bytes: Uint8Array;
  /** Overrides the choice by size (tests). */
  inWorker?: boolean;
}

export function readImportFileEvents<K extends ImportKind>(
  options: ReadImportFileOptions<K>,
): AsyncIterable<ReadEvent<ImportRowByKind[K]>> {
  const inWorker = options.inWorker ?? options.bytes.length >= WORKER_MIN_BYTES;
  return inWorker ? readInWorker(options) : readHere(options);
}

async function* readHere<K extends ImportKind>({
  kind,
  bytes,
  inWorker: _,
  ...context
}: ReadImportFileOptions<K>): AsyncGenerator<ReadEvent<ImportRowByKind[K]>> {
  // Read whole, then handed on in batches: the same events as from the worker.
  const events: ReadEvent<ImportRowByKind[K]>[] = [];
  let batch: { line: number; value: ImportRowByKind[K] }[] = [];
  const reading = readImportFile({
    kind,
    bytes,
    ...context,
    onRow: (line, value) => {
      batch.push({ line, value });
      if (batch.length === BATCH_ROWS) {
        events.push({ type: 'rows', rows: batch });
        batch = [];
      }
    },
    // What the first attempt gave is void, its issue too: the general path reads it all again.
    onRestart: () => {
      events.length = 0;
      batch = [];
    },
    onIssue: () => events.push({ type: 'issue' }),
  });
  if (batch.length > 0) events.push({ type: 'rows', rows: batch });
  yield* events;
  yield { type: 'done', reading };
}

type WorkerEvent = ReadImportMessage | { type: 'failed'; error: Error };

/**
 * The reader thread, kept between imports and started on the first large one. It reads one
 * file at a time: an import that finds it busy (two at once) starts one of its own. It does
 * not keep the process alive.
 */
class ReaderThread {
  private readonly worker = new Worker(new URL('../../bin/ts-worker.js', import.meta.url), {
    workerData: { module: new URL('./read-import-worker.ts', import.meta.url).href },
  });
  private readonly queue: WorkerEvent[] = [];
  private wake: (() => void) | undefined;
  busy = false;
  dead = false;

  constructor() {
    this.worker.on('message', (m: ReadImportMessage) => this.push(m));
    this.worker.on('error', (error) => this.push({ type: 'failed', error }));
    this.worker.on('exit', (code) => {
      this.dead = true;
      this.push({ type: 'failed', error: new Error(`import reader stopped (exit ${code})`) });
    });
    // Idle, it must not keep the process alive (set after the listeners: adding a 'message'
    // listener refs the worker again); reading, it must.
    this.worker.unref();
  }

  private push(event: WorkerEvent): void {
    this.queue.push(event);
    this.wake?.();
  }

  send(request: ReadImportRequest, transfer: ArrayBuffer[]): void {
    this.queue.length = 0;
    this.worker.ref();
    this.worker.postMessage(request, transfer);
  }

  release(): void {
    this.busy = false;
    this.worker.unref();
  }

  async next(): Promise<WorkerEvent> {
    for (;;) {
      const event = this.queue.shift();
      if (event) return event;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }

  async stop(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}

let idle: ReaderThread | undefined;

async function* readInWorker<K extends ImportKind>({
  kind,
  bytes,
  inWorker: _,
  ...context
}: ReadImportFileOptions<K>): AsyncGenerator<ReadEvent<ImportRowByKind[K]>> {
  const definition = IMPORT_KINDS[kind];
  const reader = idle && !idle.busy && !idle.dead ? idle : new ReaderThread();
  idle = reader;
  reader.busy = true;
  // Batches the worker may still send: it takes one before each batch, this thread gives it back.
  const credit = new Int32Array(new SharedArrayBuffer(4));
  credit[0] = BATCHES_AHEAD;
  // The worker gets its own copy of the bytes: the caller's buffer stays the caller's.
  const copy = bytes.slice();
  reader.send({ kind, bytes: copy, context, credit }, [copy.buffer]);
  let finished = false;
  let decoder: BatchDecoder | undefined;
  try {
    for (;;) {
      const m = await reader.next();
      switch (m.type) {
        case 'rows': {
          decoder ??= new BatchDecoder(m.batch.columns.length);
          const rows = decoder.decode(m.batch, definition.fromValues);
          Atomics.add(credit, 0, 1);
          Atomics.notify(credit, 0);
          yield { type: 'rows', rows };
          break;
        }
        case 'issue':
        case 'restart':
          yield { type: m.type };
          break;
        case 'done':
          finished = true;
          yield { type: 'done', reading: { encoding: m.encoding, issues: m.issues } };
          return;
        case 'failed':
          throw m.error;
        case 'error':
          throw new Error(`import reader failed: ${m.message}`);
      }
    }
  } finally {
    reader.release();
    if (!finished) {
      // Left partway (the writer failed, or the reader did): the thread may still be reading
      // this file, so it is not reused. Let it run on if it waits for credit, and stop it.
      Atomics.store(credit, 0, 1 << 30);
      Atomics.notify(credit, 0);
      if (idle === reader) idle = undefined;
      await reader.stop();
    }
  }
}
