/** GET /chambers/:chamber/kpis.xlsx: the KPI table (KPI一覧) as an Excel workbook. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import { exportKpiTable, XLSX_CONTENT_TYPE } from '../../usecases/export-kpi-table.js';
import { chamberAccess } from '../access.js';
import { attachment } from '../content-disposition.js';
import { chamberParams, errorSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

export const kpiTableRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/chambers/:chamber/kpis.xlsx',
      {
        schema: {
          summary: 'KPI一覧（Excel）',
          description:
            '現在の計画のすべてのKPI × 年度（基準値・目標値・実績値・達成率・評価）を .xlsx で返します' +
            `（${XLSX_CONTENT_TYPE}、ファイル名は Content-Disposition）。A4横1ページ幅で印刷でき、見出しの行は各ページに付きます。`,
          tags: ['KPI'],
          params: chamberParams,
          response: {
            200: {
              description: 'KPI一覧（.xlsx）',
              content: { [XLSX_CONTENT_TYPE]: { schema: z.instanceof(Buffer).meta({ type: 'string', format: 'binary' }) } },
            },
            401: errorSchema,
            404: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const { chamber } = request.params;
        const { db } = await chamberAccess(ctx, request, chamber, 'kpi.read');
        const file = await exportKpiTable({ db: db.kysely, chamberCode: chamber, today: ctx.clock.today(), now: ctx.clock.now() });
        if (!file) throw new DomainError('NOT_FOUND', '計画が見つかりません');
        return reply
          .header('content-type', XLSX_CONTENT_TYPE)
          .header('content-disposition', attachment(file.name, file.ascii))
          .header('cache-control', 'no-store')
          .send(file.bytes);
      },
    );
  };
