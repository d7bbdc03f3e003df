/**
 * Who is asking, and what they may do, for every request:
 * - the session from the httpOnly cookie (SESSION_COOKIE), looked up once per request;
 * - CSRF: a request that changes something must carry the session's token in the
 *   X-CSRF-Token header (the page reads it from GET /api/v1/session); sign-in and first-run
 *   set-up, which have no session yet, must come from this origin (Origin header);
 * - `chamberAccess(request, permission)`: the chamber of the URL, the account's role in it,
 *   and a database handle that sees only that chamber (src/db/chamber-scope.ts). A chamber
 *   the account has no role in answers 404, the same as one that does not exist, so that
 *   other chambers' codes cannot even be probed; a role that lacks the permission, 403.
 */
import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { scopeToChamber } from '../db/chamber-scope.js';
import type { Db } from '../db/connection.js';
import type { Actor } from '../db/queries/audit.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import { can, type Permission, type Role, roleIn } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import { authenticate, type Session } from '../usecases/accounts/sessions.js';
import type { AppContext } from './server.js';

export const SESSION_COOKIE = 'shirube_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
  }
}

export function actorOf(request: FastifyRequest): Actor {
  const user = request.session?.user;
  return { userId: user?.id ?? null, login: user?.login ?? 'anonymous', ip: request.ip };
}

export function requireSession(request: FastifyRequest): Session {
  if (!request.session) throw new DomainError('UNAUTHORIZED', 'ログインしてください');
  return request.session;
}

export interface ChamberAccess {
  chamber: { id: number; code: string; name: string };
  role: Role;
  /** The database, seeing only this chamber. */
  db: Db;
  actor: Actor;
  session: Session;
}

export async function chamberAccess(
  ctx: AppContext,
  request: FastifyRequest,
  code: string,
  permission: Permission,
): Promise<ChamberAccess> {
  const session = requireSession(request);
  const chamber = await findChamberByCode(ctx.db.kysely, code);
  const role = chamber ? roleIn(session.grants, chamber.id) : null;
  if (!chamber || role === null) throw new DomainError('NOT_FOUND', `商工会が見つかりません: ${code}`);
  if (!can(role, permission)) throw new DomainError('FORBIDDEN', 'この操作をする権限がありません（管理者に依頼してください）');
  return { chamber, role, db: { ...ctx.db, kysely: scopeToChamber(ctx.db.kysely, chamber.id) }, actor: actorOf(request), session };
}

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes that open a session: no CSRF token exists yet, so the Origin must be ours. */
const OPENING = new Set(['/api/v1/session', '/api/v1/setup']);

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser's cross-site form or fetch (those send Origin)
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function registerAccess(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    request.session = token ? await authenticate({ db: ctx.db.kysely, token, now: ctx.clock.now() }) : null;
    if (token && !request.session) reply.clearCookie(SESSION_COOKIE, { path: '/' });
    if (!CHANGES.has(request.method)) return;
    const path = request.url.split('?')[0] ?? '';
    if (OPENING.has(path)) {
      if (!sameOrigin(request)) throw new DomainError('FORBIDDEN', '別のサイトからの送信は受け付けません');
      return;
    }
    if (request.session && request.headers[CSRF_HEADER] !== request.session.csrfToken)
      throw new DomainError('FORBIDDEN', '画面を読み込み直してから、もう一度操作してください（CSRF トークンが一致しません）');
  });
}
