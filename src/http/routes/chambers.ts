/** GET /chambers and GET /chambers/:chamber/plans */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findChamberByCode, listChambers, listPlans } from '../../db/queries/chambers.js';
import { DomainError } from '../../domain/errors.js';
import { chamberListSchema, chamberParams, errorSchema, planListSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

export const chamberRoutes =
  ({ db }: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/chambers', { schema: { summary: '商工会の一覧', tags: ['商工会'], response: { 200: chamberListSchema } } }, async () => ({
      chambers: (await listChambers(db.kysely)).map(({ code, name }) => ({ code, name })),
    }));

    app.get(
      '/chambers/:chamber/plans',
      {
        schema: {
          summary: '商工会の計画の一覧',
          tags: ['計画'],
          params: chamberParams,
          response: { 200: planListSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const chamber = await findChamberByCode(db.kysely, request.params.chamber);
        if (!chamber) throw new DomainError('NOT_FOUND', '商工会が見つかりません');
        const plans = await listPlans(db.kysely, chamber.id);
        return { chamber: { code: chamber.code, name: chamber.name }, plans: plans.map(({ id: _id, ...p }) => p) };
      },
    );
  };
