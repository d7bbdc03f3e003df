/**
 * A year's 事業計画 as .xlsx, with exceljs (never in the web bundle): one sheet, A4 portrait, one
 * page wide; the title with the year as R7年度 (src/domain/fiscal-calendar.ts), the 基本方針・前文,
 * then per measure its KPIs with the year's target and its items (事業の柱, 事業内容, 担当, 実施時期,
 * 区分 with where the item came from). Targets keep their numbers with the KPI table's formats.
 */
import ExcelJS from 'exceljs';
import { formatFiscalYear } from '../../domain/fiscal-calendar.js';
import { cellValue, numberFormat, numberSpecFor } from '../../domain/kpi/kpi-table.js';
import { ANNUAL_PLAN_SOURCE_LABELS, ANNUAL_PLAN_STATE_LABELS } from '../../domain/plan/annual-plan.js';
import type { AnnualPlanView } from './annual-plan-year.js';

const FONT = { name: '游ゴシック', family: 3, charset: 128, size: 10 } as const;
const THIN = { style: 'thin', color: { argb: 'FF999999' } } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const HEADER_FILL = fill('FFE7EEF0');
const MEASURE_FILL = fill('FFD5E8E4');

export const ANNUAL_PLAN_HEADERS = ['No.', '事業の柱（取組）', '事業内容', '担当', '実施時期', '区分'] as const;
const WIDTHS = [5, 20, 46, 12, 11, 10];

function style(c: ExcelJS.Cell, o: { bold?: boolean; fill?: ExcelJS.Fill; align?: 'left' | 'center' | 'right' } = {}) {
  c.font = { ...FONT, ...(o.bold ? { bold: true } : {}) };
  c.border = BORDER;
  if (o.fill) c.fill = o.fill;
  c.alignment = { vertical: 'middle', horizontal: o.align ?? 'left', wrapText: true };
}

/** Rows of ~text length / width lines, at 13 points a line. */
const heightFor = (text: string, charsPerLine: number) =>
  13 *
    Math.max(
      1,
      text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil([...line].length / charsPerLine)), 0),
    ) +
  4;

