/**
 * `shirube backup FILE` and `shirube restore FILE` (src/db/backup.ts). The embedded
 * database only: for PostgreSQL (DATABASE_URL) both explain the pg_dump / pg_restore
 * commands to use instead and exit non-zero.
 */
import type { Command } from 'commander';
import { systemClock } from '../clock.js';
import { readConfig } from '../config.js';
import { backupSqlite, type DatabaseFacts, restoreSqlite } from '../db/backup.js';
import { DomainError } from '../domain/errors.js';

/** A file name as it must be typed in a POSIX shell. */
const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** 1.3 MB (1,306,072 バイト). */
function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const short = unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
  return `${short}（${bytes.toLocaleString('ja-JP')} バイト / bytes）`;
}

function printFacts(facts: DatabaseFacts): void {
  for (const c of facts.counts) console.log(`  ${c.label} / ${c.table}: ${c.rows.toLocaleString('ja-JP')}`);
  console.log(`  構造の版 / schema: ${facts.migration ?? '—'}`);
}

function postgresRefusal(command: 'backup' | 'restore', file: string): DomainError {
  const f = shellQuote(file);
  if (command === 'backup')
    return new DomainError(
      'BAD_REQUEST',
      'PostgreSQL のデータベース（DATABASE_URL）は shirube backup では保存しません。pg_dump で保存してください / shirube backup is for the embedded database; back up PostgreSQL with pg_dump:',
      [{ message: `pg_dump --format=custom --no-owner --file=${f} "$DATABASE_URL"` }],
    );
  return new DomainError(
    'BAD_REQUEST',
    'PostgreSQL のデータベース（DATABASE_URL）は shirube restore では復元しません。サーバーを止めてから pg_restore で復元し、構造を最新にしてください / shirube restore is for the embedded database; stop the server, then restore PostgreSQL with pg_restore and migrate:',
    [
      { message: `pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" ${f}` },
      { message: 'shirube db migrate' },
    ],
  );
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      '内蔵データベースのバックアップを作る（サーバーの起動中でもよい） / Back up the embedded database (also while the server runs)',
    )
    .argument('<file>', '保存先のファイル / Backup file to write')
    .option('--force', '既にあるファイルを上書きする / Overwrite an existing file')
    .action(async (file: string, opts: { force?: boolean }) => {
      const { database } = readConfig();
      if (database.kind === 'postgres') throw postgresRefusal('backup', file);
      const r = await backupSqlite({ dbFile: database.file, to: file, force: opts.force ?? false });
      console.log(`バックアップを作りました / Backup written: ${r.file}`);
      console.log(`  大きさ / size: ${formatSize(r.bytes)}`);
      console.log('  検査 / integrity_check: ok');
      printFacts(r);
    });

  program
    .command('restore')
    .description(
      'バックアップから内蔵データベースを復元する（サーバーを止めてから。元のデータベースは残す） / Restore the embedded database from a backup (server stopped; the current database is kept aside)',
    )
    .argument('<file>', 'バックアップのファイル / Backup file')
    .action(async (file: string) => {
      const { database } = readConfig();
      if (database.kind === 'postgres') throw postgresRefusal('restore', file);
      const r = await restoreSqlite({ dbFile: database.file, from: file, now: systemClock.now() });
      if (r.keptAs) console.log(`元のデータベースを残しました / The previous database was kept as: ${r.keptAs}`);
      console.log(`復元しました / Restored: ${r.from} → ${r.file}`);
      console.log(
        r.applied.length === 0 ? '  構造は最新です / Schema up to date' : `  最新の構造にしました / Migrated: ${r.applied.join(', ')}`,
      );
      printFacts(r);
      if (r.keptAs) console.log(`  元に戻すには / to undo: shirube restore ${shellQuote(r.keptAs)}`);
    });
}
