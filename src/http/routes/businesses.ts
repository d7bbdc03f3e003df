/**
 * 事業者: the list (also how the pickers find a business), one business with its membership
 * periods, and the writes. Read with records.read, write with records.write. A change that
 * alters a closed year's KPIs (組織率 through the periods) answers 409 CONFIRMATION_REQUIRED
 * with the KPIs in `details` until it is sent with `confirmed`; deleting a business that
 * records refer to answers 409 CONFLICT naming how many of each.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { businessFacets, listBusinesses } from '../../db/queries/businesses.js';
import { DomainError } from '../../domain/errors.js';
import { businessDetail } from '../../usecases/business-detail.js';
import { deleteBusiness } from '../../usecases/delete-business.js';
import { saveBusiness } from '../../usecases/save-business.js';
import { chamberAccess } from '../access.js';
import {
  businessBody,
  businessDetailSchema,
  businessFacetsSchema,
  businessListQuery,
  businessListSchema,
  businessParams,
} from '../schemas/businesses.js';
import { chamberParams, errorSchema } from '../schemas/plan.js';
import { confirmQuery } from '../schemas/records.js';
import type { AppContext } from '../server.js';

const reads = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const errors = { ...reads, 409: errorSchema };

export const businessRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/chambers/:chamber/businesses',
      {
        schema: {
          summary: '事業者の一覧・検索',
          description:
            '事業者名・フリガナ・事業者コードの一部で探し、会員・業種・地区で絞り込みます。ひらがな・カタカナ・半角カナ、全角・半角、空白の有無は区別しません。total は条件に合う数です。',
          tags: ['事業者'],
          params: chamberParams,
          querystring: businessListQuery,
          response: { 200: businessListSchema, ...reads },
        },
      },
      async (request) => {
        const { chamber, db } = await chamberAccess(ctx, request, request.params.chamber, 'records.read');
        const { q, ...options } = request.query;
        const { total, rows } = await listBusinesses(db.kysely, chamber.id, { query: q, today: ctx.clock.today(), ...options });
        return { total, businesses: rows };
      },
    );

    app.get(
      '/chambers/:chamber/businesses/facets',
      {
        schema: {
          summary: '事業者の業種・地区の一覧',
          description: '使われている業種と地区、それぞれの事業者数（多い順）。一覧の絞り込みの選択肢です。',
          tags: ['事業者'],
          params: chamberParams,
          response: { 200: businessFacetsSchema, ...reads },
        },
      },
      async (request) => {
        const { chamber, db } = await chamberAccess(ctx, request, request.params.chamber, 'records.read');
        return businessFacets(db.kysely, chamber.id);
      },
    );

    app.get(
      '/chambers/:chamber/businesses/:id',
      {
        schema: {
          summary: '事業者（会員期間と参照している記録の数）',
          tags: ['事業者'],
          params: businessParams,
          response: { 200: businessDetailSchema, ...reads },
        },
      },
      async (request) => {
        const { chamber, db } = await chamberAccess(ctx, request, request.params.chamber, 'records.read');
        const found = await businessDetail({ db: db.kysely, chamberId: chamber.id, id: request.params.id, today: ctx.clock.today() });
        if (!found) throw new DomainError('NOT_FOUND', '事業者が見つかりません');
        return found;
      },
    );

    app.post(
      '/chambers/:chamber/businesses',
      {
        schema: {
          summary: '事業者を追加する',
          description:
            '会員期間（memberships）は全部を送ります。期間は重ならず、退会日は入会日より後、日付は今日まで。事業者コードが使われていると 400。締め済みの年度の組織率などが変わるときは confirmed: true が要ります（ないと 409）。',
          tags: ['事業者'],
          params: chamberParams,
          body: businessBody,
          response: { 201: businessDetailSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        const { confirmed, ...input } = request.body;
        const saved = await saveBusiness({
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
      '/chambers/:chamber/businesses/:id',
      {
        schema: {
          summary: '事業者を変更する',
          description: '会員期間は送ったものにそっくり置き換わります（送らなかった期間は消えます）。',
          tags: ['事業者'],
          params: businessParams,
          body: businessBody,
          response: { 200: businessDetailSchema, ...errors },
        },
      },
      async (request) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        const { confirmed, ...input } = request.body;
        return saveBusiness({
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
      '/chambers/:chamber/businesses/:id',
      {
        schema: {
          summary: '事業者を削除する',
          description: '支援記録・イベントの参加・共済から参照されている事業者は削除できません（409 CONFLICT、それぞれの件数つき）。',
          tags: ['事業者'],
          params: businessParams,
          querystring: confirmQuery,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        await deleteBusiness({
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
