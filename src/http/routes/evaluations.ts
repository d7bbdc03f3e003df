/**
 * The annual evaluation: the year's overview, one 評価シート (様式2) per measure (draft save,
 * submit, unlock, the committee's comment), the year's 総評, and both as .xlsx (総括表 様式1,
 * 評価シート). Reading needs kpi.read (viewers such as 評価委員 and the 県連 read them);
 * writing evaluation.write (職員・管理者); unlocking evaluation.unlock (管理者).
 * The PDF is the browser's: the pages print on A4 (印刷 → PDFに保存); see ARCHITECTURE.md.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Rating, RatingBand } from '../../domain/kpi/rating.js';
import { evaluationOverview } from '../../usecases/evaluation/evaluation-overview.js';
import { type EvaluationSheetView, evaluationSheet } from '../../usecases/evaluation/evaluation-sheet.js';
import { evaluationFileName, sheetWorkbook, summaryWorkbook, XLSX_CONTENT_TYPE } from '../../usecases/evaluation/evaluation-workbook.js';
import type { EvaluationKpi } from '../../usecases/evaluation/evaluation-year.js';
import { saveCommitteeComment } from '../../usecases/evaluation/save-committee-comment.js';
import { saveEvaluationSheet } from '../../usecases/evaluation/save-evaluation-sheet.js';
import { saveGeneralComment } from '../../usecases/evaluation/save-general-comment.js';
import { submitEvaluationSheet } from '../../usecases/evaluation/submit-evaluation-sheet.js';
import { unlockEvaluationSheet } from '../../usecases/evaluation/unlock-evaluation-sheet.js';
import { chamberAccess } from '../access.js';
import { attachment } from '../content-disposition.js';
import {
  commentBody,
  type EvaluationSheetBody,
  evaluationOverviewSchema,
  evaluationSheetParams,
  evaluationSheetSchema,
  evaluationYearParams,
  generalCommentSchema,
  sheetBody,
  submitBody,
  unlockBody,
} from '../schemas/evaluations.js';
import { errorSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const TAGS = ['評価'];
const xlsx = {
  description: '.xlsx',
  content: { [XLSX_CONTENT_TYPE]: { schema: z.instanceof(Buffer).meta({ type: 'string', format: 'binary' }) } },
};

const bandBody = (b: RatingBand) => ({ code: b.code, label: b.label, mark: b.mark ?? null, min: Number.isFinite(b.min) ? b.min : null });
function ratingBody(r: Rating) {
  if (r.kind === 'rated')
    return { kind: r.kind, code: r.band.code, label: r.band.label, mark: r.band.mark ?? null, rate: r.rate, note: r.note };
  return { kind: r.kind, code: null, label: r.label, mark: null, rate: null, note: r.kind === 'noActual' ? r.reason : null };
}
const kpiBody = (k: EvaluationKpi) => ({
  code: k.code,
  name: k.name,
  unit: k.unit,
  parentCode: k.parentCode,
  target: k.target,
  actual: k.actual,
  reason: k.reason,
  achievementRate: k.achievementRate,
  rating: ratingBody(k.rating),
  provisional: k.provisional,
});
const sheetBodyOf = (v: EvaluationSheetView): EvaluationSheetBody => ({
  ...v,
  bands: v.bands.map(bandBody),
  kpis: v.kpis.map((k) => ({ ...kpiBody(k), misses: k.misses })),
});

export const evaluationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const today = () => ctx.clock.today();
    const base = '/chambers/:chamber/evaluations/:fiscalYear';
    const sheetPath = `${base}/measures/:measure`;

    app.get(
      base,
      {
        schema: {
          summary: '年度の評価（施策ごとの状態・総合評価、KPIの結果、総評）',
          tags: TAGS,
          params: evaluationYearParams,
          response: { 200: evaluationOverviewSchema, ...errors },
        },
      },
      async (request) => {
        const { chamber, fiscalYear } = request.params;
        const { db } = await chamberAccess(ctx, request, chamber, 'kpi.read');
        const o = await evaluationOverview({ db: db.kysely, chamberCode: chamber, fiscalYear, today: today() });
        return {
          ...o,
          bands: o.bands.map(bandBody),
          strategies: o.strategies.map((s) => ({ ...s, measures: s.measures.map((m) => ({ ...m, kpis: m.kpis.map(kpiBody) })) })),
        };
      },
    );

    app.get(
      sheetPath,
      {
        schema: {
          summary: '評価シート（様式2）',
          description: 'KPIの目標値・実績値・達成率・評価と、その年度の工程表の予定を添えて返します。',
          tags: TAGS,
          params: evaluationSheetParams,
          response: { 200: evaluationSheetSchema, ...errors },
        },
      },
      async (request) => {
        const { chamber, fiscalYear, measure } = request.params;
        const { db } = await chamberAccess(ctx, request, chamber, 'kpi.read');
        return sheetBodyOf(
          await evaluationSheet({ db: db.kysely, chamberCode: chamber, fiscalYear, measureNumber: measure, today: today() }),
        );
      },
    );

    app.put(
      sheetPath,
      {
        schema: {
          summary: '評価シートを下書き保存する',
          description: '提出済み（ロック中）は 409。',
          tags: TAGS,
          params: evaluationSheetParams,
          body: sheetBody,
          response: { 200: evaluationSheetSchema, ...errors },
        },
      },
      async (request) => {
        const { chamber, fiscalYear, measure } = request.params;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'evaluation.write');
        const view = await saveEvaluationSheet({
          db: db.kysely,
          chamberCode: chamber,
          fiscalYear,
          measureNumber: measure,
          input: request.body,
          actor,
          today: today(),
          now: ctx.clock.now(),
        });
        return sheetBodyOf(view);
      },
    );

    app.post(
      `${sheetPath}/submit`,
      {
        schema: {
          summary: '評価シートを提出する（ロック）',
          description:
            '足りない項目があれば 400 で、項目（location）ごとの日本語の指摘を返します。目標に届かないKPIは原因・改善策（何を・誰が・いつまでに）が要ります。',
          tags: TAGS,
          params: evaluationSheetParams,
          body: submitBody,
          response: { 200: evaluationSheetSchema, ...errors },
        },
      },
      async (request) => {
        const { chamber, fiscalYear, measure } = request.params;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'evaluation.write');
        const view = await submitEvaluationSheet({
          db: db.kysely,
          chamberCode: chamber,
          fiscalYear,
          measureNumber: measure,
          input: request.body.sheet,
          actor,
          today: today(),
          now: ctx.clock.now(),
        });
        return sheetBodyOf(view);
      },
    );

    app.post(
      `${sheetPath}/unlock`,
      {
        schema: {
          summary: '提出済みの評価シートのロックを解除する（管理者）',
          description: '理由が必要です。解除の記録はシートに残ります。',
          tags: TAGS,
          params: evaluationSheetParams,
          body: unlockBody,
          response: { 200: evaluationSheetSchema, ...errors },
        },
      },
      async (request) => {
        const { chamber, fiscalYear, measure } = request.params;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'evaluation.unlock');
        const view = await unlockEvaluationSheet({
          db: db.kysely,
          chamberCode: chamber,
          fiscalYear,
          measureNumber: measure,
          reason: request.body.reason,
          actor,
          today: today(),
          now: ctx.clock.now(),
        });
        return sheetBodyOf(view);
      },
    );

    app.put(
      `${sheetPath}/committee-comment`,
      {
        schema: {
          summary: '評価委員会のコメント（施策ごと）',
          description: '職員・管理者が委員会に代わって入力します。提出済みのシートにも入力できます。',
          tags: TAGS,
          params: evaluationSheetParams,
          body: commentBody,
          response: { 200: evaluationSheetSchema, ...errors },
        },
      },
      async (request) => {
        const { chamber, fiscalYear, measure } = request.params;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'evaluation.write');
        const view = await saveCommitteeComment({
          db: db.kysely,
          chamberCode: chamber,
          fiscalYear,
          measureNumber: measure,
          comment: request.body.comment,
          actor,
          today: today(),
          now: ctx.clock.now(),
        });
        return sheetBodyOf(view);
      },
    );

    app.put(
      `${base}/general-comment`,
      {
        schema: {
          summary: '評価委員会の総評（年度）',
          tags: TAGS,
          params: evaluationYearParams,
          body: commentBody,
          response: { 200: generalCommentSchema, ...errors },
        },
      },
      async (request) => {
        const { chamber, fiscalYear } = request.params;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'evaluation.write');
        return saveGeneralComment({
          db: db.kysely,
          chamberCode: chamber,
          fiscalYear,
          comment: request.body.comment,
          actor,
          today: today(),
          now: ctx.clock.now(),
        });
      },
    );

    app.get(
      `${base}/summary.xlsx`,
      {
        schema: {
          summary: '総括表（様式1）.xlsx',
          description: 'A4横1ページ。',
          tags: TAGS,
          params: evaluationYearParams,
          response: { 200: xlsx, ...errors },
        },
      },
      async (request, reply) => {
        const { chamber, fiscalYear } = request.params;
        const { db } = await chamberAccess(ctx, request, chamber, 'kpi.read');
        const overview = await evaluationOverview({ db: db.kysely, chamberCode: chamber, fiscalYear, today: today() });
        const bytes = Buffer.from(await summaryWorkbook(overview, ctx.clock.now()).xlsx.writeBuffer());
        const file = evaluationFileName(overview.chamber, fiscalYear, 'summary');
        return reply
          .header('content-type', XLSX_CONTENT_TYPE)
          .header('content-disposition', attachment(file.name, file.ascii))
          .header('cache-control', 'no-store')
          .send(bytes);
      },
    );

    app.get(
      `${sheetPath}/sheet.xlsx`,
      {
        schema: {
          summary: '評価シート（様式2）.xlsx',
          description: 'A4縦。',
          tags: TAGS,
          params: evaluationSheetParams,
          response: { 200: xlsx, ...errors },
        },
      },
      async (request, reply) => {
        const { chamber, fiscalYear, measure } = request.params;
        const { db } = await chamberAccess(ctx, request, chamber, 'kpi.read');
        const view = await evaluationSheet({ db: db.kysely, chamberCode: chamber, fiscalYear, measureNumber: measure, today: today() });
        const bytes = Buffer.from(await sheetWorkbook(view, ctx.clock.now()).xlsx.writeBuffer());
        const file = evaluationFileName(view.chamber, fiscalYear, { measure });
        return reply
          .header('content-type', XLSX_CONTENT_TYPE)
          .header('content-disposition', attachment(file.name, file.ascii))
          .header('cache-control', 'no-store')
          .send(bytes);
      },
    );
  };
