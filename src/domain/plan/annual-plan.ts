/**
 * 事業計画 (annualPlan): what the chamber will do in one fiscal year, per measure, as it is
 * brought to the 総会. The plan's 基本方針 (5)(6): the results and issues the evaluation found are
 * reflected in the next year's 事業計画. So the draft of year Y is made of, per measure:
 *
 * | item                       | from                                                      | source        |
 * | -------------------------- | --------------------------------------------------------- | ------------- |
 * | 工程表 entry of Y           | the bar covering Y (「継続」 when it began before Y)         | roadmap       |
 * | 繰越 of Y−1                 | entries of Y−1 recorded 未実施 / 延期 whose bar ends in Y−1 | carriedOver   |
 * | 改善策 of Y−1               | the measure's 評価シート of Y−1, one item a line           | improvement   |
 * | KPI対策 of Y−1              | the sheet's per-KPI 改善策 (何を), with 誰が and いつまでに  | kpiAction     |
 *
 * Rules, and why:
 * - A 未実施 / 延期 entry whose bar goes on into Y is not added again: the plan does it in Y
 *   anyway. The continuing item is marked 「前年度から繰越」 (`carriedOver`), with the reason.
 * - An entry whose bar ended in Y−1 becomes its own item, under the same 取組 (事業の柱), after
 *   the 取組's 工程表 entries, saying where it came from (R6年度 延期: 理由).
 * - 改善策 are taken from the sheet whatever its state: the 事業計画 is drafted in 2–3月, before
 *   Y−1 has ended, and a sheet can only be submitted once it has; a draft sheet's note says 下書き.
 * - The 改善策 text is split by line (bullets and numbering dropped): each point is one item that
 *   can be moved, given a 担当 and a 時期, or deleted on its own.
 * - A KPI's corrective action is taken when its 何を is written; 誰が → 担当, いつまでに → 時期.
 * - The first year of the plan has no Y−1: plan entries only. The year after the plan's last
 *   year (while no next plan is loaded) has no 工程表 entries, only what Y−1 leaves, and no
 *   targets: the caller passes the last plan and `period`.
 *
 * Pure: no clock, no database; no zod, the web page imports the labels and `checkAnnualPlan`.
 */
import { type FiscalYear, formatFiscalYear } from '../fiscal-calendar.js';
import type { Kpi, Measure } from './plan.js';
import { carriedOver, ROADMAP_STATE_LABELS, type RoadmapStatus } from './roadmap-status.js';

export const ANNUAL_PLAN_SOURCES = ['roadmap', 'carriedOver', 'improvement', 'kpiAction', 'added'] as const;
export type AnnualPlanSource = (typeof ANNUAL_PLAN_SOURCES)[number];

/** The badges: where an item came from. */
export const ANNUAL_PLAN_SOURCE_LABELS: Readonly<Record<AnnualPlanSource, string>> = {
  roadmap: '工程表',
  carriedOver: '繰越',
  improvement: '改善策',
  kpiAction: 'KPI対策',
  added: '追加',
};

export const ANNUAL_PLAN_SOURCE_COLORS: Readonly<Record<AnnualPlanSource, string>> = {
  roadmap: 'blue',
  carriedOver: 'orange',
  improvement: 'grape',
  kpiAction: 'red',
  added: 'gray',
};

export const ANNUAL_PLAN_STATES = ['draft', 'confirmed'] as const;
export type AnnualPlanState = (typeof ANNUAL_PLAN_STATES)[number];
export const ANNUAL_PLAN_STATE_LABELS: Readonly<Record<AnnualPlanState | 'none', string>> = {
  none: '未作成（下書きの案）',
  draft: '編集中',
  confirmed: '確定',
};

/** One line of a measure's 事業計画. */
export interface AnnualPlanItem {
  /** The 取組 (事業の柱) it belongs to; null for an item of the measure as a whole (改善策, KPI対策). */
  initiative: number | null;
  text: string;
  source: AnnualPlanSource;
  /** Where it came from, in words (工程表 R6年度から継続, R6年度 延期: 理由 …). */
  sourceNote: string;
  /** The plan continues it, and it was not done last year (未実施 / 延期): 「前年度から繰越」. */
  carriedOver: boolean;
  /** 担当 */
  owner: string;
  /** 実施時期: free text (上期, 通年, 6月 …). */
  timing: string;
}

/** A status recorded on the 工程表 for an entry of the previous year, by where the entry sits. */
export interface PreviousYearStatus {
  measure: number;
  initiative: number;
  /** 0-based row of the initiative's roadmap. */
  row: number;
  status: RoadmapStatus;
  note: string | null;
}

/** The previous year's 評価シート of a measure: what the draft takes from it. */
export interface PreviousYearEvaluation {
  measure: number;
  state: 'draft' | 'submitted';
  /** 改善策（次年度の方向性） */
  improvements: string;
  /** KPI code → 原因, 改善策 (何を), 誰が, いつまでに. */
  kpiActions: Readonly<Record<string, { cause: string; action: string; who: string; byWhen: string }>>;
}

