/**
 * Reads a plan file's text (YAML) into a validated plan. Pure: the caller reads the file.
 * Every problem names the file, the line and the field in Japanese, e.g.
 * `nikaho.yaml 120行目 戦略[1] > 施策[2] > 施策目標[1] > KPI[1] > 目標値 > 2024: 目標値は数値か…`.
 */
import { isMap, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { DomainError, type ErrorDetail } from '../errors.js';
import { buildPlan, type Plan } from './plan.js';
import { planFileSchema } from './plan-file.js';

const FIELD_NAMES: Record<string, string> = {
  chamber: '商工会',
  code: 'コード',
  name: '名称',
  title: '名称',
  period: '計画期間',
  from: '開始年度',
  to: '終了年度',
  baselineYear: '基準年度',
  slogan: 'スローガン',
  vision: '目指す姿',
  text: '本文',
  policies: '基本方針',
  strategies: '戦略',
  kind: '種別',
  number: '番号',
  reason: '設定理由',
  measures: '施策',
  page: '頁',
  direction: '施策展開方向',
  goals: '施策目標',
  description: '説明',
  kpis: 'KPI',
  label: '指標名（取組内容）',
  unit: '単位',
  baseline: '基準値',
  targets: '目標値',
  definition: '算出方法',
  definitionNote: '算出方法の注記',
  cumulative: '累計',
  counting: '数え方（実数／延べ）',
  breakdown: '内訳（うち）',
  initiatives: '取組内容',
  actions: '取組',
  roadmap: '工程表',
};

/**
 * A field path in the words of the plan: ["strategies", 2, "measures", 1, "goals", 1, "kpis", 0,
 * "targets", "2026"] → 「共通戦略3 > 施策6 > 施策目標（2） > KPI「組織率」 > 目標値 > 2026年度」.
 * With no file content to look at (or an item without its number), positions are 1-based.
 */
export function describeField(path: readonly PropertyKey[], root?: unknown): string {
  const parts: string[] = [];
  let node: unknown = root;
  let parentKey = '';
  let previousWasIndex = false;
  for (const key of path) {
    const child: unknown = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number' && previousWasIndex) {
      parts.push(`${key + 1}セル目`); // a cell of a roadmap row
    } else if (typeof key === 'number') {
      parts.pop();
      parts.push(itemLabel(parentKey, key, child));
    } else {
      const k = String(key);
      parts.push(parentKey === 'targets' && /^\d{4}$/.test(k) ? `${k}年度` : (FIELD_NAMES[k] ?? k));
      parentKey = k;
    }
    previousWasIndex = typeof key === 'number';
    node = child;
  }
  return parts.join(' > ') || '（ファイル全体）';
}

function itemLabel(listKey: string, index: number, item: unknown): string {
  const it = (item !== null && typeof item === 'object' ? item : {}) as Record<string, unknown>;
  const n = typeof it.number === 'number' ? it.number : undefined;
  const name = typeof it.name === 'string' ? it.name : undefined;
  switch (listKey) {
    case 'strategies':
      return n === undefined ? `戦略[${index + 1}]` : `${it.kind === 'own' ? '独自' : '共通'}戦略${n}`;
    case 'measures':
      return n === undefined ? `施策[${index + 1}]` : `施策${n}`;
    case 'goals':
      return `施策目標（${n ?? index + 1}）`;
    case 'kpis':
    case 'breakdown':
      return name ? `${FIELD_NAMES[listKey]}「${name}」` : `${FIELD_NAMES[listKey]}[${index + 1}]`;
    case 'policies':
      return `基本方針（${n ?? index + 1}）`;
    case 'initiatives':
      return `取組内容（${n ?? index + 1}）`;
    case 'actions':
      return `取組[${n ?? index + 1}]`;
    case 'roadmap':
      return `工程表 ${index + 1}行目`;
    default:
      return `${FIELD_NAMES[listKey] ?? listKey}[${index + 1}]`;
  }
}

function nodeAt(root: Node | null, path: readonly PropertyKey[]): Node | null {
  let node: Node | null = root;
  let found = root;
  for (const key of path) {
    if (!node || !('items' in node)) break;
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      next = pair ? (pair.value ?? pair.key) : undefined;
    } else if (typeof key === 'number' && Array.isArray(node.items)) {
      next = node.items[key];
    }
    if (!next || typeof next !== 'object') break;
    node = next as Node;
    found = node;
  }
  return found;
}

export function parsePlanFile(source: string, fileName: string): Plan {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    const details: ErrorDetail[] = doc.errors.map((e) => ({
      location: `${fileName} ${lineOf(e.pos[0])}行目`,
      message: `YAMLの書き方に誤りがあります: ${yamlMessageJa(e.code)}（${e.message.split('\n')[0]}）`,
    }));
    throw new DomainError('PLAN_FILE_INVALID', `計画ファイル ${fileName} を読めません`, details);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // The yaml library refuses a file whose aliases expand without bound ("billion laughs").
    if (!(e instanceof ReferenceError)) throw e;
    throw new DomainError('PLAN_FILE_INVALID', `計画ファイル ${fileName} を読めません`, [
      { location: fileName, message: `YAMLの別名（*エイリアス）の展開が多すぎます（${e.message}）` },
    ]);
  }
  const parsed = planFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError(
      'PLAN_FILE_INVALID',
      `計画ファイル ${fileName} に誤りがあります（${parsed.error.issues.length}件）`,
      issuesToDetails(parsed.error.issues, doc.contents, raw, lineOf, fileName),
    );
  }
  return buildPlan(parsed.data);
}

function issuesToDetails(
  issues: readonly z.core.$ZodIssue[],
  root: Node | null,
  raw: unknown,
  lineOf: (offset: number) => number,
  fileName: string,
): ErrorDetail[] {
  return issues.map((issue) => {
    const node = nodeAt(root, issue.path);
    const line = node?.range ? `${lineOf(node.range[0])}行目 ` : '';
    return { location: `${fileName} ${line}${describeField(issue.path, raw)}`, message: issue.message };
  });
}

function yamlMessageJa(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return '同じ項目が二度書かれています';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'インデントまたは記号が正しくありません';
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY':
      return '「:」の位置が正しくありません';
    case 'TAB_AS_INDENT':
      return 'インデントにタブは使えません（空白を使ってください）';
    default:
      return '構文エラー';
  }
}
