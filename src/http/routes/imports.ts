/** POST /chambers/:chamber/imports/:kind — a CSV file as the request body (text/csv or application/octet-stream). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import { findImportKind, IMPORT_KIND_IDS, IMPORT_KINDS } from '../../domain/import/kinds.js';
import type { ImportJob } from '../../usecases/import-jobs.js';
import { importRecords } from '../../usecases/import-records.js';
import { chamberAccess, requireSession } from '../access.js';
import { type ImportJobBody, jobSchema, kindsSchema, resultSchema } from '../schemas/imports.js';
import { errorSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

/** Large files are accepted: a year of records is far smaller, a migration from another system is not. */
export const IMPORT_BODY_LIMIT = 512 * 1024 * 1024;

const params = z.object({
  chamber: z.string().min(1).max(64),
  kind: z
    .string()
    .min(1)
    .max(32)
    .describe(`取り込みの種類: ${IMPORT_KIND_IDS.join(', ')}（事業者, 統計値, 支援記録, イベント, 財務, 共済 でも可）`),
});
const query = z.object({
  dryRun: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1')
    .describe('true: 書き込まずに件数だけ返す'),
  fileName: z.string().max(255).optional().describe('エラー表示に使うファイル名'),
});

function presentJob({ chamberCode: _c, userId: _u, ...job }: ImportJob): ImportJobBody {
  return job;
}

export const importRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser(
      ['text/csv', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    app.post(
      '/chambers/:chamber/imports/:kind',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          summary: '記録をCSVから取り込む',
          description:
            'CSV（UTF-8 または Shift_JIS）を本文として送ります。1行でも誤りがあれば何も書き込まず、422 と行・列ごとの誤りを返します。docs/import.md に列の説明があります。',
          tags: ['取り込み'],
          params,
          querystring: query,
          response: { 200: resultSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 422: errorSchema },
        },
      },
      async (request) => {
        const { chamber } = request.params;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'records.write');
        const kind = findImportKind(request.params.kind);
        if (!kind) throw new DomainError('NOT_FOUND', `取り込みの種類が分かりません: ${request.params.kind}`);
        if (!Buffer.isBuffer(request.body))
          throw new DomainError('BAD_REQUEST', 'CSVファイルを本文として送ってください（Content-Type: text/csv）');
        const fileName = request.query.fileName ?? `${kind}.csv`;
        return importRecords({
          db,
          actor,
          now: ctx.clock.now(),
          chamberCode: chamber,
          kind,
          bytes: new Uint8Array(request.body),
          fileName,
          dryRun: request.query.dryRun,
        });
      },
    );

    app.get(
      '/import-kinds',
      {
        schema: {
          summary: '取り込める記録の種類と列',
          tags: ['取り込み'],
          response: { 200: kindsSchema, 401: errorSchema },
        },
      },
      async (request) => {
        requireSession(request);
        return {
          kinds: IMPORT_KIND_IDS.map((kind) => {
            const d = IMPORT_KINDS[kind];
            return {
              kind,
              name: d.name,
              description: d.description,
              columns: d.columns.map(({ header, field, required, format, description, example }) => ({
                header,
                field,
                required,
                format,
                description,
                example,
              })),
            };
          }),
        };
      },
    );

    app.post(
      '/chambers/:chamber/import-jobs/:kind',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          summary: '記録の取り込みを始める（進み具合を見られる）',
          description:
            '本文の CSV の取り込みを始め、すぐに 202 と取り込みの ID を返します。進み具合と結果は GET …/import-jobs/:id で。取り込み自体は POST …/imports/:kind と同じ（1行でも誤りがあれば何も書き込みません）。',
          tags: ['取り込み'],
          params,
          querystring: query,
          response: { 202: jobSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        const { chamber } = request.params;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'records.write');
        const kind = findImportKind(request.params.kind);
        if (!kind) throw new DomainError('NOT_FOUND', `取り込みの種類が分かりません: ${request.params.kind}`);
        if (!Buffer.isBuffer(request.body))
          throw new DomainError('BAD_REQUEST', 'CSVファイルを本文として送ってください（Content-Type: text/csv）');
        const job = ctx.importJobs.start({
          db,
          chamberCode: chamber,
          kind,
          bytes: new Uint8Array(request.body),
          fileName: request.query.fileName ?? `${kind}.csv`,
          dryRun: request.query.dryRun,
          actor,
          now: ctx.clock.now,
        });
        return reply.status(202).send(presentJob(job));
      },
    );

    app.get(
      '/chambers/:chamber/import-jobs/:id',
      {
        schema: {
          summary: '取り込みの進み具合と結果',
          tags: ['取り込み'],
          params: z.object({ chamber: z.string().min(1).max(64), id: z.string().max(64) }),
          response: { 200: jobSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { chamber, id } = request.params;
        const { actor } = await chamberAccess(ctx, request, chamber, 'records.write');
        const job = ctx.importJobs.find(id, chamber, actor.userId);
        if (!job) throw new DomainError('NOT_FOUND', '取り込みが見つかりません（サーバーが再起動した場合は、もう一度取り込んでください）');
        return presentJob(job);
      },
    );
  };
