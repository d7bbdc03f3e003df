/**
 * Property-based tests (fast-check) of parseImportFile and readImportFile: random and
 * malformed bytes never make them throw, every issue is a Japanese message at a line of the
 * file, no record is both a row and an issue, and the same bytes always read the same.
 *
 * The runs are seeded so that CI is repeatable. To search further, run with another seed
 * and more runs, e.g.
 *   IMPORT_PROPERTY_SEED=$RANDOM IMPORT_PROPERTY_RUNS=5000 npx vitest run src/domain/import/parse-import-file.property.test.ts
 * A failure prints its seed and the path of the shrunk counterexample; pass both to replay it.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { DEFAULT_RECORD_KINDS } from '../records/record-kinds.js';
import { decodeCsvBytes } from './decode.js';
import { IMPORT_KIND_IDS, IMPORT_KINDS, type ImportColumn, type ImportContext, type ImportKind, MUTUAL_AID_TYPES } from './kinds.js';
import { isBlank } from './normalize.js';
import { type ParsedImportFile, parseImportFile, readImportFile } from './parse-import-file.js';

const SEED = Number(process.env.IMPORT_PROPERTY_SEED ?? 20261207);
/** Runs per property; IMPORT_PROPERTY_RUNS scales them all (the default is 1 = the counts below). */
const SCALE = Number(process.env.IMPORT_PROPERTY_RUNS ?? 0) || 0;
const runs = (n: number) => (SCALE > 0 ? SCALE : n);
const PATH = process.env.IMPORT_PROPERTY_PATH;
const params = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns: runs(numRuns), ...(PATH ? { path: PATH } : {}) });

const JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff9f]/;

// ---------------------------------------------------------------- encodings

type Encoding = 'UTF-8' | 'UTF-8 (BOM)' | 'Shift_JIS' | 'EUC-JP';
const ENCODINGS: readonly Encoding[] = ['UTF-8', 'UTF-8 (BOM)', 'Shift_JIS', 'EUC-JP'];

function encode(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'UTF-8':
      return new TextEncoder().encode(text);
    case 'UTF-8 (BOM)':
      return new TextEncoder().encode(`\ufeff${text}`);
    case 'Shift_JIS':
      return new Uint8Array(iconv.encode(text, 'CP932'));
    case 'EUC-JP':
      return new Uint8Array(iconv.encode(text, 'EUC-JP'));
  }
}

/** The text as it comes back from its bytes: characters the encoding lacks become ? or U+FFFD. */
function roundTrip(text: string, encoding: Encoding): string {
  switch (encoding) {
    case 'UTF-8':
    case 'UTF-8 (BOM)':
      return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new TextEncoder().encode(text));
    case 'Shift_JIS':
      return iconv.decode(iconv.encode(text, 'CP932'), 'CP932');
    case 'EUC-JP':
      return iconv.decode(iconv.encode(text, 'EUC-JP'), 'EUC-JP');
  }
}

// ---------------------------------------------------------------- the invariants

const LINE_BREAK = /\r\n|\r|\n/;

/** The file's lines as a text editor shows them (CRLF, LF and CR each end one), or undefined when it is no text. */
function linesOf(bytes: Uint8Array): string[] | undefined {
  try {
    return decodeCsvBytes(bytes).text.split(LINE_BREAK);
  } catch {
    return undefined;
  }
}

