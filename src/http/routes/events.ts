/**
 * Events (イベント) one at a time: the list, one event with its participants, the 区分 to
 * suggest, add, change (the participants replaced by the list sent) and delete. Changes that
 * alter a closed year's KPIs (来場者数) answer 409 CONFIRMATION_REQUIRED with the KPIs in
 * `details` until they are sent with `confirmed`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findEvent, listEvents } from '../../db/queries/events.js';
import { DomainError } from '../../domain/errors.js';
import { deleteEvent } from '../../usecases/delete-event.js';
import { eventCategories } from '../../usecases/event-categories.js';
import { saveEvent } from '../../usecases/save-event.js';
import { chamberAccess } from '../access.js';
import { eventBody, eventCategoriesSchema, eventListQuery, eventListSchema, eventParams, eventSchema } from '../schemas/events.js';
import { chamberParams, errorSchema } from '../schemas/plan.js';
import { confirmQuery } from '../schemas/records.js';
import type { AppContext } from '../server.js';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const reads = { 401: errorSchema, 403: errorSchema, 404: errorSchema };

export const eventRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/chambers/:chamber/events',
      {
        schema: {
          summary: 'イベントの一覧',
          description: '日付の新しい順。参加事業者の数つき。',
          tags: ['記録'],
          params: chamberParams,
          querystring: eventListQuery,
          response: { 200: eventListSchema, 400: errorSchema, ...reads },
        },
      },
      async (request) => {
        const { chamber, db } = await chamberAccess(ctx, request, request.params.chamber, 'records.read');
        const { limit, offset, ...filter } = request.query;
        return listEvents(db.kysely, chamber.id, filter, { limit, offset });
      },
    );

    app.get(
      '/chambers/:chamber/event-categories',
      {
        schema: {
          summary: 'イベントの区分の候補',
          tags: ['記録'],
          params: chamberParams,
          response: { 200: eventCategoriesSchema, ...reads },
        },
      },
      async (request) => {
        const { db } = await chamberAccess(ctx, request, request.params.chamber, 'records.read');
        return eventCategories({ db: db.kysely, chamberCode: request.params.chamber, today: ctx.clock.today() });
      },
    );

    app.get(
      '/chambers/:chamber/events/:id',
      {
        schema: { summary: 'イベント（参加事業者つき）', tags: ['記録'], params: eventParams, response: { 200: eventSchema, ...reads } },
      },
      async (request) => {
        const { chamber, db } = await chamberAccess(ctx, request, request.params.chamber, 'records.read');
        const event = await findEvent(db.kysely, chamber.id, request.params.id);
        if (!event) throw new DomainError('NOT_FOUND', 'イベントが見つかりません');
        return event;
      },
    );

    app.post(
      '/chambers/:chamber/events',
      {
        schema: {
          summary: 'イベントを追加する',
          description:
            '日付は今日まで。参加事業者は事業者の id の並び（同じ事業者は1回）。締め済みの年度の来場者数が変わるときは confirmed: true が要ります（ないと 409）。',
          tags: ['記録'],
          params: chamberParams,
          body: eventBody,
          response: { 201: eventSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        const { confirmed, ...input } = request.body;
        const saved = await saveEvent({
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
      '/chambers/:chamber/events/:id',
      {
        schema: {
          summary: 'イベントを変更する',
          description: '参加事業者は送った並びに置き換わります。',
          tags: ['記録'],
          params: eventParams,
          body: eventBody,
          response: { 200: eventSchema, ...errors },
        },
      },
      async (request) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        const { confirmed, ...input } = request.body;
        return saveEvent({
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
      '/chambers/:chamber/events/:id',
      {
        schema: {
          summary: 'イベントを削除する',
          tags: ['記録'],
          params: eventParams,
          querystring: confirmQuery,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        await deleteEvent({
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
