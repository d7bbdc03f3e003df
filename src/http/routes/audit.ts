/**
 * The audit trail, read only: GET /chambers/:chamber/audit (the chamber's administrators)
 * and GET /audit (system administrators: everything, sign-ins too). ?format=csv gives the
 * same rows as CSV (UTF-8 with BOM, or Shift_JIS), for Excel.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import iconv from 'iconv-lite';
import { formatInTokyo, startOfDayInTokyo } from '../../clock.js';
import { type AuditFilter, listAudit } from '../../db/queries/audit.js';
import { DomainError } from '../../domain/errors.js';
import { csvLine } from '../../domain/import/export-csv.js';
import { guardFormula } from '../../domain/import/formula-guard.js';
import { chamberAccess, requireSession } from '../access.js';
import { attachment } from '../content-disposition.js';
import { auditListSchema, auditQuery } from '../schemas/account.js';
import { chamberParams, errorSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

type Row = Awaited<ReturnType<typeof listAudit>>[number];
type Query = {
  from?: string | undefined;
  to?: string | undefined;
  action?: string | undefined;
  login?: string | undefined;
  before?: number | undefined;
  limit: number;
  format: 'json' | 'csv';
  encoding: 'utf-8' | 'shift_jis';
};

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

function filterOf(q: Query): AuditFilter {
  const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    from: q.from ? startOfDayInTokyo(q.from) : undefined,
    to: q.to ? startOfDayInTokyo(nextDay(q.to)) : undefined,
    action: q.action,
    login: q.login,
    before: q.before,
  };
}

const CSV_HEADER = ['ID', '日時（日本時間）', 'ログインID', '操作', '対象', '対象ID', '内容', '変更前', '変更後', 'IPアドレス'];
// Text cells guarded against formulas (a login or summary may start with = or @).
const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : guardFormula(v));

/** name: shown to the user (Japanese); ascii: the fallback HTTP headers can carry as it is. */
function sendCsv(reply: FastifyReply, rows: Row[], encoding: Query['encoding'], name: string, ascii: string) {
  const lines = [
    CSV_HEADER,
    ...rows.map((r) => [
      r.id,
      formatInTokyo(r.at),
      r.userLogin,
      r.action,
      r.target,
      r.targetId,
      r.summary,
      r.beforeJson,
      r.afterJson,
      r.ip,
    ]),
  ];
  const text = lines.map((l) => csvLine(l.map(cell))).join('');
  const body =
    encoding === 'shift_jis' ? iconv.encode(text, 'CP932') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return reply
    .header('content-type', `text/csv; charset=${encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8'}`)
    .header('content-disposition', attachment(name, ascii))
    .send(body);
}

export const auditRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const respond = async (reply: FastifyReply, q: Query, rows: Row[], name: string, ascii: string) => {
      if (q.format === 'csv') return sendCsv(reply, rows, q.encoding, name, ascii);
      const page = rows.slice(0, q.limit);
      return {
        entries: page.map((r) => ({
          id: r.id,
          at: r.at,
          login: r.userLogin,
          action: r.action,
          target: r.target,
          targetId: r.targetId,
          summary: r.summary,
          before: parse(r.beforeJson),
          after: parse(r.afterJson),
          ip: r.ip,
        })),
        next: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
      };
    };

    app.get(
      '/chambers/:chamber/audit',
      {
        schema: {
          summary: '監査ログ（商工会の管理者）',
          description: 'その商工会での変更の記録（誰が・いつ・何を・変更前と変更後）。?format=csv で CSV。',
          tags: ['監査ログ'],
          params: chamberParams,
          querystring: auditQuery,
          response: { 200: auditListSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        const { chamber } = await chamberAccess(ctx, request, request.params.chamber, 'audit.read');
        const q = request.query;
        // The one read outside the chamber-scoped connection: the sign-ins of the chamber's people
        // belong to no chamber. listAudit filters by this chamber's id itself.
        const rows = await listAudit(ctx.db.kysely, {
          ...filterOf(q),
          chamberId: chamber.id,
          withSignIns: true,
          limit: q.format === 'csv' ? undefined : q.limit + 1,
        });
        return respond(reply, q, rows, `監査ログ_${chamber.code}.csv`, `audit_${chamber.code}.csv`);
      },
    );

    app.get(
      '/audit',
      {
        schema: {
          summary: '監査ログ（システム管理者: すべて）',
          tags: ['監査ログ'],
          querystring: auditQuery,
          response: { 200: auditListSchema, 401: errorSchema, 403: errorSchema },
        },
      },
      async (request, reply) => {
        const session = requireSession(request);
        if (!session.user.systemAdmin)
          throw new DomainError('FORBIDDEN', 'この操作をする権限がありません（システム管理者だけが見られます）');
        const q = request.query;
        const rows = await listAudit(ctx.db.kysely, { ...filterOf(q), limit: q.format === 'csv' ? undefined : q.limit + 1 });
        return respond(reply, q, rows, '監査ログ.csv', 'audit.csv');
      },
    );
  };
