/**
 * Speed of parseImportFile for 支援記録, measured (not asserted):
 * `npx tsx bench/parse-import.ts` (PARSE_ROWS=200000 for a quicker look).
 *
 * Generates PARSE_ROWS (default 1,000,000) support rows as staff export them: 85% ISO dates,
 * 10% `2024/5/13`, 5% `R6.5.13`; 10% with a Japanese 備考, 2% with a quoted 備考 holding a
 * comma; CRLF. Parses the file as UTF-8 and as Shift_JIS (CP932), each in its own child
 * process so that its peak RSS is its own, and prints rows/s (median of 3 runs, with a full
 * GC before each so that one run's garbage is not collected in the next) and peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { parseImportFile } from '../src/domain/import/parse-import-file.js';

const ROWS = Number(process.env.PARSE_ROWS ?? 1_000_000);
const RUNS = 3;
type Encoding = 'UTF-8' | 'Shift_JIS';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS: readonly (readonly [string, string])[] = [
  ['課題解決', ''],
  ['課題解決', ''],
  ['課題解決', ''],
  ['課題解決', ''],
  ['補助金申請', '持続化補助金'],
  ['補助金申請', 'IT導入補助金'],
  ['施策提案', ''],
  ['巡回指導', ''],
  ['窓口相談', '金融'],
];
const STAFF = ['経営指導員 佐藤', '経営指導員 鈴木', '補助員 高橋', '田中', ''];
const NOTES = ['事業計画の見直しを助言', '資金繰りについて相談', '次回は3月に訪問予定', '第15回で採択'];

function generateCsv(rows: number): string {
  const r = rng(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
  const lines = ['記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考'];
  const start = Date.UTC(2019, 4, 1);
  const span = Date.UTC(2027, 2, 31) - start;
  for (let i = 1; i <= rows; i++) {
    const day = new Date(start + Math.floor(r() * span));
    const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    const which = r();
    const date = which < 0.85 ? day.toISOString().slice(0, 10) : which < 0.95 ? `${y}/${m}/${d}` : `R${y - 2018}.${m}.${d}`;
    const [kind, subKind] = pick(KINDS);
    const amount = kind === '補助金申請' ? String(Math.floor(r() * 2000)) : '';
    const n = r();
    const note = n < 0.02 ? `"${pick(NOTES)}, 継続"` : n < 0.12 ? pick(NOTES) : '';
    lines.push(`S${i},${date},B${1 + Math.floor(r() * 100_000)},${kind},${subKind},1,${amount},${pick(STAFF)},${note}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** In the child: generate, encode, parse RUNS times; prints one line. */
function measure(encoding: Encoding): void {
  const text = generateCsv(ROWS);
  const bytes = encoding === 'UTF-8' ? new TextEncoder().encode(text) : new Uint8Array(iconv.encode(text, 'CP932'));
  const times: number[] = [];
  let result: ReturnType<typeof parseImportFile> | undefined;
  for (let run = 0; run < RUNS; run++) {
    // Drop the previous run's rows and collect them here, not inside the next run.
    result = undefined;
    globalThis.gc?.();
    const started = performance.now();
    result = parseImportFile({ kind: 'support', bytes });
    times.push(performance.now() - started);
    if (result.issues.length > 0 || result.rows.length !== ROWS || result.encoding !== encoding) {
      throw new Error(`unexpected result: ${result.rows.length} rows, ${result.issues.length} issues, ${result.encoding}`);
    }
  }
  const ms = median(times);
  const rate = Math.round(ROWS / (ms / 1000));
  const rss = process.resourceUsage().maxRSS * 1024;
  console.log(
    `${encoding.padEnd(9)} ${ROWS.toLocaleString('en')} rows, ${mb(bytes.length)}: ` +
      `${rate.toLocaleString('en')} rows/s (median ${Math.round(ms)} ms; runs ${times.map((t) => Math.round(t)).join(', ')} ms), peak RSS ${mb(rss)}`,
  );
}

const child = process.env.PARSE_BENCH_ENCODING as Encoding | undefined;
if (child) {
  measure(child);
} else {
  console.log(`parseImportFile({ kind: 'support' }) on node ${process.version}`);
  for (const encoding of ['UTF-8', 'Shift_JIS'] as const) {
    const run = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url)], {
      env: { ...process.env, PARSE_BENCH_ENCODING: encoding },
      stdio: 'inherit',
    });
    if (run.status !== 0) process.exitCode = 1;
  }
}
