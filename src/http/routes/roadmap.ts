/**
 * 工程表の進み具合: the plan's 工程表 with what became of each entry (plan.read), one entry's
 * status set (records.write), and the late entries of a year for the dashboard (plan.read).
 * The evidence (member records) is shown only to a role that may read records.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { can } from '../../domain/access.js';
import { DomainError } from '../../domain/errors.js';
import { parseFiscalYear } from '../../domain/fiscal-calendar.js';
import { lateRoadmapEntries } from '../../usecases/late-roadmap-entries.js';
import { type RoadmapEntryView, roadmapProgress } from '../../usecases/roadmap-progress.js';
import { saveRoadmapStatus } from '../../usecases/save-roadmap-status.js';
import { chamberAccess } from '../access.js';
import { chamberParams, errorSchema } from '../schemas/plan.js';
import {
  lateQuery,
  lateRoadmapSchema,
  type RoadmapEntryBody,
  roadmapEntryParams,
  roadmapQuery,
  roadmapSchema,
  roadmapStatusBody,
  savedRoadmapEntrySchema,
} from '../schemas/roadmap.js';
import type { AppContext } from '../server.js';

const reads = { 401: errorSchema, 403: errorSchema, 404: errorSchema };

function presentEntry({ evidence, ...entry }: RoadmapEntryView, withEvidence: boolean): RoadmapEntryBody {
  return {
    ...entry,
    late: entry.lateReason !== null,
    evidenceCount: evidence.supportRecords.length + evidence.events.length,
    evidence: withEvidence ? evidence : null,
  };
}

export const roadmapRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/chambers/:chamber/roadmap',
      {
        schema: {
          summary: '工程表の進み具合',
          description:
            '今の計画の施策ごとの取組実施工程表。項目（→ で続く年度は一つ）ごとに、年度ごとの状況・備考・根拠・遅れ。記録のない年度は 予定（終わった年度は 未報告）。',
          tags: ['計画'],
          params: chamberParams,
          querystring: roadmapQuery,
          response: { 200: roadmapSchema, 400: errorSchema, ...reads },
        },
      },
      async (request) => {
        const { db, role } = await chamberAccess(ctx, request, request.params.chamber, 'plan.read');
        const progress = await roadmapProgress({
          db: db.kysely,
          chamberCode: request.params.chamber,
          today: ctx.clock.today(),
          fiscalYear: request.query.fiscalYear,
        });
        if (!progress) throw new DomainError('NOT_FOUND', '計画が見つかりません');
        const withEvidence = can(role, 'records.read');
        return {
          ...progress,
          measures: progress.measures.map((m) => ({
            ...m,
            initiatives: m.initiatives.map((i) => ({
              ...i,
              rows: i.rows.map((r) => ({
                ...r,
                items: r.items.map((item) => ({ ...item, entries: item.entries.map((e) => presentEntry(e, withEvidence)) })),
              })),
            })),
          })),
        };
      },
    );

    app.get(
      '/chambers/:chamber/roadmap/late',
      {
        schema: {
          summary: '遅れている取組',
          description:
            '年度（省略時は今日の年度）の工程のうち、今日の時点で遅れているもの。終わった年度は実施済でないもの、今年度は未実施・延期と、下期（10月）になっても予定のもの。',
          tags: ['計画'],
          params: chamberParams,
          querystring: lateQuery,
          response: { 200: lateRoadmapSchema, 400: errorSchema, ...reads },
        },
      },
      async (request) => {
        const { db } = await chamberAccess(ctx, request, request.params.chamber, 'plan.read');
        const late = await lateRoadmapEntries({
          db: db.kysely,
          chamberCode: request.params.chamber,
          fiscalYear: request.query.fiscalYear,
          today: ctx.clock.today(),
        });
        if (!late) throw new DomainError('NOT_FOUND', '計画が見つかりません');
        return late;
      },
    );

    app.put(
      '/chambers/:chamber/roadmap/:itemId/:fiscalYear',
      {
        schema: {
          summary: '工程の状況を記録する',
          description:
            '工程表の項目のある年度の状況（予定・実施中・実施済・未実施・延期）、備考、根拠（支援記録・イベントのID、まとめて置き換え）。未実施・延期は備考が要ります。',
          tags: ['計画'],
          params: roadmapEntryParams,
          body: roadmapStatusBody,
          response: { 200: savedRoadmapEntrySchema, 400: errorSchema, ...reads },
        },
      },
      async (request) => {
        const { db, actor } = await chamberAccess(ctx, request, request.params.chamber, 'records.write');
        const fiscalYear = parseFiscalYear(request.params.fiscalYear);
        if (fiscalYear === undefined) throw new DomainError('BAD_REQUEST', `年度として読めません: ${request.params.fiscalYear}`);
        const { itemId, ...entry } = await saveRoadmapStatus({
          db: db.kysely,
          chamberCode: request.params.chamber,
          itemId: request.params.itemId,
          fiscalYear,
          input: request.body,
          actor,
          today: ctx.clock.today(),
          now: ctx.clock.now(),
        });
        return { itemId, ...presentEntry(entry, true) };
      },
    );
  };
