/** GET /chambers/:chamber/kpis?fiscalYear=Y and GET /chambers/:chamber/kpis/:code/records?fiscalYear=Y */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import { computeKpiActuals } from '../../usecases/compute-kpi-actuals.js';
import { enterManualActual } from '../../usecases/enter-manual-actual.js';
import { explainKpi } from '../../usecases/explain-kpi.js';
import { chamberAccess } from '../access.js';
import {
  kpiQuerySchema,
  kpiRecordsParams,
  kpiRecordsQuery,
  kpiRecordsSchema,
  kpiResultsSchema,
  manualActualBody,
  manualActualParams,
} from '../schemas/kpi.js';
import { chamberParams, errorSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

export const kpiRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
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
          response: { 200: kpiResultsSchema, 401: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { chamber } = request.params;
        const { db } = await chamberAccess(ctx, request, chamber, 'kpi.read');
        const result = await computeKpiActuals({
          db: db.kysely,
          chamberCode: chamber,
          fiscalYear: request.query.fiscalYear,
          today: ctx.clock.today(),
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
          response: { 200: kpiRecordsSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { chamber, code } = request.params;
        const { fiscalYear, limit } = request.query;
        const { db } = await chamberAccess(ctx, request, chamber, 'records.read');
        const found = await explainKpi({ db: db.kysely, chamberCode: chamber, kpiCode: code, fiscalYear, limit, today: ctx.clock.today() });
        if (!found) throw new DomainError('NOT_FOUND', 'KPIが見つかりません');
        return found;
      },
    );

    app.put(
      '/chambers/:chamber/kpis/:code/actuals/:fiscalYear',
      {
        schema: {
          summary: '記録から算出できないKPIの実績値を入力する',
          description:
            '算出方法（actual）のないKPIに、年度の実績値を根拠・入力者とともに入力します（同じ年度は置き換え）。記録から算出するKPIには入力できません（400）。',
          tags: ['KPI'],
          params: manualActualParams,
          body: manualActualBody,
          response: { 204: z.null(), 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        const { chamber, code, fiscalYear } = request.params;
        const { value, evidence, enteredBy } = request.body;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'actuals.write');
        await enterManualActual({
          db: db.kysely,
          actor,
          chamberCode: chamber,
          kpiCode: code,
          fiscalYear,
          value,
          evidence,
          enteredBy,
          today: ctx.clock.today(),
          now: ctx.clock.now(),
        });
        return reply.status(204).send(null);
      },
    );
  };
