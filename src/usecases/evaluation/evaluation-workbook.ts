/**
 * The year's evaluation as .xlsx, with exceljs (never in the web bundle):
 * - 総括表 (様式1): one sheet, every strategy, measure and KPI with 目標値, 実績値, 達成率, 評価
 *   and the measure's 総合評価; A4 landscape, one page wide and tall; the 総評 below.
 * - 評価シート (様式2): one measure on one sheet, A4 portrait one page wide: the KPI table, the
 *   roadmap for the year, 成果・課題・改善策, the ratings, per-KPI 原因・改善策, the committee's
 *   comment and the state (提出・ロック解除).
 * Figures keep their numbers with the KPI table's formats (domain/kpi/kpi-table.ts): % as a
 * ratio under 0.0%, counts with their unit, 千円 as #,##0.
 */
import ExcelJS from 'exceljs';
import { KPI_ACTION_FIELDS, LEVEL_LABELS, OVERALL_LABELS, SHEET_STATE_LABELS } from '../../domain/evaluation/sheet.js';
import { formatFiscalYear } from '../../domain/fiscal-calendar.js';
import { cellValue, numberFormat, numberSpecFor } from '../../domain/kpi/kpi-table.js';
import type { Rating } from '../../domain/kpi/rating.js';
import type { EvaluationOverview } from './evaluation-overview.js';
import type { EvaluationSheetView } from './evaluation-sheet.js';
import type { EvaluationKpi } from './evaluation-year.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FONT = { name: '游ゴシック', family: 3, charset: 128, size: 10 } as const;
const THIN = { style: 'thin', color: { argb: 'FF999999' } } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const HEADER_FILL = fill('FFE7EEF0');
const STRATEGY_FILL = fill('FFD5E8E4');
const LABEL_FILL = fill('FFF2F2F2');

export const ratingText = (r: Rating) => (r.kind === 'rated' ? `${r.band.mark ?? r.band.code} ${r.band.label}` : r.label);
const overallText = (o: keyof typeof OVERALL_LABELS | null) => (o ? `${o} ${OVERALL_LABELS[o]}` : '');

function newBook(title: string, now: string) {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'しるべ';
  wb.title = title;
  wb.created = new Date(now);
  wb.modified = new Date(now);
  return wb;
}

function style(c: ExcelJS.Cell, o: { bold?: boolean; fill?: ExcelJS.Fill; align?: 'left' | 'center' | 'right'; wrap?: boolean } = {}) {
  c.font = { ...FONT, ...(o.bold ? { bold: true } : {}) };
  c.border = BORDER;
  if (o.fill) c.fill = o.fill;
  c.alignment = { vertical: 'middle', horizontal: o.align ?? 'left', wrapText: o.wrap ?? true };
}

/** Target, actual and 達成率 of a KPI into three cells, with its unit's format. */
function figures(ws: ExcelJS.Worksheet, r: number, col: number, k: EvaluationKpi) {
  const spec = numberSpecFor(k.unit, [k.target, k.actual]);
  const put = (c: ExcelJS.Cell, v: number | null, empty: string) => {
    style(c, { align: v === null ? 'center' : 'right' });
    if (v === null) c.value = empty;
    else {
      c.value = cellValue(v, spec);
      c.numFmt = numberFormat(spec);
    }
  };
  put(ws.getCell(r, col), k.target, '設定なし');
  put(ws.getCell(r, col + 1), k.actual, '未集計');
  if (k.actual === null && k.reason) ws.getCell(r, col + 1).note = k.reason;
  const rate = ws.getCell(r, col + 2);
  style(rate, { align: k.achievementRate === null ? 'center' : 'right' });
  if (k.achievementRate === null) rate.value = '—';
  else {
    rate.value = Math.round(k.achievementRate * 10) / 1000;
    rate.numFmt = '0.0%';
  }
  const rating = ws.getCell(r, col + 3);
  style(rating, { bold: true, align: 'center' });
  rating.value = ratingText(k.rating);
}

/** Rows of ~text length / width lines, at 13 points a line. */
const heightFor = (text: string, charsPerLine: number) =>
  13 *
    Math.max(
      1,
      text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil([...line].length / charsPerLine)), 0),
    ) +
  4;

