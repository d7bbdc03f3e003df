/**
 * Settings from the environment, read once at start:
 * - DATABASE_URL: a PostgreSQL server (postgres://…); unset, the embedded SQLite database.
 * - SHIRUBE_DATA_DIR: where the embedded database lives (default ./data).
 * - PORT (default 3000) and HOST (default 127.0.0.1: until user accounts exist, the app
 *   answers only this machine; set HOST=0.0.0.0 to serve tablets on the office network).
 */
import { resolve } from 'node:path';
import type { DbConfig } from './db/connection.js';

export interface Config {
  database: DbConfig;
  port: number;
  host: string;
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
  };
}
