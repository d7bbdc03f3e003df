/**
 * The command line as a user runs it: a separate process on a fresh embedded database.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { NIKAHO_KPIS } from '../test/fixtures/nikaho-kpis.js';

const BIN = new URL('../../bin/shirube.js', import.meta.url).pathname;
const PLAN = new URL('../../plans/nikaho-2022.yaml', import.meta.url).pathname;
let dataDir: string;

// Each test runs the command several times, each a new process that loads TypeScript through
// tsx: about 2 s alone, several times that while the other suites share the 2 cores.
vi.setConfig({ testTimeout: 120_000 });

function shirube(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, SHIRUBE_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'shirube-cli-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

test('--help speaks Japanese and English', () => {
  const help = shirube('--help');
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('計画（アクションプログラム）の操作');
  expect(help.stdout).toContain('Plan commands');
  expect(shirube('plan', 'import', '--help').stdout).toContain('Validate and load a plan file');
});

test('plan import, then plan export --json reproduces the 21 KPIs of the seed', () => {
  const first = shirube('plan', 'import', PLAN);
  expect(first.stderr).toBe('');
  expect(first.stdout).toContain('新しく登録しました');
  expect(shirube('plan', 'import', PLAN).stdout).toContain('変更はありません');

  const exported = shirube('plan', 'export', '--json');
  expect(exported.status).toBe(0);
  const body = JSON.parse(exported.stdout) as {
    kpis: {
      measure: number;
      goal: number;
      strategy: string;
      name: string;
      unit: string;
      baseline: number;
      baselineYear: number;
      targets: Record<string, number | null>;
      cumulative: boolean;
      definition: string;
    }[];
  };
  expect(body.kpis).toHaveLength(21);
  expect(
    body.kpis.map((k) => [
      k.measure,
      k.goal,
      k.name,
      k.unit,
      k.baseline,
      [2022, 2023, 2024, 2025, 2026].map((y) => k.targets[String(y)]),
      k.cumulative,
    ]),
  ).toEqual(NIKAHO_KPIS);
  for (const k of body.kpis) {
    expect(k.baselineYear).toBe(2021);
    expect(k.definition.length).toBeGreaterThan(0);
  }
  expect(body.kpis.find((k) => k.name === '自家共済の会員加入率')).toMatchObject({
    strategy: '共通戦略3',
    definition: '会員加入率＝貯蓄共済加入者数＋福祉共済加入者数÷会員数×100',
  });
});

test('a bad plan file is refused with its line and field, and changes nothing', () => {
  const before = shirube('plan', 'export', '--json').stdout;
  const bad = readFileSync(PLAN, 'utf8').replace(
    'targets: { 2022: 70, 2023: 70, 2024: 70, 2025: 70, 2026: 71 }',
    'targets: { 2022: 70, 2023: 70, 2024: 70, 2025: 70, 2026: 七十一 }',
  );
  const badFile = join(dataDir, 'bad.yaml');
  writeFileSync(badFile, bad);
  const refused = shirube('plan', 'import', badFile);
  expect(refused.status).toBe(3);
  const line = bad.split('\n').findIndex((l) => l.includes('七十一')) + 1;
  expect(refused.stderr).toContain(`${badFile} ${line}行目 共通戦略3 > 施策6 > 施策目標（2） > KPI「組織率」 > 目標値 > 2026年度`);
  expect(shirube('plan', 'export', '--json').stdout).toBe(before);

  const missing = shirube('plan', 'import', join(dataDir, 'none.yaml'));
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('ファイルを読めません');
});

test('a changed target is kept as a revision with its reason', () => {
  const changed = readFileSync(PLAN, 'utf8').replace(
    'targets: { 2022: 70, 2023: 70, 2024: 70, 2025: 70, 2026: 71 }',
    'targets: { 2022: 70, 2023: 70, 2024: 70, 2025: 70, 2026: 70.5 }',
  );
  const file = join(dataDir, 'revised.yaml');
  writeFileSync(file, changed);
  // Decided within R8, whatever day the test runs on.
  const out = shirube('plan', 'import', file, '--reason', '評価委員会の指摘', '--decided-on', 'R8.7.15', '--decided-by', '評価委員会');
  expect(out.stdout).toContain('組織率 R8年度: 71 → 70.5');
  const kpi = (
    JSON.parse(shirube('plan', 'export', '--json').stdout) as {
      kpis: {
        code: string;
        targets: Record<string, number>;
        revisions: { oldTarget: number; newTarget: number; reason: string; decidedOn: string; decidedBy: string; enteredBy: string }[];
      }[];
    }
  ).kpis.find((k) => k.code === '6-2');
  expect(kpi?.targets['2026']).toBe(70.5);
  expect(kpi?.revisions).toMatchObject([
    {
      oldTarget: 71,
      newTarget: 70.5,
      reason: '評価委員会の指摘',
      decidedOn: '2026-07-15',
      decidedBy: '評価委員会',
      enteredBy: `cli:${userInfo().username}`,
    },
  ]);
});

test('export writes the import format to a file or to standard output; importing it changes nothing', () => {
  shirube('plan', 'import', PLAN);
  const file = (name: string, text: string, encoding: 'utf8' | 'sjis' = 'utf8') => {
    const path = join(dataDir, name);
    writeFileSync(path, encoding === 'sjis' ? iconv.encode(text.replace(/\n/g, '\r\n'), 'CP932') : text);
    return path;
  };
  expect(
    shirube('import', 'businesses', file('b.csv', '事業者コード,事業者名,入会日\nA1,㈱髙橋製作所,2020/4/1\nA2,=cmd,\n', 'sjis')).status,
  ).toBe(0);
  const support = file('s.csv', '日付,事業者コード,種別,備考\n2024/4/1,A1,課題解決,"相談, ""資金""\n2回目"\n2025/4/1,A2,創業,\n');
  expect(shirube('import', 'support', support).status).toBe(0);

  const out = join(dataDir, 'out.csv');
  const exported = shirube('export', 'support', out, '--fiscal-year', 'R6', '--encoding', 'sjis');
  expect(exported.status).toBe(0);
  expect(exported.stderr).toContain('支援記録 1行を書き出しました（Shift_JIS）');
  expect(iconv.decode(readFileSync(out), 'CP932')).toBe(
    '記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考\r\n,2024/4/1,A1,課題解決,,1,,,"相談, ""資金""\n2回目"\r\n',
  );
  expect(shirube('import', 'support', out).stdout).toContain('追加 0、変更 0、変更なし 1');

  const stdout = shirube('export', '事業者');
  expect(stdout.status).toBe(0);
  expect(stdout.stdout).toBe(
    "\ufeff事業者コード,事業者名,フリガナ,業種,地区,従業員数,創業日,入会日,退会日\r\nA1,㈱髙橋製作所,,,,,,2020/4/1,\r\nA2,'=cmd,,,,,,,\r\n",
  );

  const refused = shirube('export', 'businesses', join(dataDir, 'none.csv'), '--fiscal-year', 'R6');
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain('事業者は年度で絞り込めません');

  // A character Shift_JIS lacks: refused with its line and column, and no file is left behind.
  expect(shirube('import', 'support', file('w.csv', '日付,種別,備考\n2024/5/1,施策提案,10時〜12時\n')).status).toBe(0);
  const unwritable = join(dataDir, 'sjis.csv');
  const failed = shirube('export', 'support', unwritable, '--encoding', 'sjis');
  expect(failed.status).toBe(3);
  expect(failed.stderr).toContain('5行目 備考: 「〜」（U+301C）は Shift_JIS で表せません（日付 2024/5/1）');
  expect(existsSync(unwritable) || existsSync(`${unwritable}.part`)).toBe(false);
});