export function annualPlanWorkbook(v: AnnualPlanView, now: string): ExcelJS.Workbook {
  const year = formatFiscalYear(v.fiscalYear, 'short');
  const title = `${year} 事業計画`;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'しるべ';
  wb.title = `${v.chamber.name} ${title}`;
  wb.created = new Date(now);
  wb.modified = new Date(now);
  const ws = wb.addWorksheet(`事業計画 ${year}`, {
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
    headerFooter: { oddFooter: `&L${v.chamber.name.replace(/&/g, '&&')}&C&P / &N&R${year} 事業計画` },
  });
  const COLS = ANNUAL_PLAN_HEADERS.length;
  ws.columns = WIDTHS.map((width) => ({ width }));
  let r = 1;
  ws.getCell(r, 1).value = `${v.chamber.name}　${title}`;
  ws.getCell(r, 1).font = { ...FONT, size: 14, bold: true };
  ws.mergeCells(r, 1, r, COLS);
  r++;
  const state =
    v.state === 'confirmed' ? `確定（${v.confirmedBy ?? ''} ${v.confirmedAt?.slice(0, 10) ?? ''}）` : ANNUAL_PLAN_STATE_LABELS[v.state];
  ws.getCell(r, 1).value =
    `${v.plan.title}（${formatFiscalYear(v.plan.period.from, 'short')}〜${formatFiscalYear(v.plan.period.to, 'short')}）　${state}`;
  ws.getCell(r, 1).font = { ...FONT, size: 9 };
  ws.mergeCells(r, 1, r, COLS);
  r += 2;
  ws.getCell(r, 1).value = '基本方針';
  ws.getCell(r, 1).font = { ...FONT, size: 11, bold: true };
  r++;
  const preface = ws.getCell(r, 1);
  preface.value = v.preface;
  style(preface);
  ws.mergeCells(r, 1, r, COLS);
  ws.getRow(r).height = Math.max(18, heightFor(v.preface, 95));

  for (const m of v.measures) {
    r += 2;
    const head = ws.getCell(r, 1);
    head.value = `${m.strategy.label} ${m.strategy.title}　＞　施策${m.number} ${m.title}`;
    style(head, { bold: true, fill: MEASURE_FILL });
    ws.mergeCells(r, 1, r, COLS);
    ws.getRow(r).height = Math.max(18, heightFor(head.value as string, 90));
    if (m.kpis.length > 0) {
      r++;
      ['', `指標（KPI）`, '', `目標値（${year}）`, '単位', ''].forEach((h, i) => {
        const c = ws.getCell(r, i + 1);
        c.value = h;
        style(c, { bold: true, fill: HEADER_FILL, align: 'center' });
      });
      ws.mergeCells(r, 2, r, 3);
      for (const k of m.kpis) {
        r++;
        style(ws.getCell(r, 1));
        const name = ws.getCell(r, 2);
        name.value = k.parentCode ? `うち${k.name.replace(/^うち/, '')}` : k.name;
        style(name);
        ws.mergeCells(r, 2, r, 3);
        const target = ws.getCell(r, 4);
        style(target, { align: k.target === null ? 'center' : 'right' });
        if (k.target === null) target.value = '設定なし';
        else {
          const spec = numberSpecFor(k.unit, [k.target]);
          target.value = cellValue(k.target, spec);
          target.numFmt = numberFormat(spec);
        }
        const unit = ws.getCell(r, 5);
        unit.value = k.unit;
        style(unit, { align: 'center' });
        style(ws.getCell(r, 6));
      }
    }
    r++;
    ANNUAL_PLAN_HEADERS.forEach((h, i) => {
      const c = ws.getCell(r, i + 1);
      c.value = h;
      style(c, { bold: true, fill: HEADER_FILL, align: 'center' });
    });
    if (m.items.length === 0) {
      r++;
      const c = ws.getCell(r, 1);
      c.value = '（項目なし）';
      style(c, { align: 'center' });
      ws.mergeCells(r, 1, r, COLS);
    }
    const initiativeTitle = (n: number | null) => {
      const i = n === null ? undefined : m.initiatives.find((x) => x.number === n);
      return i ? `${i.number} ${i.title}` : '施策全体';
    };
    m.items.forEach((it, index) => {
      r++;
      const text = it.sourceNote ? `${it.text}\n（${it.sourceNote}）` : it.text;
      const values = [
        index + 1,
        initiativeTitle(it.initiative),
        text,
        it.owner,
        it.timing,
        `${ANNUAL_PLAN_SOURCE_LABELS[it.source]}${it.carriedOver ? '・繰越' : ''}`,
      ];
      values.forEach((value, i) => {
        const c = ws.getCell(r, i + 1);
        c.value = value;
        style(c, { align: i === 0 || i >= 4 ? 'center' : 'left' });
      });
      if (it.sourceNote) {
        // The note in small grey under the item's text.
        ws.getCell(r, 3).value = {
          richText: [
            { text: it.text, font: FONT },
            { text: `\n（${it.sourceNote}）`, font: { ...FONT, size: 8, color: { argb: 'FF666666' } } },
          ],
        };
      }
      ws.getRow(r).height = Math.max(18, heightFor(text, 44), heightFor(initiativeTitle(it.initiative), 18));
    });
  }
  return wb;
}

/** The file name (Japanese) and the ASCII fallback. */
export function annualPlanFileName(chamber: { code: string; name: string }, fiscalYear: number) {
  const safeName = chamber.name.replace(/[\\/:*?"<>|\s]+/g, '_');
  const safeCode = chamber.code.replace(/[^A-Za-z0-9_-]+/g, '_');
  return {
    name: `事業計画_${safeName}_${formatFiscalYear(fiscalYear, 'short')}.xlsx`,
    ascii: `annual-plan_${safeCode}_${fiscalYear}.xlsx`,
  };
}
