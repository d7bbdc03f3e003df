/**
 * Record entry: the chamber's 種別 and support records one at a time
 * (list, add, change, delete). Changes that alter a closed year's KPIs answer 409
 * CONFIRMATION_REQUIRED with the KPIs in `details` until they are sent with `confirmed`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listRecordKinds } from '../../db/queries/record-kinds.js';
import { listSupportRecords } from '../../db/queries/support-records.js';
import { DomainError } from '../../domain/errors.js';
import { parseFiscalYear } from '../../domain/fiscal-calendar.js';
import { deleteSupportRecord } from '../../usecases/delete-support-record.js';
import { saveSupportRecord } from '../../usecases/save-support-record.js';
import { saveYearlyFigures, yearlyFiguresView } from '../../usecases/yearly-figures.js';
import { chamberAccess } from '../access.js';
import { chamberParams, errorSchema } from '../schemas/plan.js';
import {
  confirmQuery,
  recordKindsSchema,
  supportRecordBody,
  supportRecordListQuery,
  supportRecordListSchema,
  supportRecordParams,
  supportRecordSchema,
  yearlyFiguresBody,
  yearlyFiguresParams,
  yearlyFiguresSchema,
} from '../schemas/records.js';
import type { AppContext } from '../server.js';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const recordRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/chambers/:chamber/record-kinds',
      {
        schema: {
          summary: '支援記録の種別と区分',
          tags: ['記録'],
          params: chamberParams,
          response: { 200: recordKindsSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { chamber, db } = await chamberAccess(ctx, request, request.params.chamber, 'records.read');
        return { kinds: await listRecordKinds(db.kysely, chamber.id) };
      },
    );

    app.get(
      '/chambers/:chamber/support-records',
      {
        schema: {
          summary: '支援記録の一覧',
          tags: ['記録'],
          params: chamberParams,
          querystring: supportRecordListQuery,
          response: { 200: supportRecordListSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { chamber, db } = await chamberAccess(ctx, request, request.params.chamber, 'records.read');
        const { order, limit, offset, ...filter } = request.query;
        return listSupportRecords(db.kysely, chamber.id, filter, { order, limit, offset });
      },
    );

    app.post(
      '/chambers/:chamber/support-records',
      {
        schema: {
          summary: '支援記録を追加する',
          description:
            '日付は今日まで。種別と区分は商工会の種別一覧から。締め済みの年度の記録は confirmed: true が要ります（ないと 409）。',
          tags: ['記録'],
          params: chamberParams,
          body: supportRecordBody,
          response: { 201: supportRecordSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        const { confirmed, ...input } = request.body;
        const saved = await saveSupportRecord({
          db: db.kysely,
          chamberCode: request.params.chamber,
          input,
          confirmed,
          actor,
          today: ctx.clock.today(),
          now: ctx.clock.now(),
        });
        return reply.status(201).send(saved);
      },
    );

    app.put(
      '/chambers/:chamber/support-records/:id',
      {
        schema: {
          summary: '支援記録を変更する',
          tags: ['記録'],
          params: supportRecordParams,
          body: supportRecordBody,
          response: { 200: supportRecordSchema, ...errors },
        },
      },
      async (request) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        const { confirmed, ...input } = request.body;
        return saveSupportRecord({
          db: db.kysely,
          chamberCode: request.params.chamber,
          id: request.params.id,
          input,
          confirmed,
          actor,
          today: ctx.clock.today(),
          now: ctx.clock.now(),
        });
      },
    );

    app.delete(
      '/chambers/:chamber/support-records/:id',
      {
        schema: {
          summary: '支援記録を削除する',
          tags: ['記録'],
          params: supportRecordParams,
          querystring: confirmQuery,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        await deleteSupportRecord({
          db: db.kysely,
          chamberCode: request.params.chamber,
          id: request.params.id,
          confirmed: request.query.confirmed,
          actor,
          today: ctx.clock.today(),
          now: ctx.clock.now(),
        });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/chambers/:chamber/yearly-figures',
      {
        schema: {
          summary: '年度の数値（統計値・財務）',
          description: '商工業者数などの統計値と、会費・手数料・経常収入などの財務（千円）を、年度ごとに。',
          tags: ['記録'],
          params: chamberParams,
          response: { 200: yearlyFiguresSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { db } = await chamberAccess(ctx, request, request.params.chamber, 'records.read');
        return yearlyFiguresView({ db: db.kysely, chamberCode: request.params.chamber, today: ctx.clock.today() });
      },
    );

    app.put(
      '/chambers/:chamber/yearly-figures/:fiscalYear',
      {
        schema: {
          summary: '年度の数値を入力する',
          description: '指定した項目だけを変えます（null で削除）。締め済みの年度は confirmed: true が要ります（ないと 409）。',
          tags: ['記録'],
          params: yearlyFiguresParams,
          body: yearlyFiguresBody,
          response: { 200: yearlyFiguresSchema, ...errors },
        },
      },
      async (request) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        const fiscalYear = parseFiscalYear(request.params.fiscalYear);
        if (fiscalYear === undefined) throw new DomainError('BAD_REQUEST', `年度として読めません: ${request.params.fiscalYear}`);
        return saveYearlyFigures({
          db: db.kysely,
          chamberCode: request.params.chamber,
          fiscalYear,
          ...request.body,
          actor,
          today: ctx.clock.today(),
          now: ctx.clock.now(),
        });
      },
    );
  };
