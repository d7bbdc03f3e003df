/**
 * Settings from the environment, read once at start:
 * - DATABASE_URL: a PostgreSQL server (postgres://…); unset, the embedded SQLite database.
 * - SHIRUBE_DATA_DIR: where the embedded database lives (default ./data).
 * - PORT (default 3000) and HOST (default 127.0.0.1: the app answers only this machine;
 *   HOST=0.0.0.0 serves the office network, best behind an HTTPS reverse proxy).
 * - SHIRUBE_TRUST_PROXY=1: behind such a proxy, believe its X-Forwarded-* headers (the client's
 *   address for the sign-in limit and the audit trail; https, so cookies are Secure and HSTS is sent).
 */
import { resolve } from 'node:path';
import type { DbConfig } from './db/connection.js';

export interface Config {
  database: DbConfig;
  port: number;
  host: string;
  trustProxy: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const url = env.DATABASE_URL?.trim();
  const dataDir = resolve(env.SHIRUBE_DATA_DIR?.trim() || 'data');
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT が正しくありません: ${env.PORT}`);
  return {
    database: url ? { kind: 'postgres', url } : { kind: 'sqlite', file: resolve(dataDir, 'shirube.db') },
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    trustProxy: env.SHIRUBE_TRUST_PROXY?.trim() === '1',
  };
}