/** What must hold for any bytes, good or bad. */
function expectSound(bytes: Uint8Array, result: ParsedImportFile<unknown>): void {
  const lines = linesOf(bytes);
  const lineCount = lines?.length ?? 0;
  for (const issue of result.issues) {
    expect(typeof issue.message).toBe('string');
    expect(issue.message, JSON.stringify(issue)).toMatch(JAPANESE);
    expect(issue.column === null || typeof issue.column === 'string').toBe(true);
    if (issue.line !== null) {
      expect(Number.isInteger(issue.line), JSON.stringify(issue)).toBe(true);
      expect(issue.line, JSON.stringify(issue)).toBeGreaterThanOrEqual(1);
      expect(issue.line, JSON.stringify(issue)).toBeLessThanOrEqual(lineCount);
      // A record starts on a line with something on it.
      expect(lines?.[issue.line - 1], JSON.stringify(issue)).not.toBe('');
    }
  }
  // Sorted by line, the file's own issues first.
  const issueOrder = result.issues.map((i) => i.line ?? 0);
  expect(issueOrder).toEqual([...issueOrder].sort((a, b) => a - b));

  if (result.encoding === null) {
    expect(result.rows).toEqual([]);
    expect(result.issues.length).toBeGreaterThan(0);
    expect(result.issues.every((i) => i.line === null)).toBe(true);
    return;
  }
  expect(lines).toBeDefined();
  const rowLines = result.rows.map((r) => r.line);
  for (let i = 0; i < rowLines.length; i++) {
    const line = rowLines[i] ?? 0;
    expect(Number.isInteger(line)).toBe(true);
    // After the header, which is line 1 at the earliest.
    expect(line).toBeGreaterThanOrEqual(2);
    expect(line).toBeLessThanOrEqual(lineCount);
    expect(lines?.[line - 1]).not.toBe('');
    if (i > 0) expect(line).toBeGreaterThan(rowLines[i - 1] ?? 0);
  }
  // No record is both a row and an issue; rows and records with issues are at most the records.
  const issueLines = new Set(result.issues.flatMap((i) => (i.line === null ? [] : [i.line])));
  for (const line of rowLines) expect(issueLines.has(line), `line ${line} is a row and an issue`).toBe(false);
  const nonEmptyLines = lines?.filter((l) => l !== '').length ?? 0;
  expect(result.rows.length + issueLines.size).toBeLessThanOrEqual(nonEmptyLines);
  if (result.rows.length > 0) expect(result.rows.length).toBeLessThan(nonEmptyLines); // the header is no row
}

/** parseImportFile, which must not throw, checked for soundness and determinism. */
function parseSoundly(kind: ImportKind, bytes: Uint8Array, context: ImportContext = {}): ParsedImportFile<unknown> {
  const copy = bytes.slice();
  const result = parseImportFile({ kind, bytes, ...context });
  // The input is not changed, and the same bytes read the same, to the order of keys.
  expect(bytes).toEqual(copy);
  const again = parseImportFile({ kind, bytes: copy, ...context });
  expect(again).toStrictEqual(result);
  expect(json(again)).toBe(json(result));
  expectSound(bytes, result);
  return result;
}

/** JSON with undefined kept, so that keys and their order are compared too. */
const json = (value: unknown) => JSON.stringify(value, (_key, v) => (v === undefined ? '<undefined>' : v));

// ---------------------------------------------------------------- cells

const toZenkaku = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const pad2 = (n: number) => String(n).padStart(2, '0');

/** Characters that matter to the parser: CSV syntax, line breaks, BOM, U+FFFD, 全角 and 半角 forms, controls. */
const TRICKY_CHARS = [
  ',',
  '"',
  '\r',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '\u3000',
  '\ufeff',
  '\ufffd',
  '\u200b',
  '\u0001',
  '\u007f',
  '\ud800',
  '\udc00',
  '😀',
  'あ',
  'ア',
  'ｱ',
  'ｶﾞ',
  'ﾟ',
  '漢',
  '髙',
  '①',
  '㈱',
  '㍻',
  '㋿',
  '０',
  '９',
  'Ａ',
  '－',
  '−',
  '‐',
  '、',
  '・',
  '△',
  '▲',
  '¥',
  '\\',
  '～',
  '〜',
  '※',
  '*',
  '（',
  '）',
  '.',
  '/',
  '-',
  '元',
  '年',
  '月',
  '日',
  '度',
  'R',
  'H',
  'S',
  '令和',
  '平成',
  '昭和',
];
const trickyChar = fc.constantFrom(...TRICKY_CHARS);
/** Text of ASCII, kana, kanji and the tricky characters. */
const jaText = (maxLength = 12) =>
  fc.string({
    unit: fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
      { weight: 2, arbitrary: fc.integer({ min: 0x3041, max: 0x30fe }).map((c) => String.fromCharCode(c)) },
      { weight: 2, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fa0 }).map((c) => String.fromCharCode(c)) },
      { weight: 1, arbitrary: fc.integer({ min: 0xff01, max: 0xff9f }).map((c) => String.fromCharCode(c)) },
      { weight: 2, arbitrary: trickyChar },
    ),
    maxLength,
  });

