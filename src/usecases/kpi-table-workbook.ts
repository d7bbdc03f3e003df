/**
 * Writes a KPI table (domain/kpi/kpi-table.ts, where every decision about what stands in which
 * cell is made) as an .xlsx workbook with exceljs: the styles, the merged title and header cells,
 * the frozen panes and the print settings (A4 landscape, one page wide, header rows on every page).
 */
import ExcelJS from 'exceljs';
import { HEADER_ROWS, type KpiSheet, type TableCell, TITLE_ROWS } from '../domain/kpi/kpi-table.js';

/** 游ゴシック, as Japanese Excel writes it; LibreOffice falls back to the installed Japanese font. */
const FONT = { name: '游ゴシック', family: 3, charset: 128, size: 10 } as const;
const THIN = { style: 'thin', color: { argb: 'FFBFBFBF' } } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const HEADER_FILL = fill('FFE7EEF0');
const STRATEGY_FILL = fill('FFD5E8E4');
const MEASURE_FILL = fill('FFF2F2F2');
const MUTED = 'FF808080';
/** Points per line of 10-point text. */
const LINE_HEIGHT = 13;

export interface WorkbookMeta {
  /** When the file was made (ISO timestamp), for the document properties. */
  now: string;
}

export function kpiTableWorkbook(sheet: KpiSheet, { now }: WorkbookMeta): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'しるべ';
  wb.title = sheet.title;
  wb.created = new Date(now);
  wb.modified = new Date(now);

  const lastColumn = sheet.columns.length;
  const headerTop = TITLE_ROWS + 1;
  const headerBottom = TITLE_ROWS + HEADER_ROWS;
  const ws = wb.addWorksheet(sheet.sheetName, {
    // exceljs writes no <col> for a width of exactly 9, its idea of the default; say that 9 is the
    // sheet's default, or Excel and LibreOffice would use their own 8.43 for those columns.
    properties: { defaultColWidth: 9 },
    views: [
      {
        state: 'frozen',
        xSplit: sheet.frozenColumns,
        ySplit: headerBottom,
        topLeftCell: cellAddress(headerBottom + 1, sheet.frozenColumns + 1),
        activeCell: cellAddress(headerBottom + 1, sheet.frozenColumns + 1),
      },
    ],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages down as it takes
      horizontalCentered: true,
      printTitlesRow: `${headerTop}:${headerBottom}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddHeader: sheet.printHeader, oddFooter: sheet.printFooter },
  });
  ws.columns = sheet.columns.map((c) => ({ width: c.width }));

  // Title and subtitle, across the table.
  const title = ws.getCell(1, 1);
  title.value = sheet.title;
  title.font = { ...FONT, size: 14, bold: true };
  ws.mergeCells(1, 1, 1, lastColumn);
  ws.getRow(1).height = 24;
  const subtitle = ws.getCell(2, 1);
  subtitle.value = sheet.subtitle;
  subtitle.font = { ...FONT, size: 9 };
  subtitle.alignment = { wrapText: true, vertical: 'top' };
  ws.mergeCells(2, 1, 2, lastColumn);
  ws.getRow(2).height = 28; // two lines: a merged cell is never fitted to its text

  // Two header rows: a column without a group spans both; equal groups side by side are merged.
  sheet.columns.forEach((column, i) => {
    const top = ws.getCell(headerTop, i + 1);
    const bottom = ws.getCell(headerBottom, i + 1);
    for (const c of [top, bottom]) {
      c.font = { ...FONT, bold: true };
      c.fill = HEADER_FILL;
      c.border = BORDER;
      c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
    if (column.group === '') {
      top.value = column.header;
      ws.mergeCells(headerTop, i + 1, headerBottom, i + 1);
    } else {
      top.value = column.group;
      bottom.value = column.header;
    }
    if (column.note) top.note = column.note;
  });
  for (let start = 0; start < lastColumn; ) {
    const group = sheet.columns[start]?.group ?? '';
    let end = start;
    while (group !== '' && sheet.columns[end + 1]?.group === group) end++;
    if (end > start) ws.mergeCells(headerTop, start + 1, headerTop, end + 1);
    start = end + 1;
  }

  let r = headerBottom;
  for (const row of sheet.rows) {
    r++;
    if (row.kind !== 'kpi') {
      const c = ws.getCell(r, 1);
      c.value = row.text;
      c.font = { ...FONT, bold: true };
      c.fill = row.kind === 'strategy' ? STRATEGY_FILL : MEASURE_FILL;
      c.border = BORDER;
      c.alignment = { vertical: 'middle' };
      ws.mergeCells(r, 1, r, lastColumn);
      continue;
    }
    // A row is not fitted to wrapped text when a file is opened (LibreOffice converting it leaves the
    // text overlapping), so a long name gets its lines' height. Counted in Excel's widths; LibreOffice
    // draws Japanese narrower and may show a spare line there.
    if (row.lines > 1) ws.getRow(r).height = LINE_HEIGHT * row.lines + 2;
    row.cells.forEach((cell, i) => {
      writeCell(ws.getCell(r, i + 1), cell);
    });
  }
  return wb;
}

function writeCell(c: ExcelJS.Cell, cell: TableCell): void {
  c.border = BORDER;
  c.font = FONT;
  if (cell.value !== null) c.value = cell.value;
  if (cell.format) c.numFmt = cell.format;
  if (cell.note) c.note = cell.note;
  switch (cell.role) {
    case 'name':
      c.alignment = { vertical: 'middle', wrapText: true, ...(cell.indent ? { indent: cell.indent } : {}) };
      break;
    case 'code':
    case 'unit':
      c.alignment = { horizontal: 'center', vertical: 'middle' };
      break;
    case 'figure':
      c.alignment = { horizontal: 'right', vertical: 'middle' };
      break;
    case 'empty':
      c.font = { ...FONT, color: { argb: MUTED } };
      c.alignment = { horizontal: 'center', vertical: 'middle' };
      break;
    case 'rating':
      c.font = { ...FONT, bold: true };
      c.alignment = { horizontal: 'center', vertical: 'middle' };
      break;
  }
}

/** (5, 4) → D5 */
function cellAddress(row: number, column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${letters}${row}`;
}
