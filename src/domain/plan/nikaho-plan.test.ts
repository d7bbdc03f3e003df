/**
 * plans/nikaho-2022.yaml is a transcription of the にかほ市商工会 plan (第2期, R4〜R8).
 * These tests check that it satisfies the plan-file schema, that its 21 KPIs carry the
 * numbers of the seed, that every line of the seed text is somewhere in the file
 * (nothing left out) and that every text in the file is in the seed (nothing invented).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { NIKAHO_KPIS as KPIS } from '../../test/fixtures/nikaho-kpis.js';
import { parsePlanFile } from './parse-plan-file.js';
import { isContinuation, type PlanFile, planFileSchema } from './plan-file.js';

const PLAN_PATH = fileURLToPath(new URL('../../../plans/nikaho-2022.yaml', import.meta.url));
// A copy of ../shared/seeds/000_f111494009dd733f.txt (the plan's full text), kept in the repo so the test runs anywhere.
const SEED_PATH = new URL('../../test/fixtures/nikaho-seed.txt', import.meta.url);

const raw: unknown = parse(readFileSync(PLAN_PATH, 'utf8'));
const seedLines = readFileSync(SEED_PATH, 'utf8').split(/\r?\n/);

/** NFKC, no whitespace at all (incl. U+3000), ❝❞ read as “”. */
function norm(s: string): string {
  return s.normalize('NFKC').replace(/\s+/gu, '').replace(/❝/g, '“').replace(/❞/g, '”');
}

/** Every string value under `value`, with its path. */
function strings(value: unknown, path: string[] = []): { path: string[]; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...path, String(i)]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
  }
  return [];
}

function parsePlan(): PlanFile {
  const result = planFileSchema.safeParse(raw);
  if (!result.success) {
    console.error(JSON.stringify(result.error.issues, null, 2));
    throw new Error('plans/nikaho-2022.yaml does not satisfy planFileSchema');
  }
  return result.data;
}