const ERAS = ['R', 'H', 'S', 'T', 'M', '令和', '平成', '昭和', '大正', '明治', '㋿', '㍻', 'r', 'h'];

/** Dates in the forms staff write them, valid or not: 2024-04-01, 2024/4/1, R6.4.1, 令和6年4月1日, 45383 … */
const dateCell = fc.oneof(
  fc
    .record({
      year: fc.oneof(fc.integer({ min: 1868, max: 2100 }), fc.integer({ min: 0, max: 99999 })),
      month: fc.integer({ min: 0, max: 13 }),
      day: fc.integer({ min: 0, max: 32 }),
      separator: fc.constantFrom('-', '/', '.', '－', '／', '．', ' / '),
      padded: fc.boolean(),
    })
    .map(({ year, month, day, separator, padded }) =>
      [String(year), padded ? pad2(month) : String(month), padded ? pad2(day) : String(day)].join(separator),
    ),
  fc
    .record({
      era: fc.constantFrom(...ERAS),
      eraYear: fc.oneof(fc.integer({ min: 0, max: 70 }), fc.constant('元')),
      month: fc.integer({ min: 0, max: 13 }),
      day: fc.integer({ min: 0, max: 32 }),
      kanji: fc.boolean(),
    })
    .map(({ era, eraYear, month, day, kanji }) => (kanji ? `${era}${eraYear}年${month}月${day}日` : `${era}${eraYear}.${month}.${day}`)),
  fc
    .record({ year: fc.integer({ min: 1900, max: 2100 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
    .map(({ year, month, day }) => `${year}年${month}月${day}日`),
  fc.constantFrom(
    '2024-02-29',
    '2023-02-29',
    '2024/4/1',
    'R1.5.1',
    'H31.4.30',
    'H31.5.1',
    '令和元年5月1日',
    '20240401',
    '45383',
    '45383.5',
  ),
  fc.integer({ min: 0, max: 80000 }).map(String),
);

const fiscalYearCell = fc.oneof(
  fc.integer({ min: 1900, max: 2100 }).map(String),
  fc.integer({ min: 0, max: 99 }).map((n) => `R${n}`),
  fc.integer({ min: 0, max: 99 }).map((n) => `H${n}年度`),
  fc.integer({ min: 0, max: 99 }).map((n) => `令和${n}年度`),
  fc.constantFrom('令和元年度', 'R元', '2024年度', 'FY2024', '二〇二四'),
);

const numberCell = fc.oneof(
  fc.integer({ min: -2_000_000, max: 2_000_000 }).map(String),
  fc.integer({ min: 0, max: 99_999_999 }).map((n) => n.toLocaleString('en-US')),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }).map(String),
  fc
    .record({ n: fc.integer({ min: 0, max: 999_999 }), sign: fc.constantFrom('', '-', '−', '△', '▲', '+', '¥', '\\') })
    .map(({ n, sign }) => `${sign}${n.toLocaleString('en-US')}`),
  fc.constantFrom(
    '1,23',
    '12abc',
    '1e3',
    '(12)',
    '12%',
    '1 234',
    '0',
    '-0',
    '007',
    '9'.repeat(30),
    '1,234.5',
    '.5',
    '5.',
    'NaN',
    'Infinity',
  ),
);

const codeCell = fc.oneof(
  fc.integer({ min: 0, max: 9999 }).map((n) => `A${String(n).padStart(4, '0')}`),
  fc.integer({ min: 0, max: 9999 }).map((n) => toZenkaku(`B-${n}`)),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 }),
  fc.constantFrom('Ａ－００１', 'S-2024-0001', ' A001 ', 'A  001', 'ｱｲｳ', '①'),
);

const codeListCell = fc
  .array(codeCell, { maxLength: 5 })
  .chain((codes) => fc.constantFrom('、', ',', '・', ';', '/', ' ', '／', '　').map((sep) => codes.join(sep)));

const kanaCell = fc.oneof(jaText(), fc.constantFrom('タカハシ', 'ﾀｶﾊｼ', 'たかはし', 'ABC(カ)', 'ヤマダ ショウジ', '山田'));