export function summaryWorkbook(o: EvaluationOverview, now: string): ExcelJS.Workbook {
  const year = formatFiscalYear(o.fiscalYear, 'short');
  const title = `（様式1）アクションプログラム総括表　${year}`;
  const wb = newBook(title, now);
  const ws = wb.addWorksheet(`総括表 ${year}`, {
    properties: { defaultColWidth: 9 },
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
      horizontalCentered: true,
      margins: { left: 0.3, right: 0.3, top: 0.4, bottom: 0.4, header: 0.2, footer: 0.2 },
    },
    headerFooter: { oddFooter: `&L${o.chamber.name.replace(/&/g, '&&')}&R${year}` },
  });
  const headers = ['戦略', '施策', 'KPI', '単位', '目標値', '実績値', '達成率', '評価', '総合評価', '提出'];
  ws.columns = [14, 30, 34, 6, 11, 11, 9, 13, 12, 9].map((width) => ({ width }));
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { ...FONT, size: 14, bold: true };
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getCell(2, 1).value =
    `${o.chamber.name}　${o.plan.title}（${formatFiscalYear(o.plan.period.from, 'short')}〜${formatFiscalYear(o.plan.period.to, 'short')}）${o.closed ? '' : '　※年度途中の値'}`;
  ws.getCell(2, 1).font = { ...FONT, size: 9 };
  ws.mergeCells(2, 1, 2, headers.length);
  headers.forEach((h, i) => {
    const c = ws.getCell(3, i + 1);
    c.value = h;
    style(c, { bold: true, fill: HEADER_FILL, align: 'center' });
  });
  let r = 3;
  for (const s of o.strategies) {
    const first = r + 1;
    for (const m of s.measures) {
      const top = r + 1;
      const kpis = m.kpis.length > 0 ? m.kpis : [null];
      for (const k of kpis) {
        r++;
        style(ws.getCell(r, 1), { fill: STRATEGY_FILL });
        style(ws.getCell(r, 2));
        const name = ws.getCell(r, 3);
        style(name);
        const unit = ws.getCell(r, 4);
        style(unit, { align: 'center' });
        if (k) {
          name.value = k.parentCode ? `うち${k.name.replace(/^うち/, '')}` : k.name;
          unit.value = k.unit;
          figures(ws, r, 5, k);
        } else for (let c = 5; c <= 8; c++) style(ws.getCell(r, c), { align: 'center' });
        style(ws.getCell(r, 9), { bold: true, align: 'center' });
        style(ws.getCell(r, 10), { align: 'center' });
        ws.getRow(r).height = Math.max(heightFor(k?.name ?? '', 17), 18);
      }
      ws.getCell(top, 2).value = `${m.number} ${m.title}`;
      ws.getCell(top, 9).value = overallText(m.overall);
      ws.getCell(top, 10).value = SHEET_STATE_LABELS[m.state];
      if (r > top) for (const c of [2, 9, 10]) ws.mergeCells(top, c, r, c);
    }
    ws.getCell(first, 1).value = `${s.label}\n${s.title}`;
    if (r > first) ws.mergeCells(first, 1, r, 1);
  }
  r += 2;
  ws.getCell(r, 1).value = '評価委員会の総評';
  style(ws.getCell(r, 1), { bold: true, fill: LABEL_FILL });
  const comment = ws.getCell(r, 2);
  comment.value = o.generalComment?.comment ?? '';
  style(comment);
  ws.mergeCells(r, 2, r, headers.length);
  ws.getRow(r).height = heightFor(comment.value as string, 95);
  return wb;
}