describe('plans/nikaho-2022.yaml', () => {
  test('satisfies the plan-file schema', () => {
    const result = planFileSchema.safeParse(raw);
    if (!result.success) console.error(JSON.stringify(result.error.issues, null, 2));
    expect(result.success).toBe(true);
  });

  test("loads through the app's own reader (parsePlanFile)", () => {
    const plan = parsePlanFile(readFileSync(PLAN_PATH, 'utf8'), 'nikaho-2022.yaml');
    expect(plan.code).toBe('nikaho-2022');
  });

  test('has the plan structure of the seed: 5 strategies, 10 measures, 20 initiatives', () => {
    const plan = parsePlan();
    expect(plan.period).toEqual({ from: 2022, to: 2026 });
    expect(plan.baselineYear).toBe(2021);
    expect(plan.policies.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(plan.strategies.map((s) => `${s.kind}${s.number}:${s.measures.map((m) => m.number).join(',')}`)).toEqual([
      'common1:1,2',
      'common2:3,4',
      'common3:5,6',
      'own1:7,8',
      'own2:9,10',
    ]);
    const measures = plan.strategies.flatMap((s) => s.measures);
    expect(measures.map((m) => m.page)).toEqual([4, 6, 8, 10, 12, 14, 16, 18, 20, 22]);
    for (const m of measures) {
      expect(m.direction, `施策${m.number} direction`).toBeTruthy();
      expect(
        m.initiatives.map((i) => i.number),
        `施策${m.number} initiatives`,
      ).toEqual([1, 2]);
      for (const ini of m.initiatives) {
        expect(
          ini.actions.map((a) => a.number),
          `施策${m.number}(${ini.number}) actions`,
        ).toEqual([1, 2]);
        expect(ini.roadmap, `施策${m.number}(${ini.number}) roadmap`).toHaveLength(2);
        for (const row of ini.roadmap) expect(row).toHaveLength(5);
      }
    }
    for (const s of plan.strategies) {
      if (s.kind === 'own') expect(s.reason, `独自戦略${s.number} reason`).toBeTruthy();
      else expect(s.reason).toBeUndefined();
    }
  });

  // Typed from the seed's target tables, independently of the YAML.
  // [measure, goal, name, unit, baseline, R4..R8 (2022..2026), cumulative]

  test('holds exactly the 21 KPIs of the seed, one per goal', () => {
    const plan = parsePlan();
    const found = plan.strategies.flatMap((s) =>
      s.measures.flatMap((m) => m.goals.flatMap((g) => g.kpis.map(() => `${m.number}-${g.number}`))),
    );
    expect(found).toEqual(KPIS.map(([m, g]) => `${m}-${g}`));
  });

  test.each(KPIS)('施策%i (%i) %s', (measure, goal, name, unit, baseline, targets, cumulative) => {
    const plan = parsePlan();
    const m = plan.strategies.flatMap((s) => s.measures).find((x) => x.number === measure);
    const g = m?.goals.find((x) => x.number === goal);
    expect(g?.kpis).toHaveLength(1);
    const kpi = g?.kpis[0];
    expect({
      name: kpi?.name,
      unit: kpi?.unit,
      baseline: kpi?.baseline,
      targets: kpi?.targets,
      cumulative: kpi?.cumulative,
    }).toEqual({
      name,
      unit,
      baseline,
      targets: { 2022: targets[0], 2023: targets[1], 2024: targets[2], 2025: targets[3], 2026: targets[4] },
      cumulative,
    });
    expect(kpi?.definition).toBeTruthy();
    expect(kpi?.label).toBeTruthy();
    // The plan marks cumulative indicators with （累計） in the label.
    expect(kpi?.label?.includes('（累計）')).toBe(cumulative);
  });

  test('leaves out no line of the seed', () => {
    const corpus = strings(raw)
      .map((s) => norm(s.text))
      .join('\u0000');
    const missing: string[] = [];
    for (const [i, original] of seedLines.entries()) {
      const fragments = contentFragments(original);
      for (const f of fragments) {
        if (!corpus.includes(norm(f))) missing.push(`${i + 1}: ${f}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('invents no text', () => {
    const seed = norm(seedLines.join(''));
    const invented: string[] = [];
    for (const { path, text } of strings(raw)) {
      const key = path.join('.');
      if (NOT_FROM_SEED.some((re) => re.test(key))) continue;
      // A roadmap cell may list several bullets, one per line; each must be in the seed.
      const parts = path.includes('roadmap') ? text.split('\n') : [text];
      for (const part of parts) {
        if (!seed.includes(norm(part))) invented.push(`${key}: ${part}`);
      }
    }
    expect(invented).toEqual([]);
  });

  test("each measure's texts come from that measure's own pages", () => {
    // The seed's measure pages start with a header line "施策１ ❝攻めの経営❞…" (the 体系表 has "施策１" alone).
    const pages = new Map<number, string[]>();
    let current: string[] | undefined;
    for (const line of seedLines) {
      const m = /^施策([０-９]+)\s+\S/.exec(line.trim());
      if (m?.[1]) {
        current = [];
        pages.set(Number(m[1].normalize('NFKC')), current);
      }
      current?.push(line);
    }
    expect([...pages.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const misplaced: string[] = [];
    (raw as { strategies: { measures: { number: number }[] }[] }).strategies.forEach((s, si) => {
      s.measures.forEach((m, mi) => {
        const page = norm((pages.get(m.number) ?? []).join(''));
        for (const { path, text } of strings(m, ['strategies', String(si), 'measures', String(mi)])) {
          if (NOT_FROM_SEED.some((r) => r.test(path.join('.')))) continue;
          for (const part of text.split('\n')) {
            if (!page.includes(norm(part))) misplaced.push(`${path.join('.')}: ${part}`);
          }
        }
      });
    });
    expect(misplaced).toEqual([]);
  });

  test('roadmaps follow the seed: same cells in the same order, same number of → cells', () => {
    // The seed's 取組実施工程表 text runs row by row, left to right; each "→→→→" run is one cell.
    // A section runs from 【取組実施工程表】 to the next （n） heading, page header or the end.
    const sections: string[][] = [];
    let current: string[] | undefined;
    for (const line of seedLines) {
      const t = line.trim();
      if (t === '【取組実施工程表】') {
        current = [];
        sections.push(current);
      } else if (/^（[１-９]）|^(共通|独自)戦略[１-３]\s/.test(t)) {
        current = undefined;
      } else if (current && !/^(R\d+年度\s*)+$/.test(t)) {
        current.push(t);
      }
    }
    const fromSeed = sections.map((lines) => ({
      cells: norm(lines.join('').replace(/→+/g, '')),
      arrows: lines.join(' ').match(/→+/g)?.length ?? 0,
    }));
    const plan = parsePlan();
    const fromPlan = plan.strategies.flatMap((s) =>
      s.measures.flatMap((m) =>
        m.initiatives.map((ini) => {
          const cells = ini.roadmap.flat().filter((c): c is string => c !== null);
          return {
            cells: norm(cells.filter((c) => !isContinuation(c)).join('')),
            arrows: cells.filter((c) => isContinuation(c)).length,
          };
        }),
      ),
    );
    expect(fromSeed).toHaveLength(20);
    expect(fromPlan).toEqual(fromSeed);
  });

  test('the completeness check notices a missing sentence', () => {
    const sentence = '地理的環境から推察される自然災害の分析や研究を行い、';
    const corpus = strings(raw)
      .map((s) => norm(s.text).replace(norm(sentence), ''))
      .join('\u0000');
    const missing = seedLines.flatMap(contentFragments).filter((f) => !corpus.includes(norm(f)));
    expect(missing.length).toBeGreaterThan(0);
  });
});

/** Values set by us, not transcribed: identifiers, the plan's display title and enum values. */
// The machine-readable parts are ours, not the seed's: how each actual is derived (`actual:`,
// written from the seed's bracketed formulas) and 実数/延べ (`counting`).
const NOT_FROM_SEED = [/^chamber\.code$/, /^code$/, /^title$/, /^strategies\.\d+\.kind$/, /\.actual(\.|$)/, /\.counting$/];

/** Lines that carry no content of their own: layout, table headers, numbers, fixed section titles. */
const SKIP: RegExp[] = [
  /^$/, // blank line
  /^[→\s]+$/, // roadmap continuation arrows only
  /^(R\d+年度\s*)+$/, // year header of a target table or a roadmap
  /^基準値\s*目\s*標\s*値（単位：[^）]+）$/, // target table header
  /^[\d,％\s]+$/, // target table numbers (e.g. "60 62 64 66 68 70", "53％ 53％ …")
  /^総括頁$/, // page header of the summary page
  /^戦略・施策の体系表$/, // page header of the 体系表
  /^戦略 施策 頁$/, // column header of the 体系表
  /^P\d+$/, // page number column of the 体系表 (kept as measure.page)
  /^(共通|独自)$/, // "共通戦略１" split over two cells in the 体系表
  /^戦略[１-３]$/, // the other half of it
  /^(独自戦略[１２]\s*)+$/, // labels of the 目指す姿 diagram
  /^施策\s*[0-9０-９]+$/, // "施策１" cell of the 体系表 (kept as measure.number)
  /^(施策展開方向|施策目標|取組内容|【取組実施工程表】|目指す姿)$/, // fixed section titles of every measure page
  // fixed section titles of the summary page (their content is slogan / vision / policies / reason)
  /^にかほ市商工会アクションプログラム推進のスローガン$/,
  /^にかほ市商工会の目指す姿$/,
  /^にかほ市商工会アクションプログラムの推進に当たっての基本方針$/,
  /^独自戦略の設定理由とその概要$/,
];

/** Enumerators and repeated labels in front of content; they live in `number` / `kind` fields. */
const STRIP: RegExp[] = [
  /^（[１-９]）\s*/, // （１） policies, goals, initiatives
  /^[①-⑩]\s*/, // ① actions
  /^[１-９]\s+/, // "１ 施策展開方向" section numbers
  /^【独自戦略[１２]】/, // heading of a 独自戦略's reason
  /^(共通|独自)戦略[１-３]\s+/, // page header "共通戦略１ …" before the strategy title
  /^施策\s*[0-9０-９]+\s+/, // page header "施策１ …" before the measure title
  /\s*基準値\s*目\s*標\s*値（単位：[^）]+）$/, // table header on the same line as a KPI name
];

/** The parts of a seed line that must appear in the plan file (none for a structural line). */
function contentFragments(line: string): string[] {
  let t = line.trim();
  if (SKIP.some((re) => re.test(t))) return [];
  for (const re of STRIP) t = t.replace(re, '').trim();
  if (SKIP.some((re) => re.test(t))) return [];
  // Roadmap lines hold several cells separated by arrows; definitions sit in [ ] (施策10: [ …】).
  return t
    .split(/→+|[[\]】]/)
    .map((f) => f.trim())
    .filter((f) => f !== '');
}