const supportKindCell = fc.constantFrom(...DEFAULT_RECORD_KINDS.map((k) => k.kind), '相談', '巡回');
const subKindCell = fc.constantFrom(...DEFAULT_RECORD_KINDS.flatMap((k) => k.subKinds), 'その他', '不明');

const year = fc.integer({ min: 2020, max: 2030 });
const month = fc.integer({ min: 1, max: 12 });
const day = fc.integer({ min: 1, max: 28 });
/** A value of the column that reads (with the default 種別 and 区分). */
function validCell(kind: ImportKind, column: ImportColumn): fc.Arbitrary<string> {
  if (column.format === '日付')
    return fc
      .tuple(year, month, day, fc.nat(3))
      .map(([y, m, d, form]) =>
        form === 0
          ? `${y}-${pad2(m)}-${pad2(d)}`
          : form === 1
            ? `${y}/${m}/${d}`
            : form === 2
              ? `R${y - 2018}.${m}.${d}`
              : `令和${y - 2018}年${m}月${d}日`,
      );
  if (column.format === '年度')
    return fc.oneof(
      year.map(String),
      year.map((y) => `R${y - 2018}`),
      year.map((y) => `令和${y - 2018}年度`),
    );
  if (column.format.startsWith('整数') || column.format.startsWith('数値'))
    return fc.integer({ min: 1, max: 99_999 }).chain((n) => fc.constantFrom(String(n), n.toLocaleString('en-US'), toZenkaku(String(n))));
  if (column.format === 'コードの並び') return fc.array(codeCell, { maxLength: 3 }).map((codes) => codes.join('、'));
  if (column.format.startsWith('コード')) return fc.integer({ min: 0, max: 30 }).map((n) => `A${String(n).padStart(4, '0')}`);
  if (column.format === 'カタカナ') return fc.constantFrom('タカハシ', 'ﾀｶﾊｼ', 'たかはし', 'ABC(カ)', 'ヤマダ ショウジ');
  if (kind === 'mutualAid' && column.header === '種類') return fc.constantFrom(...MUTUAL_AID_TYPES, '商工貯蓄共済');
  if (kind === 'support' && column.header === '種別')
    return fc.constantFrom(...DEFAULT_RECORD_KINDS.filter((k) => k.subKinds.length === 0).map((k) => k.kind));
  if (kind === 'support' && column.header === '区分') return fc.constant('');
  if (column.required) return fc.constantFrom('製造業', '佐藤', 'にかほ市ビジネス商談会', '㈱髙橋製作所', 'ｶﾌｪ・ド・ｱｲ');
  return fc.oneof(fc.constant(''), jaText(12));
}

/** A plausible value for the column, often one that reads. */
function typicalCell(kind: ImportKind, column: ImportColumn): fc.Arbitrary<string> {
  return fc.oneof({ weight: 4, arbitrary: validCell(kind, column) }, { weight: 2, arbitrary: anyTypicalCell(kind, column) });
}

/** A value of the column's format, read or not. */
function anyTypicalCell(kind: ImportKind, column: ImportColumn): fc.Arbitrary<string> {
  if (column.format === '日付') return dateCell;
  if (column.format === '年度') return fiscalYearCell;
  if (column.format.startsWith('整数') || column.format.startsWith('数値')) return numberCell;
  if (column.format === 'コードの並び') return codeListCell;
  if (column.format.startsWith('コード')) return codeCell;
  if (column.format === 'カタカナ') return kanaCell;
  if (kind === 'mutualAid' && column.header === '種類') return fc.constantFrom(...MUTUAL_AID_TYPES, '商工貯蓄共済', '生命共済');
  if (kind === 'support' && column.header === '種別') return supportKindCell;
  if (kind === 'support' && column.header === '区分') return subKindCell;
  return jaText(20);
}

/** A long cell, of one character or a short run repeated; `max` repeats at most. */
const longCell = (max = 3000) =>
  fc
    .record({ unit: fc.constantFrom('あ', 'a', '1', ' ', '"', ',', 'ｶﾞ', '漢字', '\r\n', '１,'), times: fc.integer({ min: 200, max }) })
    .map(({ unit, times }) => unit.repeat(times));

