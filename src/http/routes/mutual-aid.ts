/**
 * 共済 subscriptions one at a time: the list, add, change and delete. Changes that alter a
 * closed year's KPIs (加入者数 on an as-of day) answer 409 CONFIRMATION_REQUIRED with the KPIs in
 * `details` until they are sent with `confirmed`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listMutualAid } from '../../db/queries/mutual-aid.js';
import { deleteMutualAid } from '../../usecases/delete-mutual-aid.js';
import { saveMutualAid } from '../../usecases/save-mutual-aid.js';
import { chamberAccess } from '../access.js';
import { mutualAidBody, mutualAidListQuery, mutualAidListSchema, mutualAidParams, mutualAidSchema } from '../schemas/mutual-aid.js';
import { chamberParams, errorSchema } from '../schemas/plan.js';
import { confirmQuery } from '../schemas/records.js';
import type { AppContext } from '../server.js';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const mutualAidRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/chambers/:chamber/mutual-aid',
      {
        schema: {
          summary: '共済の加入の一覧',
          description: '加入日の新しい順。',
          tags: ['記録'],
          params: chamberParams,
          querystring: mutualAidListQuery,
          response: { 200: mutualAidListSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { chamber, db } = await chamberAccess(ctx, request, request.params.chamber, 'records.read');
        const { limit, offset, ...filter } = request.query;
        return listMutualAid(db.kysely, chamber.id, filter, { limit, offset });
      },
    );

    app.post(
      '/chambers/:chamber/mutual-aid',
      {
        schema: {
          summary: '共済の加入を追加する',
          description:
            '加入日・解約日は今日まで、解約日は加入日より後。証券番号（または事業者・種類・加入日）が同じものは1件だけ。締め済みの年度の加入者数が変わるときは confirmed: true が要ります（ないと 409）。',
          tags: ['記録'],
          params: chamberParams,
          body: mutualAidBody,
          response: { 201: mutualAidSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        const { confirmed, ...input } = request.body;
        const saved = await saveMutualAid({
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
      '/chambers/:chamber/mutual-aid/:id',
      {
        schema: {
          summary: '共済の加入を変更する',
          tags: ['記録'],
          params: mutualAidParams,
          body: mutualAidBody,
          response: { 200: mutualAidSchema, ...errors },
        },
      },
      async (request) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        const { confirmed, ...input } = request.body;
        return saveMutualAid({
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
      '/chambers/:chamber/mutual-aid/:id',
      {
        schema: {
          summary: '共済の加入を削除する',
          tags: ['記録'],
          params: mutualAidParams,
          querystring: confirmQuery,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        await deleteMutualAid({
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
  };
