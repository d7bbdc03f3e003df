/**
 * The `shirube` command line. Every command opens the database the environment names
 * (DATABASE_URL, or the embedded one under SHIRUBE_DATA_DIR), brings it to the latest
 * migration, does one thing, and closes it. Help is in Japanese and English.
 */
import { createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, CommanderError } from 'commander';
import { systemClock } from '../clock.js';
import { type Config, readConfig } from '../config.js';
import { type Db, openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { listChambers } from '../db/queries/chambers.js';
import { DomainError, type ErrorCode, isDomainError } from '../domain/errors.js';
import { formatFiscalYear, parseFiscalYear, parseJapaneseDate, toHalfWidthAlnum } from '../domain/fiscal-calendar.js';
import type { ExportEncoding } from '../domain/import/export-csv.js';
import { findImportKind, IMPORT_KIND_IDS, IMPORT_KINDS } from '../domain/import/kinds.js';
import { computeKpiActuals } from '../usecases/compute-kpi-actuals.js';
import { enterManualActual } from '../usecases/enter-manual-actual.js';
import { exportRecords } from '../usecases/export-records.js';
import { findPlan } from '../usecases/find-plan.js';
import { importPlan } from '../usecases/import-plan.js';
import { importRecords } from '../usecases/import-records.js';
import { loadBundledPlans } from '../usecases/load-bundled-plans.js';
import { DEMO_LOGIN, DEMO_PASSWORD, loadDemo } from '../usecases/load-demo.js';
import { presentPlanExport } from '../usecases/present-plan-export.js';
import { registerBackupCommands } from './backup-commands.js';
import { registerUserCommands } from './user-commands.js';
import { buildWeb, ensureWebBuilt, ROOT, WEB_DIST } from './web-build.js';

/** The one table from error codes to exit codes. */
const EXIT_CODE: Record<ErrorCode, number> = {
  BAD_REQUEST: 2,
  PLAN_FILE_INVALID: 3,
  IMPORT_INVALID: 3,
  EXPORT_UNWRITABLE: 3,
  NOT_FOUND: 4,
  DATABASE_LOCKED: 5,
  DATABASE_UNAVAILABLE: 6,
  UNAUTHORIZED: 7,
  FORBIDDEN: 7,
  CONFLICT: 8,
  CONFIRMATION_REQUIRED: 8,
};

async function withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(readConfig().database);
  try {
    await migrateToLatest(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** 1,234 and 71.9: thousands separators, ratios to one decimal. */
const formatNumber = (v: number) => v.toLocaleString('ja-JP', { maximumFractionDigits: 1 });

/** The demo's own data folder, beside (never inside) the real database. */
function demoDir(): string {
  return resolve(process.env.SHIRUBE_DATA_DIR?.trim() || 'data', 'demo');
}

/** The chamber named, or the only one there is. */
async function chamberOrOnly(db: Db, code: string | undefined): Promise<string> {
  if (code) return code;
  const chambers = await listChambers(db.kysely);
  const only = chambers.length === 1 ? chambers[0] : undefined;
  if (!only)
    throw new DomainError(
      'BAD_REQUEST',
      `--chamber で商工会を指定してください（登録: ${chambers.map((c) => c.code).join(', ') || 'なし'}）`,
    );
  return only.code;
}

const program = new Command('shirube')
  .description('しるべ — 商工会アクションプログラムの進行管理 / Shirube: action-plan management for Japanese chambers of commerce')
  .helpOption('-h, --help', 'ヘルプを表示 / Show help')
  .helpCommand('help [command]', 'コマンドのヘルプを表示 / Show help for a command')
  .addHelpText(
    'after',
    `
環境変数 / Environment:
  DATABASE_URL       PostgreSQL の接続先。未設定なら内蔵の SQLite / PostgreSQL URL; unset: embedded SQLite
  SHIRUBE_DATA_DIR   内蔵データベースの置き場所（既定 ./data） / Embedded database folder (default ./data)
  PORT, HOST         待ち受けるポートとアドレス（既定 3000, 127.0.0.1） / Listen port and address
  SHIRUBE_TRUST_PROXY=1  HTTPS のリバースプロキシの後ろで使う / Behind an HTTPS reverse proxy`,
  )
  .showHelpAfterError('（--help で使い方を表示 / see --help）');

/** Builds the UI if stale and serves the database until SIGINT/SIGTERM. */
async function serveDatabase(db: Db, config: Config): Promise<void> {
  try {
    await ensureWebBuilt();
    const { buildServer } = await import('../http/server.js');
    const app = await buildServer({ db, clock: systemClock, webDir: WEB_DIST, trustProxy: config.trustProxy });
    const stop = async () => {
      await app.close();
      await db.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
    console.log(`しるべ を起動しました / Shirube is running: http://${host}:${port}/  （データベース / database: ${db.location}）`);
  } catch (e) {
    await db.close();
    throw e;
  }
}

const portOption = ['-p, --port <port>', 'ポート番号 / Port (default: PORT or 3000)'] as const;
const configWithPort = (port: string | undefined) => readConfig(port ? { ...process.env, PORT: port } : process.env);

program
  .command('serve')
  .description('サーバーを起動する（計画を読み込み、画面をビルドして） / Start the server (loads the bundled plans, builds the UI)')
  .option(...portOption)
  .action(async (opts: { port?: string }) => {
    const config = configWithPort(opts.port);
    const db = await openDatabase(config.database);
    try {
      await migrateToLatest(db);
      const loaded = await loadBundledPlans({ db: db.kysely, dir: join(ROOT, 'plans'), now: systemClock.now() });
      for (const name of loaded) console.log(`計画を読み込みました / Loaded plan: ${name}`);
    } catch (e) {
      await db.close();
      throw e;
    }
    await serveDatabase(db, config);
  });

program
  .command('demo')
  .description(
    'デモ用のデータベース（にかほ市商工会の架空の記録、令和3年度から今日まで）を作り直して起動する / Rebuild the demo database (a made-up Nikaho history, FY2021 to today) and serve it',
  )
  .option(...portOption)
  .option('--no-serve', 'データベースを作るだけで起動しない / Build the database only')
  .action(async (opts: { port?: string; serve: boolean }) => {
    const config = configWithPort(opts.port);
    // Always a separate embedded database, whatever DATABASE_URL says: the demo never touches real data.
    const file = join(demoDir(), 'shirube.db');
    await (await openDatabase({ kind: 'sqlite', file })).close(); // refuses while a demo server holds it
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    const db = await openDatabase({ kind: 'sqlite', file });
    try {
      await migrateToLatest(db);
      console.log('デモデータを作っています… / Generating the demo data…');
      const summary = await loadDemo({ db, plansDir: join(ROOT, 'plans'), today: systemClock.today(), now: systemClock.now() });
      console.log(
        `デモデータ: 事業者 ${summary.businesses}、支援記録 ${summary.supportRecords}、イベント ${summary.events}、共済 ${summary.mutualAid}、工程表の報告 ${summary.roadmapStatuses}（${systemClock.today()} まで）`,
      );
      console.log(`デモのログイン / Demo sign-in: ログインID ${DEMO_LOGIN}　パスワード ${DEMO_PASSWORD}`);
    } catch (e) {
      await db.close();
      throw e;
    }
    if (opts.serve) await serveDatabase(db, { ...config, database: { kind: 'sqlite', file } });
    else await db.close();
  });

const dbCommand = program.command('db').description('データベースの操作 / Database commands');
dbCommand
  .command('migrate')
  .description('データベースを最新の構造にする / Apply pending migrations')
  .action(() =>
    withDatabase(async (db) => {
      const { applied } = await migrateToLatest(db);
      console.log(applied.length === 0 ? '最新です / Up to date' : `適用しました / Applied: ${applied.join(', ')}`);
    }),
  );

const planCommand = program.command('plan').description('計画（アクションプログラム）の操作 / Plan commands');
planCommand
  .command('import')
  .description('計画ファイル（YAML）を検証して読み込む / Validate and load a plan file (YAML)')
  .argument('<file>', '計画ファイル / Plan file')
  .option('--reason <text>', '目標値を変更する理由（改訂履歴に残す） / Why targets change (kept with each revision)')
  .option(
    '--decided-on <date>',
    '目標値の変更を決めた日（2024-07-15、R6.7.15 など。省略時は今日） / When the target changes were decided (default: today)',
  )
  .option(
    '--decided-by <body>',
    '目標値の変更を決めた機関（評価委員会・理事会・総会 など。省略時は「計画ファイルの取り込み」） / Who decided them',
  )
  .option('--dry-run', '変更内容を表示するだけで書き込まない / Show the changes without writing them')
  .action(async (file: string, opts: { reason?: string; decidedOn?: string; decidedBy?: string; dryRun?: boolean }) => {
    const decidedOn = opts.decidedOn === undefined ? undefined : parseJapaneseDate(opts.decidedOn);
    if (opts.decidedOn !== undefined && decidedOn === undefined)
      throw new DomainError('BAD_REQUEST', `--decided-on を日付として読めません: ${opts.decidedOn}（例: 2024-07-15、R6.7.15）`);
    const decidedBy = opts.decidedBy?.trim() || undefined;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      throw new DomainError('BAD_REQUEST', `ファイルを読めません: ${file}`);
    }
    await withDatabase(async (db) => {
      const result = await importPlan({
        db: db.kysely,
        source,
        fileName: file,
        now: systemClock.now(),
        reason: opts.reason,
        decidedOn,
        decidedBy,
        dryRun: opts.dryRun ?? false,
        actor: { userId: null, login: `cli:${userInfo().username}` },
      });
      const head = result.dryRun ? '（試行・書き込みなし / dry run）' : '';
      if (!result.changed) {
        console.log(`${head}変更はありません / No changes: ${result.chamberCode} ${result.planCode}`);
        return;
      }
      console.log(
        `${head}${result.created ? '新しく登録しました / Created' : '更新しました / Updated'}: ${result.chamberCode} ${result.planCode}`,
      );
      for (const [table, c] of Object.entries(result.counts)) {
        if (c.inserted + c.updated + c.deleted > 0) console.log(`  ${table}: +${c.inserted} ~${c.updated} -${c.deleted}`);
      }
      for (const r of result.revisions) {
        console.log(
          `  目標値の改訂 / target revised: ${r.kpiCode} ${r.kpiName} ${formatFiscalYear(r.fiscalYear, 'short')}: ${r.oldTarget ?? '設定なし'} → ${r.newTarget ?? '設定なし'}`,
        );
      }
    });
  });

planCommand
  .command('export')
  .description('計画を出力する / Print a plan')
  .option('--chamber <code>', '商工会コード（一つしかなければ省略可） / Chamber code (optional when there is one)')
  .option('--plan <code>', '計画コード（省略時は現在の計画） / Plan code (default: the current plan)')
  .option('--json', 'JSON で出力する / Print JSON')
  .action((opts: { chamber?: string; plan?: string; json?: boolean }) =>
    withDatabase(async (db) => {
      const chamberCode = await chamberOrOnly(db, opts.chamber);
      const today = systemClock.today();
      const loaded = await findPlan({ db: db.kysely, chamberCode, planCode: opts.plan, today });
      if (!loaded) throw new DomainError('NOT_FOUND', `計画が見つかりません: ${chamberCode}${opts.plan ? ` ${opts.plan}` : ''}`);
      const out = presentPlanExport({ ...loaded, today });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      const { from, to } = out.plan.period;
      const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
      console.log(`${out.chamber.name} ${out.plan.title}（${formatFiscalYear(from)}〜${formatFiscalYear(to)}）`);
      console.log(
        [
          '施策',
          'KPI',
          '単位',
          `基準値(${formatFiscalYear(out.plan.baselineYear, 'short')})`,
          ...years.map((y) => formatFiscalYear(y, 'short')),
        ].join('\t'),
      );
      for (const k of out.kpis) {
        const name = `${k.name}${k.cumulative ? '（累計）' : ''}`;
        console.log([`施策${k.measure}`, name, k.unit, k.baseline ?? '-', ...years.map((y) => k.targets[y] ?? '設定なし')].join('\t'));
      }
    }),
  );

/** mutual-aid on the command line is mutualAid; 支援記録 and the other Japanese names work too. */
const kindArgument = (name: string) => findImportKind(name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()));

program
  .command('import')
  .description('記録をCSVから取り込む（1行でも誤りがあれば何も書き込まない） / Import records from a CSV file (all or nothing)')
  .argument('<kind>', `種類 / kind: ${IMPORT_KIND_IDS.map((k) => `${k}（${IMPORT_KINDS[k].name}）`).join(', ')}`)
  .argument('<file>', 'CSVファイル（UTF-8 または Shift_JIS） / CSV file (UTF-8 or Shift_JIS)')
  .option('--chamber <code>', '商工会コード（一つしかなければ省略可） / Chamber code (optional when there is one)')
  .option('--dry-run', '取り込んだ場合の件数を表示するだけで書き込まない / Show what would change without writing')
  .action(async (kindName: string, file: string, opts: { chamber?: string; dryRun?: boolean }) => {
    const kind = kindArgument(kindName);
    if (!kind) throw new DomainError('BAD_REQUEST', `取り込みの種類が分かりません: ${kindName}（${IMPORT_KIND_IDS.join(', ')}）`);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new DomainError('BAD_REQUEST', `ファイルを読めません: ${file}`);
    }
    await withDatabase(async (db) => {
      const chamberCode = await chamberOrOnly(db, opts.chamber);
      let shown = -1;
      const progress = (done: number, total: number) => {
        const percent = Math.floor((done / total) * 10) * 10;
        if (total >= 5000 && percent > shown) {
          shown = percent;
          process.stderr.write(`  ${done.toLocaleString('ja-JP')} / ${total.toLocaleString('ja-JP')} 行（${percent}%）\n`);
        }
      };
      const r = await importRecords({ db, chamberCode, kind, bytes, fileName: file, dryRun: opts.dryRun ?? false, progress });
      const head = r.dryRun ? '（試行・書き込みなし / dry run）' : '';
      console.log(
        `${head}${r.kindName} ${r.rows}行（${r.encoding}）: 追加 ${r.added}、変更 ${r.changed}、変更なし ${r.unchanged} / added ${r.added}, changed ${r.changed}, unchanged ${r.unchanged}`,
      );
    });
  });

const EXPORT_ENCODING_NAMES: Readonly<Record<string, ExportEncoding>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  shift_jis: 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  cp932: 'shift_jis',
};