function cellFor(kind: ImportKind, column: ImportColumn | undefined): fc.Arbitrary<string> {
  const typical = column ? typicalCell(kind, column) : jaText();
  return fc.oneof(
    { weight: 40, arbitrary: typical },
    { weight: 2, arbitrary: typical.map(toZenkaku) },
    { weight: 2, arbitrary: typical.map((s) => ` ${s}\u3000`) },
    { weight: 2, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom('\u3000', ' ', '\ufeff', '\u200b') },
    { weight: 3, arbitrary: jaText(30) },
    { weight: 1, arbitrary: longCell() },
  );
}

// ---------------------------------------------------------------- files

/** How one header of the kind is written: as defined, or as staff write it. */
const headerSpelling = (header: string) =>
  fc.constantFrom(
    header,
    `${header}※`,
    `${header}*`,
    ` ${header} `,
    header.replace(/（/g, '(').replace(/）/g, ')'),
    toZenkaku(header),
    `${header}\u3000`,
  );

const UNKNOWN_HEADERS = ['メモ', '備考2', 'memo', '不明な列', '日付け'];

interface HeaderColumn {
  /** The kind's column, or undefined for a header the kind does not have (or a blank one). */
  column: ImportColumn | undefined;
  /** As written in the file. */
  text: string;
}

/** The kind's headers, some left out, shuffled, spelled in several ways; now and then an unknown, blank or doubled one. */
function headerFor(kind: ImportKind): fc.Arbitrary<HeaderColumn[]> {
  const columns = IMPORT_KINDS[kind].columns as readonly ImportColumn[];
  const known = columns.map((column) =>
    fc.record({
      keep: fc.nat(99).map((n) => n < (column.required ? 95 : 70)),
      text: headerSpelling(column.header),
    }),
  );
  return fc
    .record({
      known: fc.tuple(...known),
      extra: fc.array(
        fc.oneof(
          fc.constantFrom(...UNKNOWN_HEADERS).map((text): HeaderColumn => ({ column: undefined, text })),
          fc.constant<HeaderColumn>({ column: undefined, text: '' }),
          fc.constantFrom(...columns).chain((column) => headerSpelling(column.header).map((text): HeaderColumn => ({ column, text }))),
        ),
        { maxLength: 2 },
      ),
      order: fc.array(fc.nat(), { minLength: columns.length + 2, maxLength: columns.length + 2 }),
    })
    .map(({ known: kept, extra, order }) => {
      const list: HeaderColumn[] = [...kept.flatMap((k, i) => (k.keep ? [{ column: columns[i], text: k.text }] : [])), ...extra];
      // A stable shuffle by the random keys.
      return list
        .map((h, i) => ({ h, key: order[i] ?? i }))
        .sort((a, b) => a.key - b.key)
        .map((x) => x.h);
    });
}

/** Whether parseImportFile reads the records under this header: required headers all there, none twice, not all unknown. */
function headerUsable(kind: ImportKind, header: readonly HeaderColumn[]): boolean {
  const named = header.filter((h) => h.text.trim() !== '');
  const present = named.flatMap((h) => (h.column ? [h.column.header] : []));
  if (new Set(named.map((h) => h.column?.header ?? h.text.trim())).size !== named.length) return false;
  if (present.length === 0) return false;
  return IMPORT_KINDS[kind].columns.every((c) => !c.required || present.includes(c.header));
}

type Eol = '\r\n' | '\n' | '\r';
const eol = fc.constantFrom<Eol>('\r\n', '\r\n', '\n', '\r');

/** Lines between records: empty, blank cells (`,,,` as Excel writes), spaces. */
const FILLERS = ['', ',,,,', ' ', '\t', '\u3000', ' , , '] as const;

interface GeneratedFile {
  kind: ImportKind;
  encoding: Encoding;
  header: HeaderColumn[];
  /** Each record's cells; fillers between them. */
  lines: ({ type: 'record'; cells: string[]; eol: Eol } | { type: 'filler'; text: string; eol: Eol })[];
  extraBom: boolean;
}

