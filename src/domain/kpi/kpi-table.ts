/**
 * The KPI table (KPI一覧) as a spreadsheet lays it out: every KPI × every fiscal year of the
 * plan, with 基準値, 目標値, 実績値, 達成率 and 評価. Pure decisions only (columns and their
 * widths, number formats per unit, what an empty figure says, notes, titles, the file name);
 * `usecases/export-kpi-table.ts` writes the result with exceljs.
 *
 * Number formats (the cell keeps the number; the format adds the unit):
 * - counts (件, 社, 人, 回 … any unit not named below): `#,##0"件"`, one decimal when a value has one;
 * - 千円 / 円 / 万円: `#,##0` (the unit stands in the 単位 column; money is wide enough already);
 * - % (and ％): the cell holds the ratio (70 % → 0.7) with Excel's `0.0%`, so that a user's own
 *   formula (実績 ÷ 目標, an average) gives what the table shows; 達成率 likewise (95.8 % → 0.958);
 * - ポイント: `0.0"ポイント"` (percentage points are no ratio).
 *
 * Edge cases:
 * - no target for a year is 設定なし (text), and its 達成率 and 評価 are —, never 0 %;
 * - no actual for a year that has begun is 未集計 (text) with the reason as the cell's note;
 *   a year not begun yet is left empty;
 * - target 0: no 達成率 (— with the reason), 評価 as `rate` judges it (actual ≥ 0 is met);
 * - the year under way: its actuals are to date (the group header says 途中); its 評価 is the
 *   dashboard's, on the year-end projection when there is one (the note says so);
 * - a revised target shows the one the year is rated against (in force on its last day, or today),
 *   with 当初 (the original) and every revision (day, body, change, reason) in its note;
 * - a KPI whose 基準値 is of another year than the plan's says so in a note;
 * - a sub-KPI's name starts with うち (added unless the plan's name has it).
 */
import { type FiscalYear, fiscalYearOf, fiscalYearRange, formatFiscalYear, formatJapaneseDate, type IsoDate } from '../fiscal-calendar.js';
import { achievementRate } from './evaluate.js';
import { NO_ACTUAL_LABEL, NO_TARGET_LABEL, type Rating, type RatingBandSet } from './rating.js';

// ---------------------------------------------------------------- input

/** A revision of a year's target, in decision order (src/domain/plan/targets-in-force.ts revisionSteps). */
export interface KpiTableRevision {
  /** The target it replaced. */
  previous: number | null;
  value: number | null;
  decidedOn: IsoDate;
  decidedBy: string;
  reason: string | null;
  /** Decided after the year ended: shown, not rated against. */
  afterYearEnd: boolean;
}

export interface KpiTableYear {
  fiscalYear: FiscalYear;
  /** The target the year is rated against (in force on its last day, or today). */
  target: number | null;
  /** The plan's original target, shown beside the one in force when they differ. */
  original: number | null;
  actual: number | null;
  /** Why there is no actual. */
  reason: string | null;
  /** Percent, as `achievementRate` gives it (95.8). */
  achievementRate: number | null;
  /** Why there is no 達成率 although there is a target (target 0, no actual). */
  achievementNote: string | null;
  /** Entered by hand: the evidence and who entered it. */
  manualEvidence: string | null;
  rating: Rating;
  /** The rating compared this year-end projection with the target (a year under way). */
  projected: number | null;
  revisions: readonly KpiTableRevision[];
}

export interface KpiTableKpi {
  code: string;
  name: string;
  unit: string;
  cumulative: boolean;
  parentCode: string | null;
  strategy: { label: string; title: string };
  measure: { number: number; title: string };
  baseline: number | null;
  baselineYear: FiscalYear;
  /** One entry per fiscal year of the plan, in order. */
  years: readonly KpiTableYear[];
}

export interface KpiTableInput {
  chamber: { code: string; name: string };
  plan: { title: string; period: { from: FiscalYear; to: FiscalYear }; baselineYear: FiscalYear };
  today: IsoDate;
  bands: RatingBandSet;
  kpis: readonly KpiTableKpi[];
}

// ---------------------------------------------------------------- number formats

export type NumberSpec =
  | { kind: 'count'; unit: string; decimals: 0 | 1 }
  /** 千円 and the like (the unit stands in its own column), or no unit. */
  | { kind: 'plain'; decimals: 0 | 1 }
  | { kind: 'percent' }
  | { kind: 'points' };

const PERCENT_UNITS = new Set(['%', '％']);
const MONEY_UNITS = new Set(['千円', '円', '万円']);

