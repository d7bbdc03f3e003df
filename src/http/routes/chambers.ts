/** GET /chambers and GET /chambers/:chamber/plans */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listChambers, listPlans } from '../../db/queries/chambers.js';
import { roleIn } from '../../domain/access.js';
import { chamberAccess, requireSession } from '../access.js';
import { chamberListSchema, chamberParams, errorSchema, planListSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

export const chamberRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/chambers',
      {
        schema: {
          summary: '商工会の一覧（ログイン中のアカウントが開けるもの）',
          tags: ['商工会'],
          response: { 200: chamberListSchema, 401: errorSchema },
        },
      },
      async (request) => {
        const { grants } = requireSession(request);
        const all = await listChambers(ctx.db.kysely);
        return {
          chambers: all.filter((c) => roleIn(grants, c.id) !== null).map(({ code, name }) => ({ code, name })),
        };
      },
    );

    app.get(
      '/chambers/:chamber/plans',
      {
        schema: {
          summary: '商工会の計画の一覧',
          tags: ['計画'],
          params: chamberParams,
          response: { 200: planListSchema, 401: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { chamber, db } = await chamberAccess(ctx, request, request.params.chamber, 'plan.read');
        const plans = await listPlans(db.kysely, chamber.id);
        return { chamber: { code: chamber.code, name: chamber.name }, plans: plans.map(({ id: _id, ...p }) => p) };
      },
    );
  };
