/** GET /chambers/:chamber/owners and PUT /chambers/:chamber/kpis/:code/owner: who keeps each KPI's data, and what is missing. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import { assignKpiOwner, kpiOwnersView } from '../../usecases/kpi-owners.js';
import { chamberAccess } from '../access.js';
import { ownerBody, ownerParams, ownersSchema } from '../schemas/owners.js';
import { chamberParams, errorSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

export const ownerRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/chambers/:chamber/owners',
      {
        schema: {
          summary: 'KPIの担当者と未入力のデータ',
          description: '担当者ごとのKPIと、今の時期に入力できるのにまだないデータ（今年度の統計値、前年度の財務・手入力の実績値など）。',
          tags: ['KPI'],
          params: chamberParams,
          response: { 200: ownersSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { chamber } = request.params;
        const { db } = await chamberAccess(ctx, request, chamber, 'records.read');
        const view = await kpiOwnersView({ db: db.kysely, chamberCode: chamber, today: ctx.clock.today() });
        if (!view) throw new DomainError('NOT_FOUND', '計画が見つかりません');
        return view;
      },
    );

    app.put(
      '/chambers/:chamber/kpis/:code/owner',
      {
        schema: {
          summary: 'KPIの担当者を設定する',
          tags: ['KPI'],
          params: ownerParams,
          body: ownerBody,
          response: { 204: z.null(), 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        const { chamber, code } = request.params;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'records.write');
        await assignKpiOwner({
          db: db.kysely,
          chamberCode: chamber,
          kpiCode: code,
          owner: request.body.owner,
          today: ctx.clock.today(),
          now: ctx.clock.now(),
          actor,
        });
        return reply.status(204).send(null);
      },
    );
  };