/** A file of the kind: the header, then records under it (a cell or two more or less now and then), fillers between. */
function generatedFile(encodings: readonly Encoding[] = ENCODINGS): fc.Arbitrary<GeneratedFile> {
  return fc.constantFrom(...IMPORT_KIND_IDS).chain((kind) =>
    headerFor(kind).chain((header) =>
      fc.record({
        kind: fc.constant(kind),
        encoding: fc.constantFrom(...encodings),
        header: fc.constant(header),
        extraBom: fc.nat(19).map((n) => n === 0),
        lines: fc.array(
          fc.oneof(
            {
              weight: 8,
              arbitrary: fc
                .record({
                  cells: fc.tuple(...header.map((h) => cellFor(kind, h.column))),
                  more: fc.array(cellFor(kind, undefined), { minLength: 1, maxLength: 2 }),
                  shape: fc.nat(20),
                  eol,
                })
                .map(({ cells, more, shape, eol }) => ({
                  type: 'record' as const,
                  // Mostly as many cells as headers; now and then one short, or more.
                  cells: shape === 0 ? cells.slice(0, -1) : shape === 1 ? [...cells, ...more] : cells,
                  eol,
                })),
            },
            { weight: 1, arbitrary: fc.record({ type: fc.constant('filler' as const), text: fc.constantFrom(...FILLERS), eol }) },
          ),
          { maxLength: 12 },
        ),
      }),
    ),
  );
}

