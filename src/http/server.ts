/**
 * The HTTP server: the JSON API under /api/v1 (zod-validated, documented at
 * /api/openapi.json and /api/docs) and the web UI's built files, with the UI's routes
 * falling back to index.html.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connection.js';
import { isDomainError } from '../domain/errors.js';
import { describeField } from '../domain/plan/parse-plan-file.js';
import { ImportJobs } from '../usecases/import-jobs.js';
import { registerAccess } from './access.js';
import { errorBody, HTTP_STATUS } from './errors.js';
import { annualPlanRoutes } from './routes/annual-plans.js';
import { auditRoutes } from './routes/audit.js';
import { businessRoutes } from './routes/businesses.js';
import { chamberRoutes } from './routes/chambers.js';
import { evaluationRoutes } from './routes/evaluations.js';
import { eventRoutes } from './routes/events.js';
import { exportRoutes } from './routes/exports.js';
import { importRoutes } from './routes/imports.js';
import { kpiTableRoutes } from './routes/kpi-table.js';
import { kpiRoutes } from './routes/kpis.js';
import { memberRoutes } from './routes/members.js';
import { mutualAidRoutes } from './routes/mutual-aid.js';
import { ownerRoutes } from './routes/owners.js';
import { planRoutes } from './routes/plans.js';
import { progressRoutes } from './routes/progress.js';
import { ratingBandRoutes } from './routes/rating-bands.js';
import { recordRoutes } from './routes/records.js';
import { roadmapRoutes } from './routes/roadmap.js';
import { sessionRoutes } from './routes/session.js';
import { targetRoutes } from './routes/targets.js';

export interface ServerOptions {
  db: Db;
  clock: Clock;
  /** The built web UI (dist/web); absent, only the API is served. */
  webDir?: string | undefined;
  logger?: boolean;
  /** Sign-in attempts per address and login in 15 minutes (default LOGIN_ATTEMPTS). */
  loginAttempts?: number | undefined;
  /** Behind a reverse proxy (X-Forwarded-For, X-Forwarded-Proto): set true. */
  trustProxy?: boolean | undefined;
}

export interface AppContext {
  db: Db;
  clock: Clock;
  loginAttempts?: number | undefined;
  /** Imports started from the screen, with their progress. */
  importJobs: ImportJobs;
}

/**
 * What the pages may load: only this origin's scripts; inline styles, which Mantine sets
 * (its CSS variables and style props); images and fonts as data: URLs (charts, icons).
 */
const CONTENT_SECURITY_POLICY = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  },
};

const CLIENT_ERRORS: Record<number, string> = {
  400: '要求の形式が正しくありません',
  413: 'ファイルが大きすぎます',
  415: 'この形式の本文は受け付けません（CSV は Content-Type: text/csv で送ってください）',
  429: '操作が多すぎます。15分ほど待ってからもう一度お試しください',
};

export async function buildServer({
  db,
  clock,
  webDir,
  logger = false,
  loginAttempts,
  trustProxy = false,
}: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger, trustProxy });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.status(400).send(
        errorBody(
          'BAD_REQUEST',
          '入力が正しくありません',
          error.validation.map((v) => ({
            location: `${error.validationContext ?? ''} ${describeField(v.instancePath.split('/').filter(Boolean))}`.trim(),
            message: v.message ?? '',
          })),
        ),
      );
    }
    if (isDomainError(error)) {
      return reply.status(HTTP_STATUS[error.code]).send(errorBody(error.code, error.message, [...error.details]));
    }
    // Fastify's own and its plugins' client errors (a body too large, a body that is not
    // JSON, too many sign-in attempts), in Japanese.
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = CLIENT_ERRORS[status] ?? `要求を処理できませんでした（${status}）`;
      return reply.status(status).send(errorBody(status === 429 ? 'TOO_MANY_REQUESTS' : 'BAD_REQUEST', message));
    }
    request.log.error(error);
    return reply.status(500).send(errorBody('INTERNAL', 'サーバーで予期しないエラーが起きました。管理者に連絡してください。'));
  });

  // Security headers on every response; HSTS only means something over HTTPS, which a
  // reverse proxy in front of Shirube provides when there is one.
  await app.register(fastifyHelmet, { contentSecurityPolicy: CONTENT_SECURITY_POLICY, hsts: trustProxy });
  await app.register(fastifyCookie);
  // preHandler: after the body is parsed, so that attempts are counted per address and login.
  await app.register(fastifyRateLimit, { global: false, hook: 'preHandler' });
  const ctx: AppContext = { db, clock, loginAttempts, importJobs: new ImportJobs() };
  // An import under way ends (written whole or rolled back) before the database is closed.
  app.addHook('onClose', () => ctx.importJobs.settle());
  registerAccess(app, ctx);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Shirube API',
        description:
          'しるべ — 商工会アクションプログラムの進行管理。エラーは { error: { code, message, details } } で返ります（message は日本語）。',
        version: '1',
      },
    },
    transform: jsonSchemaTransform,
  });
  // staticCSP: the docs page's own policy, with hashes for its inline script.
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      api.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok', database: db.dialect }));
      await api.register(sessionRoutes(ctx));
      await api.register(chamberRoutes(ctx));
      await api.register(memberRoutes(ctx));
      await api.register(auditRoutes(ctx));
      await api.register(planRoutes(ctx));
      await api.register(kpiRoutes(ctx));
      await api.register(kpiTableRoutes(ctx));
      await api.register(progressRoutes(ctx));
      await api.register(ownerRoutes(ctx));
      await api.register(ratingBandRoutes(ctx));
      await api.register(targetRoutes(ctx));
      await api.register(importRoutes(ctx));
      await api.register(recordRoutes(ctx));
      await api.register(exportRoutes(ctx));
      await api.register(eventRoutes(ctx));
      await api.register(mutualAidRoutes(ctx));
      await api.register(businessRoutes(ctx));
      await api.register(evaluationRoutes(ctx));
      await api.register(roadmapRoutes(ctx));
      await api.register(annualPlanRoutes(ctx));
    },
    { prefix: '/api/v1' },
  );

  const hasWeb = webDir !== undefined && existsSync(join(webDir, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt UI is served without a restart;
  // a path that is no file falls through to the not-found handler below (index.html).
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: true });
  // index.html, the page of every UI route, from memory: a file streamed from disk takes several
  // turns of a busy event loop (measured in bench/load.ts). Read again when a rebuild changes it.
  const indexPage = hasWeb ? cachedFile(join(webDir, 'index.html')) : undefined;
  const sendIndex = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexPage?.());
  if (hasWeb) app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !hasWeb || request.method !== 'GET') {
      return reply.status(404).send(errorBody('NOT_FOUND', `見つかりません: ${request.method} ${request.url.split('?')[0]}`));
    }
    return sendIndex(reply);
  });
  return app;
}

/** A small file's bytes, read again only when its modification time changes. */
function cachedFile(file: string): () => Buffer {
  let mtimeMs = -1;
  let bytes = Buffer.alloc(0);
  return () => {
    const now = statSync(file).mtimeMs;
    if (now !== mtimeMs) {
      bytes = readFileSync(file);
      mtimeMs = now;
    }
    return bytes;
  };
}
