// Copies an SQLite database's write-ahead log into the database file (a PASSIVE checkpoint)
// on a connection of its own, so that the thread that committed need not wait for it. See
// checkpointInBackground in bulk-insert.ts. Plain JavaScript: it needs no TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const conn = new BetterSqlite3(workerData.file, { fileMustExist: true });
try {
  conn.pragma('busy_timeout = 5000');
  const [result] = conn.pragma('wal_checkpoint(PASSIVE)');
  parentPort?.postMessage(result);
} finally {
  conn.close();
}
