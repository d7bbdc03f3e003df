/** GET /chambers/:chamber/progress?fiscalYear=Y: the dashboard. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../domain/errors.js';
import type { Rating, RatingBand } from '../../domain/kpi/rating.js';
import { type KpiProgressRow, kpiProgress } from '../../usecases/kpi-progress.js';
import { chamberAccess } from '../access.js';
import { chamberParams, errorSchema } from '../schemas/plan.js';
import { type ProgressBody, progressQuerySchema, progressSchema } from '../schemas/progress.js';
import type { AppContext } from '../server.js';

const bandBody = (b: RatingBand) => ({ code: b.code, label: b.label, mark: b.mark ?? null, min: Number.isFinite(b.min) ? b.min : null });

function ratingBody(r: Rating): ProgressBody['rows'][number]['rating'] {
  if (r.kind === 'rated')
    return { kind: r.kind, code: r.band.code, label: r.band.label, mark: r.band.mark ?? null, rate: r.rate, note: r.note };
  return { kind: r.kind, code: null, label: r.label, mark: null, rate: null, note: r.kind === 'noActual' ? r.reason : null };
}

function rowBody(row: KpiProgressRow): ProgressBody['rows'][number] {
  const { pace, rating, ...rest } = row;
  return {
    ...rest,
    expectedNote: pace?.kind === 'flow' ? pace.expected.explanation : null,
    projectionMethod: pace?.kind === 'flow' ? pace.projection.method : null,
    measuredOn: pace?.kind === 'stock' ? pace.measuredOn : null,
    final: pace?.kind === 'stock' ? pace.final : pace?.kind === 'flow' ? pace.share.phase === 'after' : true,
    rating: ratingBody(rating),
  };
}

export const progressRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/chambers/:chamber/progress',
      {
        schema: {
          summary: '進捗（ダッシュボード）',
          description:
            '年度（省略時は今日の年度）のすべてのKPIについて、目標値、今日までの実績値、達成率、今日までの想定値、年度末の見込み、評価、計画期間の推移。評価の段階ごとの件数と、遅れている順。',
          tags: ['KPI'],
          params: chamberParams,
          querystring: progressQuerySchema,
          response: { 200: progressSchema, 401: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { chamber } = request.params;
        const { db } = await chamberAccess(ctx, request, chamber, 'kpi.read');
        const result = await kpiProgress({
          db: db.kysely,
          chamberCode: chamber,
          fiscalYear: request.query.fiscalYear,
          today: ctx.clock.today(),
        });
        if (!result) throw new DomainError('NOT_FOUND', '計画が見つかりません');
        return {
          ...result,
          bands: result.bands.map(bandBody),
          summary: { ...result.summary, bands: result.summary.bands.map((b) => ({ ...bandBody(b.band), count: b.count })) },
          rows: result.rows.map(rowBody),
        };
      },
    );
  };