/** A cell as a CSV value: quoted when it must be (or just so), `"` doubled. */
function quoted(cell: string, always: boolean): string {
  return always || /[",\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

interface WrittenFile {
  text: string;
  /** Start offsets of the header and each record in `text`, in order. */
  starts: { offset: number; cells: string[] }[];
}

/** The file as well-formed CSV text, with where each record starts. */
function writeWellFormed(file: GeneratedFile, quoteAll: readonly boolean[]): WrittenFile {
  const canon = (s: string) => roundTrip(s, file.encoding);
  let text = file.extraBom ? '\ufeff' : '';
  const starts: WrittenFile['starts'] = [];
  const headerCells = file.header.map((h) => canon(h.text));
  starts.push({ offset: text.length, cells: headerCells });
  text += `${headerCells.map((c, i) => quoted(c, quoteAll[i % quoteAll.length] ?? false)).join(',')}\r\n`;
  file.lines.forEach((line, li) => {
    if (line.type === 'filler') {
      text += `${line.text}${line.eol}`;
      return;
    }
    const cells = line.cells.map(canon);
    starts.push({ offset: text.length, cells });
    text += `${cells.map((c, i) => quoted(c, quoteAll[(li + i) % quoteAll.length] ?? false)).join(',')}${line.eol}`;
  });
  return { text, starts };
}

/** 1-based line of an offset: line breaks before it, CRLF counted once. */
function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split(LINE_BREAK).length;
}

/**
 * Where parseImportFile says a record starts: its own line, or the first line of only spaces
 * and tabs before it since the row before (parseRows and splitPlainCsv step over truly empty
 * lines only).
 */
function reportedLine(text: string, offset: number): number {
  const own = lineAt(text, offset);
  const before = text.slice(0, offset).split(LINE_BREAK);
  before.pop(); // the record's own line, empty up to the offset
  let line = own;
  for (let i = before.length - 1; i >= 0; i--) {
    const l = before[i] ?? '';
    if (l === '') continue;
    if (/^[ \t\f]+$/.test(l)) line = i + 1;
    else break;
  }
  return line;
}

/** Malformed CSV: each cell written plainly, quoted, or with a quote left open or stray, spaces around. */
const cellWriting = fc.constantFrom('plain', 'plain', 'quoted', 'quoted', 'open', 'stray', 'after', 'spaced');
function writeMalformed(file: GeneratedFile, writings: readonly string[]): string {
  let n = 0;
  const write = (cell: string) => {
    const how = writings[n++ % writings.length] ?? 'plain';
    switch (how) {
      case 'quoted':
        return `"${cell.replace(/"/g, '""')}"`;
      case 'open':
        return `"${cell}`;
      case 'stray':
        return `${cell.slice(0, 1)}"${cell.slice(1)}`;
      case 'after':
        return `"${cell}"x`;
      case 'spaced':
        return ` "${cell.replace(/"/g, '""')}" `;
      default:
        return cell;
    }
  };
  let text = file.extraBom ? '\ufeff\ufeff' : '';
  text += `${file.header.map((h) => write(h.text)).join(',')}\r\n`;
  for (const line of file.lines) text += `${line.type === 'filler' ? line.text : line.cells.map(write).join(',')}${line.eol}`;
  return text;
}

const contextArb: fc.Arbitrary<ImportContext> = fc.oneof(
  fc.constant({}),
  fc.constant({ recordKinds: DEFAULT_RECORD_KINDS }),
  fc.constant({ recordKinds: [{ kind: '課題解決', subKinds: [] }] }),
);

// ---------------------------------------------------------------- properties

describe('parseImportFile never throws, and what it reports is sound', () => {
  test('arbitrary bytes', () => {
    const interesting = fc.constantFrom(
      0x22,
      0x2c,
      0x0a,
      0x0d,
      0x20,
      0x00,
      0x81,
      0x82,
      0x87,
      0x8e,
      0xa4,
      0xe3,
      0xef,
      0xbb,
      0xbf,
      0xff,
      0xfe,
    );
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), interesting), { maxLength: 600 }).map((a) => new Uint8Array(a)),
      // Behind a UTF-8 BOM, or the signatures of files that are no CSV.
      fc
        .tuple(
          fc.constantFrom([0xef, 0xbb, 0xbf], [0x50, 0x4b, 0x03, 0x04], [0xd0, 0xcf, 0x11, 0xe0], [0xff, 0xfe], [0xfe, 0xff], [0x1b]),
          fc.uint8Array({ maxLength: 300 }),
        )
        .map(([prefix, rest]) => new Uint8Array([...prefix, ...rest])),
    );
    fc.assert(
      fc.property(fc.constantFrom(...IMPORT_KIND_IDS), bytes, contextArb, (kind, b, context) => {
        parseSoundly(kind, b, context);
      }),
      params(400),
    );
  });

  test('arbitrary strings, in UTF-8, UTF-8 with BOM, Shift_JIS (CP932) and EUC-JP', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
      jaText(300),
    );
    fc.assert(
      fc.property(fc.constantFrom(...IMPORT_KIND_IDS), text, fc.constantFrom(...ENCODINGS), contextArb, (kind, t, encoding, context) => {
        parseSoundly(kind, encode(t, encoding), context);
      }),
      params(400),
    );
  });

  test("files of each kind's real headers and random cells, well formed: every record is a row or has an issue at its line", () => {
    fc.assert(
      fc.property(generatedFile(), fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), contextArb, (file, quoteAll, context) => {
        const written = writeWellFormed(file, quoteAll);
        const bytes = encode(written.text, file.encoding);
        const result = parseSoundly(file.kind, bytes, context);
        // Each record of the file, as the parser numbers it, and whether it is one (a blank one is skipped).
        const [header, ...records] = written.starts;
        const expectedRecords = records.filter((r) => !r.cells.every((c) => isBlank(c))).map((r) => reportedLine(written.text, r.offset));
        const issueLines = new Set(result.issues.flatMap((i) => (i.line === null ? [] : [i.line])));
        expect(result.rows.length + [...issueLines].filter((l) => expectedRecords.includes(l)).length).toBeLessThanOrEqual(
          expectedRecords.length,
        );
        for (const row of result.rows) expect(expectedRecords).toContain(row.line);
        // Issues are of the header or of a record.
        const headerLine = header ? reportedLine(written.text, header.offset) : 1;
        for (const line of issueLines) expect([headerLine, ...expectedRecords]).toContain(line);
        // Read as written (detection may take a file for another encoding that decodes it
        // alike, such as ASCII for UTF-8), with a usable header: no record is lost.
        const decoded = decodeCsvBytes(bytes).text.replace(/^\ufeff/, '');
        if (decoded === written.text.replace(/^\ufeff/, '') && headerUsable(file.kind, file.header)) {
          const accounted = new Set([...result.rows.map((r) => r.line), ...[...issueLines].filter((l) => l !== headerLine)]);
          expect(accounted).toEqual(new Set(expectedRecords));
        }
      }),
      params(300),
    );
  });

  test("files of each kind's real headers with broken quoting, stray BOMs, or cut at a random byte", () => {
    fc.assert(
      fc.property(
        generatedFile(),
        fc.array(cellWriting, { minLength: 1, maxLength: 9 }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        contextArb,
        (file, writings, cut, context) => {
          const bytes = encode(writeMalformed(file, writings), file.encoding);
          parseSoundly(file.kind, cut === undefined ? bytes : bytes.subarray(0, Math.floor(cut * bytes.length)), context);
        },
      ),
      params(300),
    );
  });

  test('very long cells (up to 100,000 characters) in a file of each kind', () => {
    const file = fc.constantFrom(...IMPORT_KIND_IDS).chain((kind) => {
      const columns = IMPORT_KINDS[kind].columns as readonly ImportColumn[];
      return fc.record({
        kind: fc.constant(kind),
        cells: fc.tuple(...columns.map((c) => typicalCell(kind, c))),
        long: fc.record({ at: fc.nat(columns.length - 1), cell: longCell(50_000), quote: fc.boolean() }),
        encoding: fc.constantFrom(...ENCODINGS),
      });
    });
    fc.assert(
      fc.property(file, ({ kind, cells, long, encoding }) => {
        const columns = IMPORT_KINDS[kind].columns;
        const record = cells.map((c, i) => (i === long.at ? quoted(long.cell, long.quote) : quoted(c, false)));
        const text = `${columns.map((c) => c.header).join(',')}\r\n${record.join(',')}\r\n`;
        parseSoundly(kind, encode(text, encoding));
      }),
      params(12),
    );
  });

  test('byte-level mutations of well-formed files: bytes inserted, dropped, replaced', () => {
    const mutation = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      op: fc.constantFrom('insert', 'delete', 'replace'),
      byte: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x22, 0x2c, 0x0a, 0x0d, 0x81, 0xef)),
    });
    fc.assert(
      fc.property(generatedFile(), fc.array(mutation, { minLength: 1, maxLength: 5 }), (file, mutations) => {
        const bytes = [...encode(writeWellFormed(file, [false]).text, file.encoding)];
        for (const { at, op, byte } of mutations) {
          const i = Math.floor(at * bytes.length);
          if (op === 'insert') bytes.splice(i, 0, byte);
          else if (op === 'delete') bytes.splice(i, 1);
          else if (bytes.length > 0) bytes[Math.min(i, bytes.length - 1)] = byte;
        }
        parseSoundly(file.kind, new Uint8Array(bytes));
      }),
      params(300),
    );
  });
});

