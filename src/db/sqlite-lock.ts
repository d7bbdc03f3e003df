/**
 * One process at a time may open an embedded database. The lock is SQLite's own: a small
 * `<db>.lock` file held in EXCLUSIVE locking mode for as long as the process lives. The
 * operating system drops it when the process dies, however it dies, so a crash never
 * leaves a stale lock; and the database file itself stays readable (for online backup).
 */
import BetterSqlite3 from 'better-sqlite3';
import { DomainError } from '../domain/errors.js';

export interface SqliteLock {
  release(): void;
}

export function acquireSqliteLock(dbFile: string): SqliteLock {
  const lockFile = `${dbFile}.lock`;
  const conn = new BetterSqlite3(lockFile, { timeout: 0 });
  try {
    conn.pragma('locking_mode = EXCLUSIVE');
    conn.exec('BEGIN EXCLUSIVE');
    conn.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER, since TEXT)');
    conn.prepare('DELETE FROM holder').run();
    conn.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, new Date().toISOString());
    conn.exec('COMMIT');
  } catch (e) {
    conn.close();
    if (e instanceof Error && 'code' in e && (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED')) {
      throw new DomainError(
        'DATABASE_LOCKED',
        `データベース ${dbFile} は別のプロセス（起動中の shirube など）が使用中です。そのプロセスを終了してから、もう一度実行してください。`,
      );
    }
    throw e;
  }
  return { release: () => conn.close() };
}