/** A day option (2024-04-01, 2024/4/1, R6.4.1), or undefined when it is not given. */
function dayOption(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  const day = parseJapaneseDate(value);
  if (day === undefined)
    throw new DomainError('BAD_REQUEST', `${option} を日付として読めません: ${value}（例: 2024-04-01, 2024/4/1, R6.4.1）`);
  return day;
}

program
  .command('export')
  .description(
    '記録を取り込みと同じ形式の CSV に書き出す（既定は UTF-8 BOM つき） / Export records as CSV in the import format (UTF-8 with BOM by default)',
  )
  .argument('<kind>', `種類 / kind: ${IMPORT_KIND_IDS.map((k) => `${k}（${IMPORT_KINDS[k].name}）`).join(', ')}`)
  .argument('[file]', '書き出すファイル（省略時は標準出力） / Output file (default: standard output)')
  .option('--chamber <code>', '商工会コード（一つしかなければ省略可） / Chamber code (optional when there is one)')
  .option('--encoding <encoding>', '文字コード: utf8（既定）または sjis / Encoding: utf8 (default) or sjis (Shift_JIS, CP932)', 'utf8')
  .option('--fiscal-year <year>', '年度（2024, R6, 令和6年度）: 統計値・支援記録・イベント・財務 / Fiscal year')
  .option('--from <date>', 'この日から（2024-04-01, R6.4.1）: 支援記録・イベント / From this day (included)')
  .option('--to <date>', 'この日まで: 支援記録・イベント / To this day (included)')
  .option('--record-kind <kind>', '種別（補助金申請 など）: 支援記録 / 種別 of support records')
  .action(
    async (
      kindName: string,
      file: string | undefined,
      opts: { chamber?: string; encoding: string; fiscalYear?: string; from?: string; to?: string; recordKind?: string },
    ) => {
      const kind = kindArgument(kindName);
      if (!kind) throw new DomainError('BAD_REQUEST', `書き出しの種類が分かりません: ${kindName}（${IMPORT_KIND_IDS.join(', ')}）`);
      const encoding = EXPORT_ENCODING_NAMES[opts.encoding.trim().toLowerCase()];
      if (!encoding) throw new DomainError('BAD_REQUEST', `文字コードが分かりません: ${opts.encoding}（utf8 または sjis）`);
      const fiscalYear = opts.fiscalYear === undefined ? undefined : parseFiscalYear(opts.fiscalYear);
      if (opts.fiscalYear !== undefined && fiscalYear === undefined)
        throw new DomainError('BAD_REQUEST', `年度として読めません: ${opts.fiscalYear}（例: 2024, R6, 令和6年度）`);
      const filter = { fiscalYear, from: dayOption(opts.from, '--from'), to: dayOption(opts.to, '--to'), recordKind: opts.recordKind };
      await withDatabase(async (db) => {
        const chamberCode = await chamberOrOnly(db, opts.chamber);
        const out = await exportRecords({ db: db.kysely, chamberCode, kind, encoding, filter });
        if (file === undefined || file === '-') {
          await pipeline(Readable.from(out.chunks), process.stdout, { end: false });
        } else {
          // Written beside the file and renamed at the end: a failed export leaves no half a file.
          const partial = `${file}.part`;
          try {
            await pipeline(Readable.from(out.chunks), createWriteStream(partial));
            renameSync(partial, file);
          } catch (e) {
            rmSync(partial, { force: true });
            const code = (e as NodeJS.ErrnoException).code;
            if (isDomainError(e) || code === undefined) throw e;
            throw new DomainError('BAD_REQUEST', `ファイルに書き込めません: ${file}（${code}）`);
          }
        }
        const to = file === undefined || file === '-' ? '標準出力 / stdout' : file;
        process.stderr.write(
          `${out.kindName} ${out.rows}行を書き出しました（${encoding === 'utf-8' ? 'UTF-8' : 'Shift_JIS'}） / Exported ${out.rows} rows: ${to}\n`,
        );
      });
    },
  );

