/** GET and PUT /chambers/:chamber/rating-bands: the chamber's 評価の段階. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AKITA_RATING_BANDS, DEFAULT_RATING_BANDS, type RatingBandSet } from '../../domain/kpi/rating.js';
import { chamberRatingBands, ratingBandsJson, saveChamberRatingBands } from '../../usecases/rating-bands.js';
import { chamberAccess } from '../access.js';
import { chamberParams, errorSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

const band = z.object({
  code: z.string(),
  label: z.string(),
  mark: z.string().optional(),
  min: z.number().describe('下限（%、この値以上）。最後の段階は0（それ未満すべて）'),
});
const bandsSchema = z.object({
  bands: z.array(band),
  custom: z.boolean().describe('商工会独自の段階か（false: 標準）'),
  presets: z.object({ default: z.array(band), akita: z.array(band) }),
});
const body = z.object({
  bands: z.array(z.unknown()).nullable().describe('段階の配列（よい順）。null で標準に戻す'),
});

const asJson = (bands: RatingBandSet) =>
  ratingBandsJson(bands).map(({ code, label, mark, min }) => ({ code, label, ...(mark ? { mark } : {}), min }));

export const ratingBandRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const respond = (bands: RatingBandSet, custom: boolean) => ({
      bands: asJson(bands),
      custom,
      presets: { default: asJson(DEFAULT_RATING_BANDS), akita: asJson(AKITA_RATING_BANDS) },
    });
    app.get(
      '/chambers/:chamber/rating-bands',
      {
        schema: {
          summary: '評価の段階',
          tags: ['KPI'],
          params: chamberParams,
          response: { 200: bandsSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { db, chamber } = await chamberAccess(ctx, request, request.params.chamber, 'kpi.read');
        const { bands, custom } = await chamberRatingBands(db.kysely, chamber.id);
        return respond(bands, custom);
      },
    );
    app.put(
      '/chambers/:chamber/rating-bands',
      {
        schema: {
          summary: '評価の段階を変える（管理者）',
          description: '段階はよい順に、下限（%）の大きい順。最後の段階は「それ未満すべて」。誤りは 400 と項目ごとの理由。',
          tags: ['KPI'],
          params: chamberParams,
          body,
          response: { 200: bandsSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { db, chamber, actor } = await chamberAccess(ctx, request, request.params.chamber, 'settings.manage');
        const saved = await saveChamberRatingBands({
          db: db.kysely,
          chamberId: chamber.id,
          bands: request.body.bands,
          now: ctx.clock.now(),
          actor,
        });
        return respond(saved, request.body.bands !== null);
      },
    );
  };
