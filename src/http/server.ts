/**
 * The HTTP server: the JSON API under /api/v1 (zod-validated, documented at
 * /api/openapi.json and /api/docs) and the web UI's built files, with the UI's routes
 * falling back to index.html.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connection.js';
import { isDomainError } from '../domain/errors.js';
import { describeField } from '../domain/plan/parse-plan-file.js';
import { errorBody, HTTP_STATUS } from './errors.js';
import { chamberRoutes } from './routes/chambers.js';
import { importRoutes } from './routes/imports.js';
import { kpiRoutes } from './routes/kpis.js';
import { planRoutes } from './routes/plans.js';

export interface ServerOptions {
  db: Db;
  clock: Clock;
  /** The built web UI (dist/web); absent, only the API is served. */
  webDir?: string | undefined;
  logger?: boolean;
}

export interface AppContext {
  db: Db;
  clock: Clock;
}

export async function buildServer({ db, clock, webDir, logger = false }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger });
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
    request.log.error(error);
    return reply.status(500).send(errorBody('INTERNAL', 'サーバーで予期しないエラーが起きました。管理者に連絡してください。'));
  });

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
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const ctx: AppContext = { db, clock };
  await app.register(
    async (api) => {
      api.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok', database: db.dialect }));
      await api.register(chamberRoutes(ctx));
      await api.register(planRoutes(ctx));
      await api.register(kpiRoutes(ctx));
      await api.register(importRoutes(ctx));
    },
    { prefix: '/api/v1' },
  );

  const hasWeb = webDir !== undefined && existsSync(join(webDir, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt UI is served without a restart;
  // a path that is no file falls through to the not-found handler below (index.html).
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: true });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !hasWeb || request.method !== 'GET') {
      return reply.status(404).send(errorBody('NOT_FOUND', `見つかりません: ${request.method} ${request.url.split('?')[0]}`));
    }
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