describe('readImportFile streams what parseImportFile returns', () => {
  test('rows after the last restart are the rows; the first issue is told once, and only for a bad file', () => {
    const anyFile = fc.oneof(
      generatedFile().chain((file) =>
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }).map((q) => encode(writeWellFormed(file, q).text, file.encoding)),
      ),
      generatedFile().chain((file) =>
        fc.array(cellWriting, { minLength: 1, maxLength: 5 }).map((w) => encode(writeMalformed(file, w), file.encoding)),
      ),
      fc.uint8Array({ maxLength: 300 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...IMPORT_KIND_IDS), anyFile, contextArb, (kind, bytes, context) => {
        const events: string[] = [];
        let rows: { line: number; value: unknown }[] = [];
        let given = 0;
        let told = 0;
        const reading = readImportFile({
          kind,
          bytes,
          ...context,
          onRow: (line, value) => {
            rows.push({ line, value });
            given++;
            events.push('row');
          },
          onRestart: () => {
            // Only when something was given.
            expect(given + told).toBeGreaterThan(0);
            rows = [];
            given = 0;
            told = 0;
            events.push('restart');
          },
          onIssue: () => {
            told++;
            events.push('issue');
          },
        });
        const parsed = parseImportFile({ kind, bytes, ...context });
        expect(reading.encoding).toBe(parsed.encoding);
        expect(reading.issues).toStrictEqual(parsed.issues);
        expect(rows).toStrictEqual(parsed.rows);
        expect(told).toBe(parsed.issues.length > 0 ? 1 : 0);
        expect(events.filter((e) => e === 'restart').length).toBeLessThanOrEqual(1);
      }),
      params(300),
    );
  });
});
