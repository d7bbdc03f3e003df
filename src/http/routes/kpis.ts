/** GET /chambers/:chamber/kpis?fiscalYear=Y */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../domain/errors.js';
import { computeKpiActuals } from '../../usecases/compute-kpi-actuals.js';
import { kpiQuerySchema, kpiResultsSchema } from '../schemas/kpi.js';
import { chamberParams, errorSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

export const kpiRoutes =
  ({ db, clock }: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/chambers/:chamber/kpis',
      {
        schema: {
          summary: 'KPIの目標値・実績値・達成率',
          description: '現在の計画のすべてのKPIについて、年度ごとの目標値、記録から算出した実績値（または手入力値）、達成率、算出の内訳。',
          tags: ['KPI'],
          params: chamberParams,
          querystring: kpiQuerySchema,
          response: { 200: kpiResultsSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const result = await computeKpiActuals({
          db: db.kysely,
          chamberCode: request.params.chamber,
          fiscalYear: request.query.fiscalYear,
          today: clock.today(),
        });
        if (!result) throw new DomainError('NOT_FOUND', '計画が見つかりません');
        return result;
      },
    );
  };