export interface AnnualPlanKpi {
  code: string;
  name: string;
  unit: string;
  parentCode: string | null;
  /** The target in force for the year; null: 設定なし (or a year beyond the plan). */
  target: number | null;
}

export interface AnnualPlanMeasureDraft {
  number: number;
  title: string;
  initiatives: { number: number; title: string }[];
  kpis: AnnualPlanKpi[];
  items: AnnualPlanItem[];
}

export interface DraftAnnualPlanInput {
  /** The year being planned (2025 for R7). */
  fiscalYear: FiscalYear;
  /** The plan's period: Y−1 counts only inside it. */
  period: { from: FiscalYear; to: FiscalYear };
  measures: readonly Measure[];
  /** What staff recorded on the 工程表 for Y−1 (any other year is ignored). */
  roadmapStatusesOfPreviousYear: readonly PreviousYearStatus[];
  /** The 評価シート of Y−1, per measure (a measure without one has none here). */
  evaluationsOfPreviousYear: readonly PreviousYearEvaluation[];
  /** KPI code → target in force for Y. */
  targets: ReadonlyMap<string, number | null>;
}

const item = (o: Partial<AnnualPlanItem> & Pick<AnnualPlanItem, 'text' | 'source' | 'sourceNote'>): AnnualPlanItem => ({
  initiative: null,
  carriedOver: false,
  owner: '',
  timing: '',
  ...o,
});

const short = (fy: FiscalYear) => formatFiscalYear(fy, 'short');
const withNote = (head: string, note: string | null) => (note?.trim() ? `${head}: ${note.trim()}` : head);

/** The draft of every measure's 事業計画 for `fiscalYear` (see the table above). */
export function draftAnnualPlan(input: DraftAnnualPlanInput): AnnualPlanMeasureDraft[] {
  const { fiscalYear, period, measures, targets } = input;
  const previous = fiscalYear - 1;
  const hasPrevious = previous >= period.from && previous <= period.to;
  const inPlan = fiscalYear >= period.from && fiscalYear <= period.to;
  return measures.map((measure) => {
    const statuses = hasPrevious ? input.roadmapStatusesOfPreviousYear.filter((s) => s.measure === measure.number) : [];
    const evaluation = hasPrevious ? input.evaluationsOfPreviousYear.find((e) => e.measure === measure.number) : undefined;
    const items: AnnualPlanItem[] = [];
    for (const initiative of measure.initiatives) {
      // The previous year's entries of the initiative with their statuses, in row order.
      const entries = initiative.roadmap.flatMap((r, row) => {
        const bar = r.items.find((b) => b.firstYear <= previous && previous <= b.lastYear);
        const recorded = statuses.find((s) => s.initiative === initiative.number && s.row === row);
        if (!bar || !recorded) return [];
        return [{ fiscalYear: previous, status: recorded.status, note: recorded.note, lastYear: bar.lastYear, row, text: bar.text }];
      });
      const carried = carriedOver(entries, previous);
      const carriedNote = (c: (typeof carried)[number]) =>
        withNote(`${short(previous)} ${ROADMAP_STATE_LABELS[c.status ?? 'notDone']}`, c.note);
      if (inPlan) {
        initiative.roadmap.forEach((r, row) => {
          const bar = r.items.find((b) => b.firstYear <= fiscalYear && fiscalYear <= b.lastYear);
          if (!bar) return;
          const continued = bar.firstYear < fiscalYear;
          const from = carried.find((c) => c.row === row && c.continuesInPlan);
          const planned = continued ? `工程表 ${short(bar.firstYear)}から継続` : `工程表 ${short(fiscalYear)}`;
          items.push(
            item({
              initiative: initiative.number,
              text: bar.text,
              source: 'roadmap',
              sourceNote: from ? `${planned}・前年度から繰越（${carriedNote(from)}）` : planned,
              carriedOver: from !== undefined,
            }),
          );
        });
      }
      for (const c of carried) {
        // Beyond the plan every bar has ended; inside it, one that goes on was marked above.
        if (inPlan && c.continuesInPlan) continue;
        items.push(item({ initiative: initiative.number, text: c.text, source: 'carriedOver', sourceNote: carriedNote(c) }));
      }
    }
    if (evaluation) {
      const sheet = `${short(previous)} 評価シート${evaluation.state === 'draft' ? '（下書き）' : ''}`;
      for (const line of improvementLines(evaluation.improvements))
        items.push(item({ text: line, source: 'improvement', sourceNote: `${sheet} 改善策` }));
      for (const kpi of kpisOf(measure)) {
        const a = evaluation.kpiActions[kpi.code];
        if (!a || a.action.trim() === '') continue;
        items.push(
          item({
            text: a.action.trim(),
            source: 'kpiAction',
            sourceNote: withNote(`${sheet} KPI「${kpi.name}」の改善策`, a.cause.trim() ? `原因 ${a.cause.trim()}` : null),
            owner: a.who.trim(),
            timing: a.byWhen.trim(),
          }),
        );
      }
    }
    return {
      number: measure.number,
      title: measure.title,
      initiatives: measure.initiatives.map((i) => ({ number: i.number, title: i.title })),
      kpis: kpisOf(measure).map((k) => ({
        code: k.code,
        name: k.name,
        unit: k.unit,
        parentCode: k.parentCode,
        target: inPlan ? (targets.get(k.code) ?? null) : null,
      })),
      items,
    };
  });
}

