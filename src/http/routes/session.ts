/**
 * Sign-in and the session: GET /session (who am I, the CSRF token, the chambers I may open),
 * POST /session (sign in: sets the httpOnly cookie), DELETE /session (sign out);
 * GET/POST /setup (the first administrator, while there is no account);
 * PUT /account/password.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countUsers } from '../../db/queries/accounts.js';
import { listChambers } from '../../db/queries/chambers.js';
import { permissionsOf, roleIn } from '../../domain/access.js';
import { SESSION_IDLE_HOURS, signIn, signOut } from '../../usecases/accounts/sessions.js';
import { changePassword, setUpFirstAdmin } from '../../usecases/accounts/users.js';
import { actorOf, requireSession, SESSION_COOKIE } from '../access.js';
import { passwordBody, sessionSchema, setupBody, setupStatusSchema, signInBody } from '../schemas/account.js';
import { errorSchema } from '../schemas/plan.js';
import type { AppContext } from '../server.js';

/** Sign-in attempts per address and login in LOGIN_WINDOW (the same for first-run set-up). */
export const LOGIN_ATTEMPTS = 10;
export const LOGIN_WINDOW = '15 minutes';

export const sessionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, clock } = ctx;
    const setCookie = (request: FastifyRequest, reply: FastifyReply, token: string) =>
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: SESSION_IDLE_HOURS * 3600,
      });
    const rateLimit = {
      max: ctx.loginAttempts ?? LOGIN_ATTEMPTS,
      timeWindow: LOGIN_WINDOW,
      keyGenerator: (request: FastifyRequest) => {
        const body = request.body as { login?: unknown } | undefined;
        return `${request.ip}|${typeof body?.login === 'string' ? body.login.toLowerCase().slice(0, 64) : ''}`;
      },
      // Thrown as an error with this status; the server's error handler words it.
      errorResponseBuilder: () => ({ statusCode: 429, message: 'too many sign-in attempts' }),
    };

    app.get(
      '/session',
      { schema: { summary: 'ログイン中のアカウント', tags: ['アカウント'], response: { 200: sessionSchema, 401: errorSchema } } },
      async (request) => {
        const session = requireSession(request);
        const chambers = await listChambers(db.kysely);
        return {
          user: { login: session.user.login, displayName: session.user.displayName, systemAdmin: session.user.systemAdmin },
          csrfToken: session.csrfToken,
          chambers: chambers.flatMap((c) => {
            const role = roleIn(session.grants, c.id);
            return role ? [{ code: c.code, name: c.name, role, permissions: permissionsOf(role) }] : [];
          }),
        };
      },
    );

    app.post(
      '/session',
      {
        config: { rateLimit },
        schema: {
          summary: 'ログイン',
          description: '成功すると httpOnly の Cookie を設定します。失敗は監査ログに残ります。',
          tags: ['アカウント'],
          body: signInBody,
          response: { 204: z.null(), 401: errorSchema, 429: errorSchema },
        },
      },
      async (request, reply) => {
        const { token } = await signIn({
          db: db.kysely,
          login: request.body.login,
          password: request.body.password,
          now: clock.now(),
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        setCookie(request, reply, token);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/session',
      { schema: { summary: 'ログアウト', tags: ['アカウント'], response: { 204: z.null(), 401: errorSchema } } },
      async (request, reply) => {
        const session = requireSession(request);
        await signOut({ db: db.kysely, session, now: clock.now(), actor: actorOf(request) });
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/setup',
      { schema: { summary: '最初の管理者の作成が必要か', tags: ['アカウント'], response: { 200: setupStatusSchema } } },
      async () => ({ needed: (await countUsers(db.kysely)) === 0 }),
    );

    app.post(
      '/setup',
      {
        config: { rateLimit },
        schema: {
          summary: '最初の管理者を作る（アカウントがまだないときだけ）',
          description: 'システム管理者（すべての商工会の管理者）を作り、そのままログインします。アカウントがあれば 409。',
          tags: ['アカウント'],
          body: setupBody,
          response: { 204: z.null(), 400: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const now = clock.now();
        await setUpFirstAdmin({ db: db.kysely, ...request.body, now, ip: request.ip });
        const { token } = await signIn({
          db: db.kysely,
          login: request.body.login,
          password: request.body.password,
          now,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        setCookie(request, reply, token);
        return reply.status(204).send(null);
      },
    );

    app.put(
      '/account/password',
      {
        schema: {
          summary: 'パスワードの変更',
          description: '現在のパスワードを確かめてから変更し、ほかの端末のログインを終了します。',
          tags: ['アカウント'],
          body: passwordBody,
          response: { 204: z.null(), 400: errorSchema, 401: errorSchema },
        },
      },
      async (request, reply) => {
        const session = requireSession(request);
        await changePassword({
          db: db.kysely,
          actor: { ...actorOf(request), userId: session.user.id },
          current: request.body.current,
          next: request.body.next,
          keepSession: session.id,
          now: clock.now(),
        });
        return reply.status(204).send(null);
      },
    );
  };
