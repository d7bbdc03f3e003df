/**
 * A chamber's accounts, for its administrators: GET/POST /chambers/:chamber/members,
 * PATCH /chambers/:chamber/members/:id (role, removal, disabling, a new password).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listChamberMembers } from '../../db/queries/accounts.js';
import { createUser, updateMember } from '../../usecases/accounts/users.js';
import { chamberAccess } from '../access.js';
import { createMemberBody, memberListSchema, memberParams, updateMemberBody } from '../schemas/account.js';
import { chamberParams, errorSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

export const memberRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/chambers/:chamber/members',
      {
        schema: {
          summary: '商工会のアカウントの一覧（管理者）',
          tags: ['アカウント'],
          params: chamberParams,
          response: { 200: memberListSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { db, chamber } = await chamberAccess(ctx, request, request.params.chamber, 'users.manage');
        const members = await listChamberMembers(db.kysely, chamber.id);
        return { members: members.map(({ disabledAt, ...m }) => ({ ...m, disabled: disabledAt !== null })) };
      },
    );

    app.post(
      '/chambers/:chamber/members',
      {
        schema: {
          summary: 'アカウントを作る（管理者）',
          description: '初期パスワードは本人に伝え、最初のログインのあとで変えてもらいます。',
          tags: ['アカウント'],
          params: chamberParams,
          body: createMemberBody,
          response: {
            201: z.object({ id: z.number().int() }),
            400: errorSchema,
            401: errorSchema,
            403: errorSchema,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const { db, chamber, actor } = await chamberAccess(ctx, request, request.params.chamber, 'users.manage');
        const { role, ...body } = request.body;
        const id = await createUser({ db: db.kysely, actor, ...body, chamber: { id: chamber.id, role }, now: ctx.clock.now() });
        return reply.status(201).send({ id });
      },
    );

    app.patch(
      '/chambers/:chamber/members/:id',
      {
        schema: {
          summary: 'アカウントの役割・利用停止・パスワード再設定（管理者）',
          tags: ['アカウント'],
          params: memberParams,
          body: updateMemberBody,
          response: { 204: z.null(), 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        const { db, chamber, actor } = await chamberAccess(ctx, request, request.params.chamber, 'users.manage');
        await updateMember({
          db: db.kysely,
          actor,
          chamberId: chamber.id,
          userId: request.params.id,
          ...request.body,
          now: ctx.clock.now(),
        });
        return reply.status(204).send(null);
      },
    );
  };