/** A measure's KPIs, sub-KPIs (うち) right after their parent. */
function kpisOf(measure: Measure): (Kpi & { parentCode: string | null })[] {
  return measure.goals.flatMap((g) =>
    g.kpis.flatMap((k) => [{ ...k, parentCode: null }, ...k.breakdown.map((sub) => ({ ...sub, parentCode: k.code }))]),
  );
}

const BULLET = /^(?:[・●○◆◇■□▪•\-–—*＊]|[①-⑳]|[(（]?[0-9０-９]{1,2}[)）.．、]|[(（][0-9０-９]{1,2}[)）])\s*/u;

/** The points of a 改善策 text: one a line, bullets and numbering dropped, empty lines left out. */
export function improvementLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim().replace(BULLET, '').trim())
    .filter((l) => l !== '');
}

// ---------------------------------------------------------------- edits

export const ANNUAL_PLAN_LIMITS = { preface: 4000, text: 1000, sourceNote: 1000, owner: 100, timing: 100, items: 200 } as const;

export interface AnnualPlanInput {
  /** 基本方針・前文 */
  preface: string;
  measures: { number: number; items: AnnualPlanItem[] }[];
}

export interface AnnualPlanProblem {
  /** preface, measures.5, measures.5.items.2.text … (measure by its number, item by its place). */
  field: string;
  message: string;
}

export const annualPlanItemField = (measure: number, index: number, field: keyof AnnualPlanItem) =>
  `measures.${measure}.items.${index}.${field}`;

/**
 * What is wrong with an edited 事業計画, by field: an empty 内容, text too long, a measure the
 * plan does not have (or twice), an item under a 取組 the measure does not have. The page checks
 * with the same function before it sends.
 */
export function checkAnnualPlan(
  input: AnnualPlanInput,
  measures: readonly { number: number; initiatives: readonly { number: number }[] }[],
): AnnualPlanProblem[] {
  const problems: AnnualPlanProblem[] = [];
  const L = ANNUAL_PLAN_LIMITS;
  if ([...input.preface].length > L.preface)
    problems.push({ field: 'preface', message: `基本方針・前文は${L.preface}文字以内で入力してください` });
  const seen = new Set<number>();
  for (const m of input.measures) {
    const known = measures.find((x) => x.number === m.number);
    if (!known || seen.has(m.number)) {
      problems.push({
        field: `measures.${m.number}`,
        message: known ? `施策${m.number}が2回あります` : `施策${m.number}は計画にありません`,
      });
      continue;
    }
    seen.add(m.number);
    if (m.items.length > L.items) problems.push({ field: `measures.${m.number}`, message: `施策${m.number}の項目は${L.items}件までです` });
    m.items.forEach((it, i) => {
      const at = (f: keyof AnnualPlanItem, message: string) => problems.push({ field: annualPlanItemField(m.number, i, f), message });
      if (it.text.trim() === '') at('text', '内容を入力してください（要らない項目は削除してください）');
      else if ([...it.text].length > L.text) at('text', `内容は${L.text}文字以内で入力してください`);
      if ([...it.owner].length > L.owner) at('owner', `担当は${L.owner}文字以内で入力してください`);
      if ([...it.timing].length > L.timing) at('timing', `実施時期は${L.timing}文字以内で入力してください`);
      if ([...it.sourceNote].length > L.sourceNote) at('sourceNote', `出どころは${L.sourceNote}文字以内です`);
      if (it.initiative !== null && !known.initiatives.some((x) => x.number === it.initiative))
        at('initiative', `施策${m.number}に取組${it.initiative}はありません`);
    });
  }
  return problems;
}

/** The 基本方針・前文 a new draft starts with; staff rewrite it. */
export function defaultPreface(o: { fiscalYear: FiscalYear; planTitle: string; hasPrevious: boolean; beyondPlan: boolean }): string {
  const year = formatFiscalYear(o.fiscalYear);
  const previous = formatFiscalYear(o.fiscalYear - 1);
  if (o.beyondPlan)
    return `${year}は、${o.planTitle}の計画期間の翌年度にあたります。${previous}に実施できなかった取組と、${previous}の評価で示した改善策を引き継いで事業を進めます。`;
  if (!o.hasPrevious) return `${year}は、${o.planTitle}の初年度として、取組実施工程表に沿って事業を進めます。`;
  return `${year}は、${o.planTitle}の取組実施工程表に沿って事業を進めるとともに、${previous}の評価で明らかになった成果と課題を踏まえ、改善策を事業に反映します。${previous}に実施できなかった取組は繰り越して実施します。`;
}
