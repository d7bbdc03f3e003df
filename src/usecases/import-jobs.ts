/**
 * Imports started from the screen run as jobs, so that the page can show how far a large file
 * has got (a million 支援記録 take some seconds): start() answers at once with the job's id,
 * and the page asks for its state until it is done. The import itself is importRecords: one
 * transaction, all or nothing.
 *
 * Jobs live in this process's memory for an hour after they end. A server that stops during
 * an import loses the job and rolls the import back (nothing is half-written); the page then
 * says the job is gone and the file can be sent again.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.js';
import type { Actor } from '../db/queries/audit.js';
import type { ErrorDetail } from '../domain/errors.js';
import { isDomainError } from '../domain/errors.js';
import type { ImportKind } from '../domain/import/kinds.js';
import { type ImportRecordsResult, importRecords } from './import-records.js';

export type ImportJobState = 'running' | 'done' | 'failed';

export interface ImportJob {
  id: string;
  chamberCode: string;
  /** Only the account that started it sees it. */
  userId: number | null;
  kind: ImportKind;
  fileName: string;
  dryRun: boolean;
  state: ImportJobState;
  /** Rows written so far, of about `total` (the file's lines). */
  done: number;
  total: number;
  result: ImportRecordsResult | null;
  error: { code: string; message: string; details: ErrorDetail[] } | null;
  startedAt: string;
  endedAt: string | null;
}

export interface StartImportJob {
  db: Db;
  chamberCode: string;
  kind: ImportKind;
  bytes: Uint8Array;
  fileName: string;
  dryRun: boolean;
  actor: Actor;
  now: () => string;
}

const KEEP_MS = 60 * 60_000;

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  private readonly running = new Set<Promise<void>>();

  start({ db, chamberCode, kind, bytes, fileName, dryRun, actor, now }: StartImportJob): ImportJob {
    this.forgetOld(Date.now());
    const job: ImportJob = {
      id: randomUUID(),
      chamberCode,
      userId: actor.userId,
      kind,
      fileName,
      dryRun,
      state: 'running',
      done: 0,
      total: 0,
      result: null,
      error: null,
      startedAt: now(),
      endedAt: null,
    };
    this.jobs.set(job.id, job);
    const run = importRecords({
      db,
      chamberCode,
      kind,
      bytes,
      fileName,
      dryRun,
      actor,
      now: job.startedAt,
      progress: (done, total) => {
        job.done = done;
        job.total = total;
      },
    })
      .then((result) => {
        job.result = result;
        job.done = result.rows;
        job.total = result.rows;
        job.state = 'done';
      })
      .catch((e: unknown) => {
        job.state = 'failed';
        job.error = isDomainError(e)
          ? { code: e.code, message: e.message, details: [...e.details] }
          : { code: 'INTERNAL', message: 'サーバーで予期しないエラーが起きました。管理者に連絡してください。', details: [] };
        if (!isDomainError(e)) console.error(e);
      })
      .finally(() => {
        job.endedAt = now();
        this.running.delete(run);
      });
    this.running.add(run);
    return job;
  }

  /** The job, for the account that started it in that chamber; undefined otherwise. */
  find(id: string, chamberCode: string, userId: number | null): ImportJob | undefined {
    const job = this.jobs.get(id);
    return job && job.chamberCode === chamberCode && job.userId === userId ? job : undefined;
  }

  /** Waits for the imports under way (the server waits before it closes the database). */
  async settle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private forgetOld(nowMs: number): void {
    for (const [id, job] of this.jobs) {
      if (job.endedAt !== null && nowMs - Date.parse(job.endedAt) > KEEP_MS) this.jobs.delete(id);
    }
  }
}
