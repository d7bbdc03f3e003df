/**
 * GET /chambers/:chamber/kpis/:code/targets: a KPI's target history, year by year.
 * POST /chambers/:chamber/kpis/:code/targets/:fiscalYear: a revision of one year's target.
 *
 * Revising is for 管理者 (settings.manage), not 職員: the staff who enter the records and the
 * actuals should not also move the targets those are measured against. The administrator
 * records what the 評価委員会, 理事会 or 総会 decided.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../domain/errors.js';
import { kpiTargetHistory } from '../../usecases/kpi-target-history.js';
import { reviseTarget } from '../../usecases/revise-target.js';
import { chamberAccess } from '../access.js';
import { errorSchema } from '../schemas/plan.js';
import { targetHistoryParams, targetHistorySchema, targetRevisionBody, targetRevisionParams } from '../schemas/targets.js';
import type { AppContext } from '../server.js';

export const targetRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/chambers/:chamber/kpis/:code/targets',
      {
        schema: {
          summary: 'KPIの目標値の改訂履歴',
          description:
            '現在の計画の年度ごとに、当初の目標値、評価に使う目標値（年度末に有効なもの。年度中・年度前は今日に有効なもの）、改訂（決定日の順に、決定機関・理由・入力者）。',
          tags: ['KPI'],
          params: targetHistoryParams,
          response: { 200: targetHistorySchema, 401: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { chamber, code } = request.params;
        const { db } = await chamberAccess(ctx, request, chamber, 'plan.read');
        const history = await kpiTargetHistory({ db: db.kysely, chamberCode: chamber, kpiCode: code, today: ctx.clock.today() });
        if (!history) throw new DomainError('NOT_FOUND', `KPIが見つかりません: ${code}`);
        return history;
      },
    );

    app.post(
      '/chambers/:chamber/kpis/:code/targets/:fiscalYear',
      {
        schema: {
          summary: '目標値を改訂する（管理者）',
          description:
            '評価委員会・理事会・総会などで決めた目標値（null は設定なし）を、理由・決定日・決定機関とともに記録します。当初の目標値とそれまでの改訂は残ります。' +
            '決定日は今日まで、計画期間の始まり以降、その年度の終わり（3月31日）まで。決定日に有効な目標値と同じ値は変更がないため受け付けません。誤りは 400 と項目ごとの理由。',
          tags: ['KPI'],
          params: targetRevisionParams,
          body: targetRevisionBody,
          response: { 201: targetHistorySchema, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        const { chamber, code, fiscalYear } = request.params;
        const { db, actor } = await chamberAccess(ctx, request, chamber, 'settings.manage');
        const history = await reviseTarget({
          db: db.kysely,
          chamberCode: chamber,
          kpiCode: code,
          fiscalYear,
          input: request.body,
          actor,
          today: ctx.clock.today(),
          now: ctx.clock.now(),
        });
        return reply.status(201).send(history);
      },
    );
  };