program
  .command('kpi')
  .description('KPIの目標値・実績値・達成率を表示する / Show KPI targets, actuals and achievement')
  .option('--chamber <code>', '商工会コード（一つしかなければ省略可） / Chamber code (optional when there is one)')
  .option('--fiscal-year <year>', '年度（2024, R6, 令和6年度）。省略時は全年度 / Fiscal year (default: every year of the plan)')
  .option('--json', 'JSON で出力する / Print JSON')
  .action((opts: { chamber?: string; fiscalYear?: string; json?: boolean }) =>
    withDatabase(async (db) => {
      const fiscalYear = opts.fiscalYear === undefined ? undefined : parseFiscalYear(opts.fiscalYear);
      if (opts.fiscalYear !== undefined && fiscalYear === undefined) {
        throw new DomainError('BAD_REQUEST', `年度として読めません: ${opts.fiscalYear}（例: 2024, R6, 令和6年度）`);
      }
      const chamberCode = await chamberOrOnly(db, opts.chamber);
      const out = await computeKpiActuals({ db: db.kysely, chamberCode, fiscalYear, today: systemClock.today() });
      if (!out) throw new DomainError('NOT_FOUND', `計画が見つかりません: ${chamberCode}`);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(out.results, null, 2)}\n`);
        return;
      }
      console.log(`${out.chamber.name} ${out.plan.title}（${out.today} 現在）`);
      console.log(['年度', '施策', 'KPI', '目標値', '実績値', '達成率', '備考'].join('\t'));
      for (const r of out.results) {
        const actual = r.actual === null ? '—' : `${formatNumber(r.actual)}${r.provisional ? '（暫定）' : ''}`;
        const rate = r.achievementRate === null ? (r.achievementNote ?? '') : `${r.achievementRate}%`;
        const remark = r.reason ?? (r.source === 'manual' ? `手入力: ${r.evidence}` : (r.note ?? ''));
        const row = [
          formatFiscalYear(r.fiscalYear, 'short'),
          `施策${r.measure}`,
          `${r.name}（${r.unit}）`,
          r.target === null ? '設定なし' : formatNumber(r.target),
          actual,
          rate,
          remark,
        ];
        console.log(row.join('\t'));
      }
    }),
  );

program
  .command('actual')
  .description(
    '記録から算出できないKPIの実績値を、根拠とともに入力する / Enter the actual of a KPI no record can produce, with its evidence',
  )
  .argument('<kpi>', 'KPIのコード（例: 1-1） / KPI code')
  .requiredOption('--fiscal-year <year>', '年度（2024, R6, 令和6年度） / Fiscal year')
  .requiredOption('--value <number>', '実績値 / Actual value')
  .requiredOption('--evidence <text>', '根拠（資料名など） / Evidence')
  .requiredOption('--by <name>', '入力者 / Entered by')
  .option('--chamber <code>', '商工会コード（一つしかなければ省略可） / Chamber code (optional when there is one)')
  .action((kpiCode: string, opts: { fiscalYear: string; value: string; evidence: string; by: string; chamber?: string }) =>
    withDatabase(async (db) => {
      const fiscalYear = parseFiscalYear(opts.fiscalYear);
      if (fiscalYear === undefined)
        throw new DomainError('BAD_REQUEST', `年度として読めません: ${opts.fiscalYear}（例: 2024, R6, 令和6年度）`);
      const value = Number(toHalfWidthAlnum(opts.value).replace(/,/g, ''));
      if (opts.value.trim() === '' || !Number.isFinite(value))
        throw new DomainError('BAD_REQUEST', `実績値は数値で入力してください: ${opts.value}`);
      const chamberCode = await chamberOrOnly(db, opts.chamber);
      const common = { db: db.kysely, chamberCode, kpiCode, fiscalYear, value, evidence: opts.evidence, enteredBy: opts.by };
      await enterManualActual({ ...common, today: systemClock.today(), now: systemClock.now() });
      console.log(
        `入力しました / Saved: ${kpiCode} ${formatFiscalYear(fiscalYear, 'short')} = ${formatNumber(value)}（根拠: ${opts.evidence}、入力者: ${opts.by}）`,
      );
    }),
  );

registerBackupCommands(program);
registerUserCommands(program, withDatabase);

program
  .command('build-web')
  .description('画面（web UI）をビルドする / Build the web UI')
  .action(() => buildWeb());

// `shirube plan export | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  if (isDomainError(e)) {
    console.error(`エラー: ${e.message}`);
    for (const d of e.details) console.error(`  ${d.location ? `${d.location}: ` : ''}${d.message}`);
    process.exit(EXIT_CODE[e.code]);
  }
  console.error(e);
  process.exit(1);
}