export function sheetWorkbook(v: EvaluationSheetView, now: string): ExcelJS.Workbook {
  const year = formatFiscalYear(v.fiscalYear, 'short');
  const title = `（様式2）アクションプログラム評価シート　${year}`;
  const wb = newBook(title, now);
  const ws = wb.addWorksheet(`施策${v.measure.number} ${year}`, {
    properties: { defaultColWidth: 9 },
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.2, footer: 0.2 },
    },
    headerFooter: { oddFooter: `&L${v.chamber.name.replace(/&/g, '&&')}&C&P / &N&R${year} 施策${v.measure.number}` },
  });
  const COLS = 7;
  ws.columns = [16, 30, 10, 10, 9, 12, 8].map((width) => ({ width }));
  const WIDE = 88; // characters of a row across all columns
  let r = 0;
  const line = (label: string, value: string, opts: { height?: boolean } = {}) => {
    r++;
    const l = ws.getCell(r, 1);
    l.value = label;
    style(l, { bold: true, fill: LABEL_FILL });
    const c = ws.getCell(r, 2);
    c.value = value;
    style(c, { align: 'left' });
    ws.mergeCells(r, 2, r, COLS);
    if (opts.height !== false) ws.getRow(r).height = Math.max(18, heightFor(value, WIDE - 16));
  };
  const heading = (text: string) => {
    r += 2;
    const c = ws.getCell(r, 1);
    c.value = text;
    c.font = { ...FONT, size: 11, bold: true };
  };
  r++;
  ws.getCell(r, 1).value = title;
  ws.getCell(r, 1).font = { ...FONT, size: 14, bold: true };
  ws.mergeCells(r, 1, r, COLS);
  r++;
  ws.getCell(r, 1).value = `${v.chamber.name}　${v.plan.title}`;
  ws.getCell(r, 1).font = { ...FONT, size: 9 };
  ws.mergeCells(r, 1, r, COLS);
  line('戦略', `${v.strategy.label} ${v.strategy.title}`);
  line('施策', `${v.measure.number} ${v.measure.title}`);
  line('状態', stateText(v));

  heading('数値目標の達成度');
  r++;
  ['KPI', '', '目標値', '実績値', '達成率', '評価', '単位'].forEach((h, i) => {
    const c = ws.getCell(r, i + 1);
    c.value = h;
    style(c, { bold: true, fill: HEADER_FILL, align: 'center' });
  });
  ws.mergeCells(r, 1, r, 2);
  for (const k of v.kpis) {
    r++;
    const name = ws.getCell(r, 1);
    name.value = k.parentCode ? `うち${k.name.replace(/^うち/, '')}` : k.name;
    style(name);
    ws.mergeCells(r, 1, r, 2);
    figures(ws, r, 3, k);
    const unit = ws.getCell(r, 7);
    unit.value = k.unit;
    style(unit, { align: 'center' });
    ws.getRow(r).height = Math.max(18, heightFor(k.name, 40));
  }

  heading('取組の実施状況（工程表）');
  const withStatus = v.roadmap.some((x) => x.status !== null);
  r++;
  ['取組内容', '', `${year}の予定`, '', '', '', withStatus ? '状況' : ''].forEach((h, i) => {
    const c = ws.getCell(r, i + 1);
    c.value = h;
    style(c, { bold: true, fill: HEADER_FILL, align: 'center' });
  });
  ws.mergeCells(r, 1, r, 2);
  ws.mergeCells(r, 3, r, 6);
  for (const x of v.roadmap) {
    r++;
    const a = ws.getCell(r, 1);
    a.value = `${x.initiative.number} ${x.initiative.title}`;
    style(a);
    ws.mergeCells(r, 1, r, 2);
    const t = ws.getCell(r, 3);
    t.value = x.text === null ? '（予定なし）' : `${x.continued ? '（継続）' : ''}${x.text}`;
    style(t);
    ws.mergeCells(r, 3, r, 6);
    const s = ws.getCell(r, 7);
    s.value = x.status ?? '';
    style(s, { align: 'center' });
    ws.getRow(r).height = Math.max(18, heightFor(`${x.initiative.title}`, 40), heightFor(x.text ?? '', 38));
  }

  heading('評価');
  line('成果', v.sheet.achievements);
  line('課題', v.sheet.issues);
  line('改善策（次年度の方向性）', v.sheet.improvements);
  const level = (l: keyof typeof LEVEL_LABELS | null) => (l ? LEVEL_LABELS[l] : '');
  line('必要性', level(v.sheet.necessity));
  line('有効性', level(v.sheet.effectiveness));
  line('効率性', level(v.sheet.efficiency));
  line('総合評価', overallText(v.sheet.overall));

  const missed = v.kpis.filter((k) => k.misses);
  if (missed.length > 0) {
    heading('目標に届かなかったKPIの原因と改善策');
    for (const k of missed) {
      const a = v.sheet.kpiActions[k.code];
      line('KPI', k.name);
      for (const [field, label] of Object.entries(KPI_ACTION_FIELDS)) line(label, a?.[field as keyof typeof KPI_ACTION_FIELDS] ?? '');
    }
  }

  heading('評価委員会');
  line('コメント', v.committeeComment);
  if (v.unlocks.length > 0) {
    heading('ロック解除の記録');
    for (const u of v.unlocks) line(u.unlockedAt.slice(0, 16).replace('T', ' '), `${u.unlockedBy}: ${u.reason}`);
  }
  return wb;
}

function stateText(v: EvaluationSheetView): string {
  if (v.state === 'submitted') return `提出済み（${v.submittedBy ?? ''} ${v.submittedAt?.slice(0, 10) ?? ''}）`;
  return SHEET_STATE_LABELS[v.state];
}

/** File names (Japanese) and the ASCII fallbacks. */
export function evaluationFileName(chamber: { code: string; name: string }, fiscalYear: number, what: 'summary' | { measure: number }) {
  const safeName = chamber.name.replace(/[\\/:*?"<>|\s]+/g, '_');
  const safeCode = chamber.code.replace(/[^A-Za-z0-9_-]+/g, '_');
  const year = formatFiscalYear(fiscalYear, 'short');
  if (what === 'summary') return { name: `総括表_${safeName}_${year}.xlsx`, ascii: `evaluation-summary_${safeCode}_${fiscalYear}.xlsx` };
  return {
    name: `評価シート_${safeName}_${year}_施策${what.measure}.xlsx`,
    ascii: `evaluation-sheet_${safeCode}_${fiscalYear}_${what.measure}.xlsx`,
  };
}