/** How a KPI's figures are shown, from its unit and whether any of its values has a fraction. */
export function numberSpecFor(unit: string, values: readonly (number | null)[]): NumberSpec {
  const u = unit.trim();
  if (PERCENT_UNITS.has(u)) return { kind: 'percent' };
  if (u === 'ポイント') return { kind: 'points' };
  const decimals = values.some((v) => v !== null && !Number.isInteger(v)) ? 1 : 0;
  if (MONEY_UNITS.has(u) || u === '') return { kind: 'plain', decimals };
  // A quote or backslash cannot stand inside the format's quoted literal; a unit has no need of them.
  return { kind: 'count', unit: u.replace(/["\\]/g, ''), decimals };
}

/** The number format string Excel and LibreOffice read. */
export function numberFormat(spec: NumberSpec): string {
  switch (spec.kind) {
    case 'percent':
      return '0.0%';
    case 'points':
      return '0.0"ポイント"';
    case 'plain':
      return spec.decimals ? '#,##0.0' : '#,##0';
    case 'count':
      return `${spec.decimals ? '#,##0.0' : '#,##0'}"${spec.unit}"`;
  }
}

/** What the cell holds: percent figures as ratios (rounded so that 70.6 is 0.706, not 0.7059999…). */
export function cellValue(value: number, spec: NumberSpec): number {
  return spec.kind === 'percent' ? ratioOf(value) : value;
}

const ratioOf = (percent: number) => Math.round(percent * 1e8) / 1e10;

/** #,##0 and #,##0.0 as Excel shows them (Excel's separators, whatever the locale). */
const groupedWith = (d: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const GROUPED: Record<0 | 1, Intl.NumberFormat> = { 0: groupedWith(0), 1: groupedWith(1) };
const grouped = (decimals: 0 | 1) => GROUPED[decimals];

/** The figure as the format shows it (for notes and column widths): 1,740件, 70.6%, 12,500. */
export function formatFigure(value: number, spec: NumberSpec): string {
  switch (spec.kind) {
    case 'percent':
      return `${grouped(1).format(value)}%`;
    case 'points':
      return `${grouped(1).format(value)}ポイント`;
    case 'plain':
      return grouped(spec.decimals).format(value);
    case 'count':
      return `${grouped(spec.decimals).format(value)}${spec.unit}`;
  }
}

// ---------------------------------------------------------------- the sheet

export type CellRole = 'code' | 'name' | 'unit' | 'figure' | 'empty' | 'rating';

export interface TableCell {
  /** A number (with `format`), a text, or nothing. */
  value: number | string | null;
  format?: string;
  /** What the cell shows (the figure formatted): for widths and tests. */
  shown: string;
  note?: string;
  role: CellRole;
  /** Sub-KPIs (うち) are indented under their parent. */
  indent?: number;
}

export type TableRow =
  | { kind: 'strategy' | 'measure'; text: string }
  /** lines: how many lines the name wraps to in its column (a row is not fitted to wrapped text by itself). */
  | { kind: 'kpi'; code: string; cells: TableCell[]; lines: number };

export interface TableColumn {
  /** The upper header row: 基準値, R4年度 …; equal neighbours are merged. Empty for コード, 指標, 単位. */
  group: string;
  /** The lower header row (or the only one, merged over both rows, when `group` is empty). */
  header: string;
  /** In Excel's units (the width of a 0). */
  width: number;
  note?: string;
}

export interface KpiSheet {
  sheetName: string;
  title: string;
  subtitle: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** Columns kept in view when scrolling sideways (コード, 指標, 単位). */
  frozenColumns: number;
  /** The print header and footer, in Excel's &-codes. */
  printHeader: string;
  printFooter: string;
}

/** Rows above the table: the title and the subtitle. The two header rows follow. */
export const TITLE_ROWS = 2;
export const HEADER_ROWS = 2;

const YEAR_COLUMNS = ['目標値', '実績値', '達成率', '評価'] as const;
const DASH = '—';

/** Display width in Excel's units: a full-width character is about two 0s. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    w += c > 0xff && !(c >= 0xff61 && c <= 0xff9f) ? 2 : 1;
  }
  return w;
}

/** The name column fits the longest name, within bounds; longer names wrap. */
const NAME_WIDTH = { min: 20, max: 40 };

export function buildKpiSheet(input: KpiTableInput): KpiSheet {
  const { plan, today, bands, chamber } = input;
  const currentYear = fiscalYearOf(today);
  const years = fiscalYearRange(plan.period.from, plan.period.to);

  const rows: TableRow[] = [];
  let strategy: string | undefined;
  let measure: number | undefined;
  for (const kpi of input.kpis) {
    if (kpi.strategy.label !== strategy) {
      strategy = kpi.strategy.label;
      measure = undefined;
      rows.push({ kind: 'strategy', text: `${kpi.strategy.label}　${kpi.strategy.title}` });
    }
    if (kpi.measure.number !== measure) {
      measure = kpi.measure.number;
      rows.push({ kind: 'measure', text: `施策${kpi.measure.number}　${kpi.measure.title}` });
    }
    rows.push({
      kind: 'kpi',
      code: kpi.code,
      cells: kpiCells(kpi, specOf(kpi), years, currentYear, plan.baselineYear),
      lines: 1,
    });
  }

  const kpiRows = rows.flatMap((r) => (r.kind === 'kpi' ? [r.cells] : []));
  const widthOf = (index: number, header: string, min = 0) =>
    Math.max(
      min,
      textWidth(header) + 2,
      ...kpiRows.map((cells) => {
        const cell = cells[index];
        return cell ? cellWidth(cell) + 2 : 0;
      }),
    );

  const columns: TableColumn[] = [
    { group: '', header: 'コード', width: widthOf(0, 'コード') },
    {
      group: '',
      header: '指標',
      width: Math.min(NAME_WIDTH.max, widthOf(1, '指標', NAME_WIDTH.min)),
    },
    { group: '', header: '単位', width: widthOf(2, '単位') },
    { group: '基準値', header: formatFiscalYear(plan.baselineYear, 'short'), width: widthOf(3, '基準値') },
  ];
  years.forEach((fy, y) => {
    const group = fy === currentYear ? `${formatFiscalYear(fy, 'short')}（途中）` : formatFiscalYear(fy, 'short');
    YEAR_COLUMNS.forEach((header, k) => {
      const index = 4 + y * YEAR_COLUMNS.length + k;
      const column: TableColumn = { group, header, width: widthOf(index, header) };
      if (fy === currentYear && k === 0)
        column.note = `${formatJapaneseDate(today)}時点の途中の値です。評価は、年度末の見込みがあるKPIは見込みを目標値と比べたものです（進捗のページと同じ）。`;
      columns.push(column);
    });
  });
  // One width for each kind of year column, so that the years line up.
  for (let k = 0; k < YEAR_COLUMNS.length; k++) {
    const same = columns.filter((_, i) => i >= 4 && (i - 4) % YEAR_COLUMNS.length === k);
    const width = Math.max(...same.map((c) => c.width));
    for (const c of same) c.width = width;
  }

  const period = `${formatFiscalYear(plan.period.from)}〜${formatFiscalYear(plan.period.to)}`;
  // にかほ市商工会アクションプログラム already names its chamber.
  const heading = plan.title.startsWith(chamber.name) ? plan.title : `${chamber.name}　${plan.title}`;
  const legend = bands.map((b, i) => `${b.mark ?? b.code} ${b.label}${i === bands.length - 1 ? '' : `（${b.min}%以上）`}`).join('・');
  return {
    sheetName: 'KPI一覧',
    title: `${heading}　KPI一覧（${period}）`,
    subtitle:
      `${formatJapaneseDate(today)}時点。実績値は記録から算出した値（または手入力の値）、達成率＝実績値÷目標値。` +
      `評価: ${legend}。${NO_TARGET_LABEL}: 目標値がない年度、${NO_ACTUAL_LABEL}: 実績値がまだない年度（理由はセルのメモ）。` +
      '改訂された目標値は改訂後の値（当初の値と改訂の経緯はセルのメモ）。',
    columns,
    rows: rows.map((row) =>
      row.kind === 'kpi' ? { ...row, lines: linesOf(row.cells[1] ?? EMPTY, columns[1]?.width ?? NAME_WIDTH.max) } : row,
    ),
    frozenColumns: 3,
    printHeader: `&L${escapeHeader(heading)}&RKPI一覧`,
    printFooter: `&L${escapeHeader(`${formatJapaneseDate(today)}時点`)}&C&P / &N`,
  };
}

/** The file's name (Japanese) and the ASCII fallback for old clients. */
export function kpiTableFileName(chamber: { code: string; name: string }, today: IsoDate): { name: string; ascii: string } {
  const safeName = chamber.name.replace(/[\\/:*?"<>|\s]+/g, '_');
  const safeCode = chamber.code.replace(/[^A-Za-z0-9_-]+/g, '_');
  return { name: `KPI一覧_${safeName}_${today}.xlsx`, ascii: `kpi-table_${safeCode}_${today}.xlsx` };
}

/** & starts a code in Excel's header and footer; && is a literal &. */
const escapeHeader = (text: string) => text.replace(/&/g, '&&');

function specOf(kpi: KpiTableKpi): NumberSpec {
  return numberSpecFor(kpi.unit, [kpi.baseline, ...kpi.years.flatMap((y) => [y.target, y.actual])]);
}

function figure(value: number, spec: NumberSpec, note?: string): TableCell {
  return {
    value: cellValue(value, spec),
    format: numberFormat(spec),
    shown: formatFigure(value, spec),
    role: 'figure',
    ...(note ? { note } : {}),
  };
}

const text = (value: string, role: CellRole, note?: string | null): TableCell => ({ value, shown: value, role, ...(note ? { note } : {}) });
const EMPTY: TableCell = { value: null, shown: '', role: 'empty' };

function kpiCells(kpi: KpiTableKpi, spec: NumberSpec, years: readonly FiscalYear[], currentYear: FiscalYear, planBaselineYear: FiscalYear) {
  // A sub-KPI reads うち…, whether or not the plan wrote it so (うち窓口相談).
  const sub = kpi.parentCode !== null && !kpi.name.startsWith('うち') ? 'うち ' : '';
  const name = `${sub}${kpi.name}${kpi.cumulative ? '（累計）' : ''}`;
  const baselineNote = kpi.baselineYear === planBaselineYear ? undefined : `基準値は${formatFiscalYear(kpi.baselineYear)}の値です`;
  const cells: TableCell[] = [
    text(kpi.code, 'code'),
    { value: name, shown: name, role: 'name', ...(kpi.parentCode ? { indent: 1 } : {}) },
    text(kpi.unit, 'unit'),
    kpi.baseline === null ? text(NO_TARGET_LABEL, 'empty', baselineNote) : figure(kpi.baseline, spec, baselineNote),
  ];
  for (const fy of years) {
    const y = kpi.years.find((e) => e.fiscalYear === fy);
    cells.push(...(y ? yearCells(y, spec, fy > currentYear) : [EMPTY, EMPTY, EMPTY, EMPTY]));
  }
  return cells;
}

function yearCells(y: KpiTableYear, spec: NumberSpec, notBegun: boolean): TableCell[] {
  const target = y.target === null ? text(NO_TARGET_LABEL, 'empty', revisionNote(y, spec)) : figure(y.target, spec, revisionNote(y, spec));
  if (notBegun) return [target, EMPTY, EMPTY, EMPTY];
  const actual =
    y.actual === null
      ? text(NO_ACTUAL_LABEL, 'empty', y.reason)
      : figure(y.actual, spec, y.manualEvidence ? `手入力: ${y.manualEvidence}` : undefined);
  const rate =
    y.achievementRate === null
      ? text(DASH, 'empty', y.target !== null && y.actual !== null ? y.achievementNote : null)
      : figure(y.achievementRate, { kind: 'percent' });
  return [target, actual, rate, ratingCell(y, spec)];
}

function ratingCell(y: KpiTableYear, spec: NumberSpec): TableCell {
  const { rating } = y;
  if (rating.kind !== 'rated') return text(DASH, 'empty');
  const notes = [
    rating.note,
    y.projected === null ? null : `年度末の見込み ${formatFigure(y.projected, spec)}${projectedRate(y.projected, y.target)}で評価`,
  ].filter((n): n is string => n !== null);
  return text(rating.band.mark ?? rating.band.code, 'rating', notes.join('\n') || null);
}

function projectedRate(projected: number, target: number | null): string {
  const { rate } = achievementRate(projected, target);
  return rate === null ? '' : `（達成率 ${formatFigure(rate, { kind: 'percent' })}）`;
}

/**
 * The history of a revised target: 当初 (the original) and each revision in decision order, with
 * the day, the body that decided, the change and the reason. The cell itself keeps the number
 * rated against, so that formulas over the sheet use it.
 */
function revisionNote(y: KpiTableYear, spec: NumberSpec): string | undefined {
  if (y.revisions.length === 0) return undefined;
  const show = (v: number | null) => (v === null ? NO_TARGET_LABEL : formatFigure(v, spec));
  const lines = y.revisions.map(
    (r) =>
      `${formatJapaneseDate(r.decidedOn)} ${r.decidedBy}: ${show(r.previous)} → ${show(r.value)}${r.reason ? `（${r.reason}）` : ''}` +
      (r.afterYearEnd ? '　※年度終了後の決定のため評価には使いません' : ''),
  );
  return [`目標値の改訂（当初 ${show(y.original)}）`, ...lines].join('\n');
}

/** How many lines a wrapped text takes in a column (a line holds width − 1, as a cell keeps a margin). */
function linesOf(cell: TableCell, width: number): number {
  return Math.max(1, Math.ceil((cellWidth(cell) + 1) / (width - 1)));
}

/** The width a cell needs as shown. */
function cellWidth(cell: TableCell): number {
  return textWidth(cell.shown) + (cell.indent ?? 0) * 2;
}
