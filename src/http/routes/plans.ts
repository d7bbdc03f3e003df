/** GET /chambers/:chamber/plan (the current plan) and GET /chambers/:chamber/plans/:plan */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../domain/errors.js';
import { findPlan } from '../../usecases/find-plan.js';
import { presentPlanExport } from '../../usecases/present-plan-export.js';
import { chamberAccess } from '../access.js';
import { chamberParams, errorSchema, planExportSchema, planParams } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

export const planRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const load = async (request: FastifyRequest, chamberCode: string, planCode?: string) => {
      const { db } = await chamberAccess(ctx, request, chamberCode, 'plan.read');
      const today = ctx.clock.today();
      const loaded = await findPlan({ db: db.kysely, chamberCode, planCode, today });
      if (!loaded) throw new DomainError('NOT_FOUND', '計画が見つかりません');
      return presentPlanExport({ ...loaded, today });
    };

    app.get(
      '/chambers/:chamber/plan',
      {
        schema: {
          summary: '現在の計画（今年度を含む計画）',
          description:
            '戦略・施策・施策目標・KPI（基準値・目標値・算出方法）・取組内容・工程表のすべてと、KPIの一覧（位置と目標値の改訂履歴つき）。',
          tags: ['計画'],
          params: chamberParams,
          response: { 200: planExportSchema, 401: errorSchema, 404: errorSchema },
        },
      },
      async (request) => load(request, request.params.chamber),
    );

    app.get(
      '/chambers/:chamber/plans/:plan',
      {
        schema: {
          summary: '計画（コード指定）',
          tags: ['計画'],
          params: planParams,
          response: { 200: planExportSchema, 401: errorSchema, 404: errorSchema },
        },
      },
      async (request) => load(request, request.params.chamber, request.params.plan),
    );
  };
