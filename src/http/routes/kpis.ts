/** GET /chambers/:chamber/kpis?fiscalYear=Y and GET /chambers/:chamber/kpis/:code/records?fiscalYear=Y */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../domain/errors.js';
import { computeKpiActuals } from '../../usecases/compute-kpi-actuals.js';
import { explainKpi } from '../../usecases/explain-kpi.js';
import { kpiQuerySchema, kpiRecordsParams, kpiRecordsQuery, kpiRecordsSchema, kpiResultsSchema } from '../schemas/kpi.js';
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
        const { chamber } = request.params;
        const result = await computeKpiActuals({
          db: db.kysely,
          chamberCode: chamber,
          fiscalYear: request.query.fiscalYear,
          today: clock.today(),
        });
        if (!result) throw new DomainError('NOT_FOUND', '計画が見つかりません');
        const { chamberId: _internal, ...body } = result;
        return body;
      },
    );

    app.get(
      '/chambers/:chamber/kpis/:code/records',
      {
        schema: {
          summary: 'KPIの実績値の根拠となる記録',
          description:
            '指定した年度のKPIの実績値について、定義の項目ごとに数えた記録（支援記録・イベント・会員・共済・統計値・財務）を返します。',
          tags: ['KPI'],
          params: kpiRecordsParams,
          querystring: kpiRecordsQuery,
          response: { 200: kpiRecordsSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { chamber, code } = request.params;
        const { fiscalYear, limit } = request.query;
        const found = await explainKpi({ db: db.kysely, chamberCode: chamber, kpiCode: code, fiscalYear, limit, today: clock.today() });
        if (!found) throw new DomainError('NOT_FOUND', 'KPIが見つかりません');
        return found;
      },
    );
  };
