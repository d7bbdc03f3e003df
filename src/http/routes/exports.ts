/** GET /chambers/:chamber/exports/:kind.csv — one kind of records as CSV, in the import format. */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import { parseJapaneseDate } from '../../domain/fiscal-calendar.js';
import { findImportKind, IMPORT_KIND_IDS } from '../../domain/import/kinds.js';
import { exportRecords, type RecordsExport } from '../../usecases/export-records.js';
import { chamberAccess } from '../access.js';
import { attachment } from '../content-disposition.js';
import { fiscalYearParam } from '../schemas/kpi.js';
import { errorSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

const params = z.object({
  chamber: z.string().min(1).max(64).describe('商工会コード（例: nikaho）'),
  kind: z
    .string()
    .min(1)
    .max(32)
    .describe(`書き出す種類: ${IMPORT_KIND_IDS.join(', ')}（事業者, 統計値, 支援記録, イベント, 財務, 共済 でも可）`),
});

/** A day as people write it (2024-04-01, 2024/4/1, R6.4.1); '' reads as absent. */
const dayParam = (what: string) =>
  z
    .string()
    .max(32)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      const day = parseJapaneseDate(v);
      if (day === undefined) {
        ctx.addIssue({ code: 'custom', message: `${what}を日付として読めません: ${v}（例: 2024-04-01, 2024/4/1, R6.4.1）` });
        return z.NEVER;
      }
      return day;
    });

const ENCODINGS = { 'utf-8': 'utf-8', utf8: 'utf-8', shift_jis: 'shift_jis', sjis: 'shift_jis' } as const;

const query = z.object({
  encoding: z
    .enum(['utf-8', 'utf8', 'shift_jis', 'sjis'])
    .default('utf-8')
    .transform((e) => ENCODINGS[e])
    .describe('文字コード: utf-8（既定、BOM つき）または shift_jis（CP932）。utf8, sjis とも書けます'),
  fiscalYear: fiscalYearParam.describe('年度（2024, R6, 令和6年度）: 統計値・支援記録・イベント・財務'),
  from: dayParam('開始日（from）').describe('この日から（含む）: 支援記録・イベント'),
  to: dayParam('終了日（to）').describe('この日まで（含む）: 支援記録・イベント'),
  recordKind: z.string().min(1).max(64).optional().describe('種別（例: 補助金申請）: 支援記録'),
});

/**
 * The file as it is made. A failure after the first bytes (rows Shift_JIS cannot carry, imported
 * since the check) breaks the download off: the browser shows it failed, rather than keeping a
 * file that was cut short.
 */
function sendFile(reply: FastifyReply, file: RecordsExport) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', attachment(file.fileName, file.asciiFileName))
    .header('cache-control', 'no-store')
    .send(Readable.from(file.chunks));
}

export const exportRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/chambers/:chamber/exports/:kind.csv',
      {
        schema: {
          summary: '記録をCSVに書き出す（取り込みと同じ形式）',
          description:
            '事業者・統計値・支援記録・イベント・財務・共済のどれか1種類を、取り込みと同じ見出しと書き方の CSV で返します（そのまま取り込めば同じデータ）。' +
            'UTF-8（BOM つき）が既定。shift_jis で Shift_JIS で表せない文字（〜 U+301C、𠮷 など）があるときは、何も返さず 422 と行・列ごとの一覧を返します。' +
            "日付は 2024/4/1、年度は 令和6年度、= + - @ で始まる値は先頭に ' を付けます（取り込みで外します）。docs/import.md の「書き出し」を参照。",
          tags: ['取り込み'],
          params,
          querystring: query,
          response: {
            200: {
              description: 'CSV ファイル（Content-Disposition に日本語のファイル名: 支援記録_R6年度.csv など）',
              content: { 'text/csv': { schema: z.string() } },
            },
            400: errorSchema,
            401: errorSchema,
            403: errorSchema,
            404: errorSchema,
            422: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const { chamber } = request.params;
        const { db } = await chamberAccess(ctx, request, chamber, 'records.read');
        const kind = findImportKind(request.params.kind);
        if (!kind)
          throw new DomainError('NOT_FOUND', `書き出しの種類が分かりません: ${request.params.kind}（${IMPORT_KIND_IDS.join(', ')}）`);
        const { encoding, fiscalYear, from, to, recordKind } = request.query;
        const file = await exportRecords({
          db: db.kysely,
          chamberCode: chamber,
          kind,
          encoding,
          filter: { fiscalYear, from, to, recordKind },
        });
        return sendFile(reply, file);
      },
    );
  };
