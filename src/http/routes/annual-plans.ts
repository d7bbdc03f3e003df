/**
 * 事業計画 (annual plan) of a fiscal year: read (the stored plan, or the draft made from the
 * 工程表, last year's 繰越 and 改善策 when none is stored), 下書きを作る / 再作成, save the edits,
 * 確定 and 確定を取り消す, and the .xlsx. Reading needs plan.read (it is the chamber's plan, as
 * the 工程表 is; the 県連 reads it too). Writing needs evaluation.write: the 事業計画 is the Act
 * of the same PDCA as the 評価シート, made by the same people (職員・管理者), and records.write
 * would let whoever enters 支援記録 rewrite it. Undoing 確定 needs evaluation.unlock (管理者), as
 * unlocking a submitted sheet does.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AnnualPlanInput } from '../../domain/plan/annual-plan.js';
import { annualPlanFileName, annualPlanWorkbook } from '../../usecases/annual-plan/annual-plan-workbook.js';
import { annualPlan } from '../../usecases/annual-plan/annual-plan-year.js';
import { confirmAnnualPlan, reopenAnnualPlan } from '../../usecases/annual-plan/confirm-annual-plan.js';
import { createAnnualPlanDraft } from '../../usecases/annual-plan/create-annual-plan-draft.js';
import { saveAnnualPlan } from '../../usecases/annual-plan/save-annual-plan.js';
import { XLSX_CONTENT_TYPE } from '../../usecases/evaluation/evaluation-workbook.js';
import { chamberAccess } from '../access.js';
import { attachment } from '../content-disposition.js';
import { annualPlanBody, annualPlanParams, annualPlanSchema, draftBody, reopenBody } from '../schemas/annual-plans.js';
import { errorSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const TAGS = ['事業計画'];

export const annualPlanRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const base = '/chambers/:chamber/annual-plans/:fiscalYear';
    const write = { schema: { tags: TAGS, params: annualPlanParams, response: { 200: annualPlanSchema, ...errors } } };

    app.get(
      base,
      {
        schema: {
          summary: '年度の事業計画（まだなければ下書きの案）',
          description: 'stored が false のときは、工程表・前年度の繰越（未実施・延期）・前年度の評価シートの改善策から作った案です。',
          ...write.schema,
        },
      },
      async (request) => {
        const { chamber, fiscalYear } = request.params;
        const { db } = await chamberAccess(ctx, request, chamber, 'plan.read');
        return annualPlan({ db: db.kysely, chamberCode: chamber, fiscalYear });
      },
    );

    app.post(
      `${base}/draft`,
      {
        schema: {
          summary: '下書きを作る（replace: true で再作成）',
          description: 'もうあれば 409（replace: true で置き換え、監査ログに前の内容を残します）。確定済みは 409。',
          body: draftBody,
          ...write.schema,
        },
      },
      async (request) => {
        const { chamber, fiscalYear } = request.params;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'evaluation.write');
        return createAnnualPlanDraft({
          db: db.kysely,
          chamberCode: chamber,
          fiscalYear,
          replace: request.body.replace,
          actor,
          now: ctx.clock.now(),
        });
      },
    );

    app.put(
      base,
      {
        schema: {
          summary: '事業計画を保存する',
          description: '基本方針・前文と施策ごとの項目を、送った順に丸ごと保存します。まだ作っていない・確定済みは 409。',
          body: annualPlanBody,
          ...write.schema,
        },
      },
      async (request) => {
        const { chamber, fiscalYear } = request.params;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'evaluation.write');
        const input: AnnualPlanInput = request.body;
        return saveAnnualPlan({ db: db.kysely, chamberCode: chamber, fiscalYear, input, actor, now: ctx.clock.now() });
      },
    );

    app.post(
      `${base}/confirm`,
      { schema: { summary: '事業計画を確定する', description: '確定すると変更できません（管理者が取り消せます）。', ...write.schema } },
      async (request) => {
        const { chamber, fiscalYear } = request.params;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'evaluation.write');
        return confirmAnnualPlan({ db: db.kysely, chamberCode: chamber, fiscalYear, actor, now: ctx.clock.now() });
      },
    );

    app.post(
      `${base}/reopen`,
      {
        schema: {
          summary: '確定を取り消す（管理者）',
          description: '理由が必要です（監査ログに残ります）。',
          body: reopenBody,
          ...write.schema,
        },
      },
      async (request) => {
        const { chamber, fiscalYear } = request.params;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'evaluation.unlock');
        return reopenAnnualPlan({
          db: db.kysely,
          chamberCode: chamber,
          fiscalYear,
          reason: request.body.reason,
          actor,
          now: ctx.clock.now(),
        });
      },
    );

    app.get(
      `${base}.xlsx`,
      {
        schema: {
          summary: '事業計画 .xlsx',
          description: 'A4縦。まだなければ下書きの案を出力します。',
          tags: TAGS,
          params: annualPlanParams,
          response: {
            200: {
              description: '.xlsx',
              content: { [XLSX_CONTENT_TYPE]: { schema: z.instanceof(Buffer).meta({ type: 'string', format: 'binary' }) } },
            },
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const { chamber, fiscalYear } = request.params;
        const { db } = await chamberAccess(ctx, request, chamber, 'plan.read');
        const view = await annualPlan({ db: db.kysely, chamberCode: chamber, fiscalYear });
        const bytes = Buffer.from(await annualPlanWorkbook(view, ctx.clock.now()).xlsx.writeBuffer());
        const file = annualPlanFileName(view.chamber, fiscalYear);
        return reply
          .header('content-type', XLSX_CONTENT_TYPE)
          .header('content-disposition', attachment(file.name, file.ascii))
          .header('cache-control', 'no-store')
          .send(bytes);
      },
    );
  };
