import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, test } from 'vitest';
import { openDatabase } from './connection.js';

const BIN = new URL('../../bin/shirube.js', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function migrateIn(dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, SHIRUBE_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, [BIN, 'db', 'migrate'], { env, encoding: 'utf8', timeout: 30_000 });
}

test('a second process cannot open an embedded database that is in use, and says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shirube-lock-'));
  dirs.push(dir);
  const db = await openDatabase({ kind: 'sqlite', file: join(dir, 'shirube.db') });
  const refused = migrateIn(dir);
  expect(refused.status).toBe(5);
  expect(refused.stderr).toContain('別のプロセス');
  expect(refused.stderr).toContain('使用中');
  await db.close();
  const allowed = migrateIn(dir);
  expect(allowed.stderr).toBe('');
  expect(allowed.status).toBe(0);
});

test('the same process cannot open it twice either', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shirube-lock-'));
  dirs.push(dir);
  const file = join(dir, 'shirube.db');
  const first = await openDatabase({ kind: 'sqlite', file });
  await expect(openDatabase({ kind: 'sqlite', file })).rejects.toMatchObject({ code: 'DATABASE_LOCKED' });
  await first.close();
  const again = await openDatabase({ kind: 'sqlite', file });
  const journal = await again.kysely.selectNoFrom((eb) => eb.val(1).as('one')).execute();
  expect(journal).toEqual([{ one: 1 }]);
  await again.close();
});

test('the embedded database is durable and checks its foreign keys', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shirube-pragma-'));
  dirs.push(dir);
  const db = await openDatabase({ kind: 'sqlite', file: join(dir, 'shirube.db') });
  const read = async (pragma: string) => (await sql.raw(`pragma ${pragma}`).execute(db.kysely)).rows[0];
  expect(await read('journal_mode')).toEqual({ journalMode: 'wal' });
  expect(await read('synchronous')).toEqual({ synchronous: 2 }); // FULL
  expect(await read('foreign_keys')).toEqual({ foreignKeys: 1 });
  await db.close();
});
