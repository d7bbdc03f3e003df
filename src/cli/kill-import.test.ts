/**
 * A fault test: `shirube import support` killed with SIGKILL in the middle of a large bulk
 * load (indexes dropped, foreign-key checks off, automatic checkpoints off, a write-ahead log
 * of tens of MB) leaves the embedded database whole: all of the import or none of it, every
 * index there, integrity_check ok; and the import then runs again to its end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, expect, test } from 'vitest';

const BIN = new URL('../../bin/shirube.js', import.meta.url).pathname;
const PLAN = new URL('../../plans/nikaho-2022.yaml', import.meta.url).pathname;
const ROWS = 300_000;
const BUSINESSES = 1000;
let root: string;
let data: string;
let dbFile: string;
let supportCsv: string;

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, SHIRUBE_DATA_DIR: data };
  delete e.DATABASE_URL;
  return e;
}

function shirube(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { env: env(), encoding: 'utf8', timeout: 60_000 });
}

/** 事業者 B1…B1000 and ROWS 支援記録 over three fiscal years, as UTF-8 CSV files. */
function generate(): { businessesCsv: string; supportCsv: string } {
  const businesses = ['事業者コード,事業者名,フリガナ,業種,地区,従業員数,創業日,入会日,退会日'];
  for (let i = 1; i <= BUSINESSES; i++) businesses.push(`B${i},事業者${i},ジギョウシャ,小売業,仁賀保,3,1990-04-01,2000-04-01,`);
  const support = ['記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考'];
  const start = Date.UTC(2022, 3, 1);
  const day = 86_400_000;
  const kinds = ['課題解決', '課題解決', '実行支援', '施策提案'];
  for (let i = 1; i <= ROWS; i++) {
    const date = new Date(start + ((i * 7919) % 1095) * day).toISOString().slice(0, 10);
    support.push(`S${i},${date},B${1 + (i % BUSINESSES)},${kinds[i % kinds.length]},,1,,経営指導員,`);
  }
  const businessesCsv = join(root, 'businesses.csv');
  const supportCsv = join(root, 'support.csv');
  writeFileSync(businessesCsv, `${businesses.join('\n')}\n`);
  writeFileSync(supportCsv, `${support.join('\n')}\n`);
  return { businessesCsv, supportCsv };
}

interface Inspection {
  integrity: string[];
  foreignKeyProblems: number;
  supportRecords: number;
  supportIndexes: string[];
}

/** Opens the database directly (as the next process would, recovering its log) and looks. */
function inspect(): Inspection {
  const conn = new BetterSqlite3(dbFile, { fileMustExist: true });
  try {
    return {
      integrity: (conn.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check),
      foreignKeyProblems: (conn.pragma('foreign_key_check') as unknown[]).length,
      supportRecords: Number(conn.prepare<[], { n: number }>('select count(*) as n from support_records').get()?.n),
      supportIndexes: conn
        .prepare<[], { name: string }>("select name from sqlite_master where type = 'index' and tbl_name = 'support_records' order by name")
        .all()
        .map((r) => r.name),
    };
  } finally {
    conn.close();
  }
}

/**
 * Runs the import and kills it (SIGKILL) once `when` says so, given each progress line
 * (`  150,000 / 300,000 行（50%）` on stderr) and the percent in it.
 */
async function importKilled(when: (percent: number) => number | undefined): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'import', 'support', supportCsv], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let armed = false;
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    if (armed) return;
    for (const m of stderr.matchAll(/（(\d+)%）/g)) {
      const delay = when(Number(m[1]));
      if (delay === undefined) continue;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), delay);
      break;
    }
  });
  const [, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.once('exit', (code, sig) => done([code, sig])),
  );
  return { signal, stderr };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'shirube-kill-'));
  data = join(root, 'data');
  dbFile = join(data, 'shirube.db');
  const files = generate();
  supportCsv = files.supportCsv;
  expect(shirube('plan', 'import', PLAN).status).toBe(0);
  expect(shirube('import', 'businesses', files.businessesCsv).stdout).toContain(`追加 ${BUSINESSES}`);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

test('SIGKILL in the middle of a large import leaves all of it or none, and a whole database', { timeout: 120_000 }, async () => {
  const indexes = inspect().supportIndexes;
  expect(indexes.length).toBeGreaterThan(0);
  const afterKill = (): Inspection => {
    const seen = inspect();
    expect(seen.integrity).toEqual(['ok']);
    expect(seen.foreignKeyProblems).toBe(0);
    expect([0, ROWS]).toContain(seen.supportRecords);
    // The bulk load drops the indexes inside its transaction: they come back with the rollback.
    expect(seen.supportIndexes).toEqual(indexes);
    // And the command line opens it (the lock died with the process).
    const kpi = shirube('kpi', '--json');
    expect(kpi.stderr).toBe('');
    expect(kpi.status).toBe(0);
    return seen;
  };

  // While the rows are being written (half of them in, uncommitted).
  const writing = await importKilled((percent) => (percent >= 50 && percent < 100 ? 0 : undefined));
  expect(writing.signal).toBe('SIGKILL');
  expect(writing.stderr).toMatch(/ \/ 300,000 行（[5-9]0%）/);
  expect(afterKill().supportRecords).toBe(0); // killed before the rows were all read: no commit yet

  // After the last row: while the indexes are built again, the monthly summary refreshed,
  // or the commit made. Either outcome is allowed; a half is not.
  const finishing = await importKilled((percent) => (percent === 100 ? 150 : undefined));
  expect(finishing.signal).toBe('SIGKILL');
  const seen = afterKill();

  const again = shirube('import', 'support', supportCsv);
  expect(again.stderr).not.toContain('エラー');
  expect(again.status).toBe(0);
  expect(again.stdout).toContain(seen.supportRecords === 0 ? `追加 ${ROWS}、変更 0、変更なし 0` : `追加 0、変更 0、変更なし ${ROWS}`);
  const done = inspect();
  expect(done.integrity).toEqual(['ok']);
  expect(done.supportRecords).toBe(ROWS);
  expect(done.supportIndexes).toEqual(indexes);
});
