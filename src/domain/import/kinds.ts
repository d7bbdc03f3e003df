/**
 * The six kinds of CSV import: for each, its Japanese name, its columns (the header staff
 * write, the field it fills, whether it is required, how it is written) and the row parser.
 * The column tables in docs/import.md are generated from these definitions (import-docs.test.ts).
 *
 * A row parser takes the cells of one record, keyed by header, and returns the typed row or
 * every problem of that row. Each cell is parsed by a zod schema whose messages are Japanese
 * and name the column: `日付: 「2024/13/1」は日付として読めません（例: …）`.
 *
 * Conventions, the same in every kind:
 * - A blank cell (spaces and 全角スペース count as blank) is a missing value; an absent
 *   optional column is the same as a column of blank cells.
 * - Text is normalised (normalizeText): trimmed, spaces collapsed, 全角英数 → 半角,
 *   半角カナ → 全角カナ. Codes get full NFKC (`Ａ－００１` → `A-001`).
 * - Dates: parseJapaneseDate (2024-04-01, 2024/4/1, R6.4.1, 令和6年4月1日, …).
 *   Fiscal years: parseFiscalYear (2024, R6, R6年度, 令和6年度). Numbers: parseNumber.
 * - A cell `'` followed by a value starting with = + - @ (what the export writes for such a
 *   value, against formula injection) is read without that `'` (formula-guard.ts).
 * - Periods include their first day and exclude their last (入会日 ≤ day < 退会日), so an end
 *   must come strictly after its start.
 */
import { z } from 'zod';
import { type FiscalYear, formatFiscalYear, type IsoDate, parseFiscalYear, parseJapaneseDate } from '../fiscal-calendar.js';
import { MUTUAL_AID_TYPES, type MutualAidType } from '../records/mutual-aid.js';
import { unguardFormula } from './formula-guard.js';
import type { ImportIssue } from './issues.js';
import { isBlank, KANA_ALLOWED, normalizeCode, normalizeText, parseInteger, parseNumber, splitList, toKatakana } from './normalize.js';

// ---------------------------------------------------------------- row types

/** 事業者: one row is one business, or one membership period of it (the same code may repeat). */
export interface BusinessRow {
  code: string;
  name: string;
  /** 全角カタカナ. */
  kana?: string;
  industry?: string;
  district?: string;
  employees?: number;
  foundedOn?: IsoDate;
  joinedOn?: IsoDate;
  /** Only with joinedOn, and after it. */
  leftOn?: IsoDate;
}

/** 統計値: an official figure for one fiscal year (商工業者数, …). */
export interface StatisticRow {
  fiscalYear: FiscalYear;
  item: string;
  value: number;
}

/** 支援記録: one support record (課題解決, 補助金申請, 施策提案, …). */
export interface SupportRecordRow {
  externalId?: string;
  date: IsoDate;
  /** Absent for records of the chamber itself. */
  businessCode?: string;
  kind: string;
  subKind?: string;
  /** ≥ 1; 1 when blank. */
  quantity: number;
  /** 千円. */
  amount?: number;
  staff?: string;
  /** Line breaks kept. */
  note?: string;
}

/** イベント: one event with its participants. */
export interface EventRow {
  externalId: string;
  date: IsoDate;
  name: string;
  category?: string;
  /** ≥ 0; 0 when blank. */
  visitors: number;
  /** 事業者コード, each once, in the order written. */
  participantCodes: string[];
}

/** 財務: the chamber's figures for one fiscal year, in 千円; at least one of them. */
export interface FinanceRow {
  fiscalYear: FiscalYear;
  membershipFees?: number;
  fees?: number;
  recurringIncome?: number;
}

// Defined with the screen's form (records/mutual-aid.ts), which the browser imports without this module.
export { MUTUAL_AID_TYPES, type MutualAidType } from '../records/mutual-aid.js';
/** Other names staff use for a type (keys compared after normalizeText). */
export const MUTUAL_AID_TYPE_ALIASES: Readonly<Record<string, MutualAidType>> = { 商工貯蓄共済: '貯蓄共済' };

/** 共済: one subscription of a business. */
export interface MutualAidRow {
  businessCode: string;
  type: MutualAidType;
  joinedOn: IsoDate;
  /** After joinedOn. */
  leftOn?: IsoDate;
  /** 証券番号. */
  externalId?: string;
}

/** The row type of each kind. */
export interface ImportRowByKind {
  businesses: BusinessRow;
  statistics: StatisticRow;
  support: SupportRecordRow;
  events: EventRow;
  finances: FinanceRow;
  mutualAid: MutualAidRow;
}

export type ImportKind = keyof ImportRowByKind;
export type ImportRow = ImportRowByKind[ImportKind];

// ---------------------------------------------------------------- definitions

export interface ImportColumn<Field extends string = string> {
  /** The header as staff write it; matched after normalizeHeader. */
  header: string;
  field: Field;
  required: boolean;
  /** How the value is written, for the documentation: 日付, 整数（0以上）, … */
  format: string;
  description: string;
  /** An example value. */
  example: string;
}

export type ParseRowResult<Row> = { value: Row } | { issues: ImportIssue[] };

/**
 * What rows are checked against beyond their own cells: the chamber's vocabularies, loaded
 * by the caller. Each check is skipped when its vocabulary is not given.
 */
export interface ImportContext {
  /** The chamber's 種別 with their 区分 (record_kinds); 支援記録 must use these names. */
  recordKinds?: readonly { kind: string; subKinds: readonly string[] }[];
}

export interface ImportKindDefinition<K extends ImportKind = ImportKind> {
  kind: K;
  /** 事業者, 支援記録, … */
  name: string;
  /** What one row is, for the documentation. */
  description: string;
  columns: readonly ImportColumn<keyof ImportRowByKind[K] & string>[];
  /** Cells keyed by header (CsvRecord.cells); line for the issues. */
  parseRow(cells: Readonly<Record<string, string>>, line: number): ParseRowResult<ImportRowByKind[K]>;
  /**
   * parseRow with the cells given in the order of `columns`, undefined for a column the file
   * does not have: parseImportFile's way, which builds no object keyed by header per record.
   * The array is only read during the call.
   */
  parseValues(values: readonly (string | undefined)[], line: number): ParseRowResult<ImportRowByKind[K]>;
  /** Checks of a parsed row against the context (vocabularies); [] when it passes. */
  checkRow?(row: ImportRowByKind[K], context: ImportContext, line: number): ImportIssue[];
  /** Rows whose key is equal may not appear twice in a file; rows with an undefined key are not compared. */
  unique?: { columns: readonly string[]; key(row: ImportRowByKind[K]): string | undefined };
  /**
   * A row as the values of its fields in a fixed order and back: how a row crosses from the
   * thread that reads a file to the one that writes it (an array of values is three times
   * cheaper to pass between threads than an object with its keys).
   */
  toValues(row: ImportRowByKind[K]): unknown[];
  fromValues(values: readonly unknown[]): ImportRowByKind[K];
}

// ---------------------------------------------------------------- cells

/** A cell that does not read, with the message for the user. */
class CellFailure {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}
/** The value itself when the cell reads (no wrapper object per cell: a million rows have nine million cells). */
type CellResult<T> = T | CellFailure;
/** Reads a non-blank cell. */
type CellParser<T> = (raw: string) => CellResult<T>;

const ok = <T>(value: T): CellResult<T> => value;
const fail = (message: string): CellFailure => new CellFailure(message);
const failed = <T>(result: CellResult<T>): result is CellFailure => result instanceof CellFailure;

/** The cell as the user wrote it, for messages: normalised, at most 30 characters. */
function shown(raw: string): string {
  const chars = [...normalizeText(raw)];
  return `「${chars.length > 30 ? `${chars.slice(0, 30).join('')}…` : chars.join('')}」`;
}

const cellInput = z.string().optional();

/**
 * How one column's cell is read. `read` is the whole of what `schema` does to a string or
 * undefined; the schema is the general path, whose issues carry the messages, and `read` lets
 * a row whose cells all read well skip zod (see valuesParser).
 */
interface Cell<T> {
  schema: z.ZodType<T, string | undefined>;
  read(raw: string | undefined): CellResult<T>;
}

/**
 * A cell's value: blank, or read by `parse` once the `'` the export puts before a formula-like
 * value is taken off (unguardFormula, formula-guard.ts).
 */
function cellSchema<T>(parse: CellParser<T>, blank: () => CellResult<T>): Cell<T> {
  const read = (raw: string | undefined): CellResult<T> => {
    const cell = raw === undefined ? undefined : unguardFormula(raw);
    return cell === undefined || isBlank(cell) ? blank() : parse(cell);
  };
  const schema = cellInput.transform((raw, ctx): T => {
    const result = read(raw);
    if (!failed(result)) return result;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });
  return { schema, read };
}

const required = <T>(parse: CellParser<T>) => cellSchema(parse, () => fail('必須です（空欄になっています）'));
const optional = <T>(parse: CellParser<T>) => cellSchema<T | undefined>(parse, () => ok(undefined));
/** `value` makes the default afresh for each row (an array must not be shared between rows). */
const withDefault = <T>(parse: CellParser<T>, value: () => T) => cellSchema(parse, () => ok(value()));

const text: CellParser<string> = (raw) => ok(normalizeText(raw));
const multilineText: CellParser<string> = (raw) => ok(normalizeText(raw, { multiline: true }));
const code: CellParser<string> = (raw) => ok(normalizeCode(raw));

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written in ASCII digits raw[from, to), or -1 when one is not a digit. */
function asciiDigits(raw: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = raw.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * A cell written `2024-05-13`, `2024/5/13` or `2024.5.13` (ASCII digits, a month and a day of
 * one or two digits, one separator throughout) whose day exists, read as parseJapaneseDate
 * reads it; else undefined, and parseJapaneseDate has the last word. Such a cell needs none of
 * its work: NFKC and the removal of spaces leave it as it is and its western pattern matches;
 * the day is checked as isValidDateParts does (the Gregorian calendar of Date.UTC, whose years
 * 1–99 stand for 1901–1999, where the leap years fall alike) and written as toIsoDate writes
 * it, which for an ISO cell is the cell itself.
 */
function westernDate(raw: string): IsoDate | undefined {
  const length = raw.length;
  if (length < 8 || length > 10) return undefined;
  const separator = raw.charCodeAt(4);
  if (separator !== 0x2d && separator !== 0x2f && separator !== 0x2e) return undefined;
  const second = raw.charCodeAt(6) === separator ? 6 : raw.charCodeAt(7) === separator ? 7 : -1;
  if (second < 0 || length - second - 1 < 1 || length - second - 1 > 2) return undefined;
  const year = asciiDigits(raw, 0, 4);
  const month = asciiDigits(raw, 5, second);
  const day = asciiDigits(raw, second + 1, length);
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0))) return undefined;
  if (length === 10 && separator === 0x2d) return raw;
  return `${raw.slice(0, 4)}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * parseJapaneseDate, remembered for the cells westernDate does not read (`R6.5.13`,
 * `令和6年5月13日`): a file names the same few thousand days over and over, and the function
 * is pure. At most 10,000 cells are remembered at a time.
 */
const japaneseDates = new Map<string, IsoDate | null>();
function rememberedJapaneseDate(raw: string): IsoDate | undefined {
  let parsed = japaneseDates.get(raw);
  if (parsed === undefined) {
    if (japaneseDates.size >= 10_000) japaneseDates.clear();
    parsed = parseJapaneseDate(raw) ?? null;
    japaneseDates.set(raw, parsed);
  }
  return parsed ?? undefined;
}

const DATE_EXAMPLES = '例: 2024-04-01, 2024/4/1, R6.4.1, 令和6年4月1日';
const date: CellParser<IsoDate> = (raw) => {
  const parsed = westernDate(raw) ?? rememberedJapaneseDate(raw);
  if (parsed) return ok(parsed);
  const serial = /^\d{5}(\.\d+)?$/.test(normalizeCode(raw))
    ? '。Excel の日付シリアル値は読めません。セルの表示形式を日付にしてから保存してください'
    : '';
  return fail(`${shown(raw)}は日付として読めません（${DATE_EXAMPLES}）${serial}`);
};

/** The first fiscal year a record can belong to: 明治 (和暦 names every year from then on). */
const FIRST_FISCAL_YEAR = 1868;

const fiscalYear: CellParser<FiscalYear> = (raw) => {
  const parsed = parseFiscalYear(raw);
  if (parsed === undefined) return fail(`${shown(raw)}は年度として読めません（例: 2024, R6, R6年度, 令和6年度）`);
  if (parsed < FIRST_FISCAL_YEAR) return fail(`${shown(raw)}は年度として古すぎます（${FIRST_FISCAL_YEAR}年度（明治元年度）以降）`);
  return ok(parsed);
};

/**
 * A number has at most 15 digits before its decimal point, as Excel keeps them: beyond that it
 * is no figure anyone wrote, and sums of such numbers (support_monthly) would overflow a double.
 */
const MAX_NUMBER = 999_999_999_999_999;
/** The largest whole number (件数, 従業員数, 来場者数): the databases' integer column (32 bits on PostgreSQL). */
export const MAX_INTEGER = 2_147_483_647;

const NUMBER_EXAMPLES = '例: 1234, 1,234, 12.5, △12';
const number =
  (min?: number): CellParser<number> =>
  (raw) => {
    const value = parseNumber(raw);
    if (value === undefined || Number.isNaN(value)) return fail(`${shown(raw)}は数値として読めません（${NUMBER_EXAMPLES}）`);
    if (min !== undefined && value < min) return fail(`${shown(raw)}は${min}以上の数値にしてください`);
    if (Math.abs(value) > MAX_NUMBER) return fail(`${shown(raw)}は桁が多すぎます（整数部分は15桁までにしてください）`);
    return ok(value);
  };

const integer =
  (min: number): CellParser<number> =>
  (raw) => {
    const value = parseInteger(raw);
    if (value === undefined || Number.isNaN(value)) return fail(`${shown(raw)}は整数として読めません（例: ${min}, 12, 1,234）`);
    if (value < min) return fail(`${shown(raw)}は${min}以上の整数にしてください`);
    if (value > MAX_INTEGER) return fail(`${shown(raw)}は大きすぎます（2,147,483,647以下の整数にしてください）`);
    return ok(value);
  };

const kana: CellParser<string> = (raw) => {
  const value = toKatakana(raw);
  if (KANA_ALLOWED.test(value)) return ok(value);
  const bad = [...new Set([...value].filter((c) => !KANA_ALLOWED.test(c)))];
  return fail(`${shown(raw)}にフリガナに使えない文字（${bad.join(' ')}）があります。カタカナかひらがなで書いてください`);
};

const mutualAidType: CellParser<MutualAidType> = (raw) => {
  const value = normalizeText(raw);
  const type = MUTUAL_AID_TYPES.find((t) => t === value) ?? MUTUAL_AID_TYPE_ALIASES[value];
  if (type) return ok(type);
  const aliases = Object.entries(MUTUAL_AID_TYPE_ALIASES)
    .map(([alias, t]) => `${alias} は ${t} として読みます`)
    .join('、');
  return fail(`${shown(raw)}は選べません。${MUTUAL_AID_TYPES.join(', ')} のどれかを書いてください（${aliases}）`);
};

const codeList: CellParser<string[]> = (raw) => ok([...new Set(splitList(raw))]);

// ---------------------------------------------------------------- rows

type CellsOf<Row> = { [K in keyof Row]?: string | undefined };

/** The cell of each field of a row, in the order the row's fields are written. */
type RowCells<Row> = { [K in keyof Row]-?: Cell<Row[K]> };

/**
 * A row's cells and its zod schema (the object of the cells' schemas, plus `refine` for the
 * checks across columns). `direct`: no such check, so a row whose cells all read well is
 * valid, and valuesParser may build it without zod.
 */
interface RowSpec<Row> {
  cells: RowCells<Row>;
  schema: z.ZodType<Row, CellsOf<Row>>;
  direct: boolean;
}

function rowSpec<Row>(cells: RowCells<Row>, refine?: (schema: z.ZodType<Row, CellsOf<Row>>) => z.ZodType<Row, CellsOf<Row>>): RowSpec<Row> {
  const shape = Object.fromEntries(Object.entries<Cell<unknown>>(cells).map(([field, cell]) => [field, cell.schema]));
  // z.object of the cells' schemas: its output is Row field by field, which RowCells checks.
  const schema = z.object(shape) as unknown as z.ZodType<Row, CellsOf<Row>>;
  return { cells, schema: refine ? refine(schema) : schema, direct: !refine };
}

/** Runs a cross-column check only when none of `fields` failed on its own. */
const whenFieldsParsed =
  (...fields: string[]) =>
  (payload: { issues: readonly { path?: readonly PropertyKey[] | undefined }[] }) =>
    !payload.issues.some((issue) => fields.includes(String(issue.path?.[0])));

/** A period's end: strictly after its start (start ≤ day < end), and only with a start. */
function checkPeriod(
  row: { joinedOn?: IsoDate | undefined; leftOn?: IsoDate | undefined },
  ctx: z.RefinementCtx,
  labels: { start: string; end: string },
): void {
  if (row.leftOn === undefined) return;
  if (row.joinedOn === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['leftOn'],
      message: `${labels.start}が空欄です。${labels.end}を書くときは${labels.start}も書いてください`,
    });
  } else if (row.leftOn <= row.joinedOn) {
    ctx.addIssue({
      code: 'custom',
      path: ['leftOn'],
      message: `${labels.end}（${row.leftOn}）は${labels.start}（${row.joinedOn}）より後の日付にしてください`,
    });
  }
}

const businessRow = rowSpec<BusinessRow>(
  {
    code: required(code),
    name: required(text),
    kana: optional(kana),
    industry: optional(text),
    district: optional(text),
    employees: optional(integer(0)),
    foundedOn: optional(date),
    joinedOn: optional(date),
    leftOn: optional(date),
  },
  (schema) =>
    schema.superRefine((row, ctx) => checkPeriod(row, ctx, { start: '入会日', end: '退会日' }), {
      when: whenFieldsParsed('joinedOn', 'leftOn'),
    }),
);

const statisticRow = rowSpec<StatisticRow>({
  fiscalYear: required(fiscalYear),
  item: required(text),
  value: required(number()),
});

const supportRow = rowSpec<SupportRecordRow>({
  externalId: optional(code),
  date: required(date),
  businessCode: optional(code),
  kind: required(text),
  subKind: optional(text),
  quantity: withDefault(integer(1), () => 1),
  amount: optional(number(0)),
  staff: optional(text),
  note: optional(multilineText),
});

const eventRow = rowSpec<EventRow>({
  externalId: required(code),
  date: required(date),
  name: required(text),
  category: optional(text),
  visitors: withDefault(integer(0), () => 0),
  participantCodes: withDefault(codeList, () => []),
});

const financeRow = rowSpec<FinanceRow>(
  {
    fiscalYear: required(fiscalYear),
    membershipFees: optional(number(0)),
    fees: optional(number(0)),
    recurringIncome: optional(number(0)),
  },
  (schema) =>
    schema.superRefine(
      (row, ctx) => {
        if (row.membershipFees === undefined && row.fees === undefined && row.recurringIncome === undefined) {
          ctx.addIssue({ code: 'custom', path: [], message: '会費・手数料・経常収入のどれか1つ以上を書いてください' });
        }
      },
      { when: whenFieldsParsed('membershipFees', 'fees', 'recurringIncome') },
    ),
);

const mutualAidRow = rowSpec<MutualAidRow>(
  {
    businessCode: required(code),
    type: required(mutualAidType),
    joinedOn: required(date),
    leftOn: optional(date),
    externalId: optional(code),
  },
  (schema) =>
    schema.superRefine((row, ctx) => checkPeriod(row, ctx, { start: '加入日', end: '解約日' }), {
      when: whenFieldsParsed('joinedOn', 'leftOn'),
    }),
);

/**
 * A function building a row as one object literal, `(v) => ({ "externalId": v[0], "date": v[1], … })`,
 * with the fields in the given order. V8 allocates a literal whole, its fields inside the
 * object; the same object built key by key through a variable key takes V8's slow generic
 * stores and a second object for the fields past the fourth, which for a million rows costs
 * more than all the cells' parsing. The source holds nothing but the kind's own field names,
 * quoted by JSON.stringify.
 */
function literalBuilder<Row>(fields: readonly string[]): (values: readonly unknown[]) => Row {
  if (fields.includes('__proto__')) throw new Error('__proto__ is no field name');
  const properties = fields.map((field, i) => `${JSON.stringify(field)}: v[${i}]`).join(', ');
  try {
    return new Function('v', `return { ${properties} };`) as (values: readonly unknown[]) => Row;
  } catch {
    // Code from strings is disallowed (node --disallow-code-generation-from-strings): the
    // same object, key by key.
    return (values) => {
      const row: Record<string, unknown> = {};
      fields.forEach((field, i) => {
        row[field] = values[i];
      });
      return row as Row;
    };
  }
}

type ValuesParser<Row> = (values: readonly (string | undefined)[], line: number) => ParseRowResult<Row>;

/**
 * Cells in the order of `columns` → the row, or issues naming the column. A row whose cells
 * all read well is built straight from the cells' `read` (when the spec is `direct`): the
 * same functions the schema's transforms call, in the same order, into a plain object with
 * the same keys in the same order as zod's output. Any other row (a bad cell, a value that is
 * not a string) goes through the schema, which reports its issues.
 */
function valuesParser<Row>(columns: readonly ImportColumn<keyof Row & string>[], spec: RowSpec<Row>): ValuesParser<Row> {
  const headerOf = new Map<string, string>(columns.map((c) => [c.field, c.header]));
  const fields = Object.entries<Cell<unknown>>(spec.cells).map(([field, cell]) => {
    const at = columns.findIndex((c) => c.field === field);
    if (at < 0) throw new Error(`no column for the field ${field}`);
    return { field, cell, at };
  });

  const read: unknown[] = fields.map(() => undefined);
  const build = literalBuilder<Row>(fields.map((f) => f.field));
  const direct = (values: readonly (string | undefined)[]): Row | undefined => {
    for (let i = 0; i < fields.length; i++) {
      const { cell, at } = fields[i] as (typeof fields)[number];
      const raw = values[at];
      if (raw !== undefined && typeof raw !== 'string') return undefined;
      const result = cell.read(raw);
      if (failed(result)) return undefined;
      read[i] = result;
    }
    return build(read);
  };

  const general: ValuesParser<Row> = (values, line) => {
    const input: CellsOf<Row> = {};
    columns.forEach((column, i) => {
      input[column.field] = values[i];
    });
    const result = spec.schema.safeParse(input, { error: () => '値を読み取れません' });
    if (result.success) return { value: result.data };
    return {
      issues: result.error.issues.map((issue): ImportIssue => {
        const column = headerOf.get(String(issue.path[0])) ?? null;
        return { line, column, message: column ? `${column}: ${issue.message}` : issue.message };
      }),
    };
  };

  if (!spec.direct) return general;
  return (values, line) => {
    const row = direct(values);
    return row === undefined ? general(values, line) : { value: row };
  };
}

/** 種別 must be one of the chamber's; 区分, when written, one of that 種別's. */
function checkRecordKind(row: SupportRecordRow, { recordKinds }: ImportContext, line: number): ImportIssue[] {
  if (!recordKinds) return [];
  const kind = recordKinds.find((k) => k.kind === row.kind);
  if (!kind) {
    const allowed = recordKinds.map((k) => k.kind).join(', ');
    return [{ line, column: '種別', message: `種別: 「${row.kind}」は種別一覧にありません。使える種別: ${allowed}` }];
  }
  if (row.subKind === undefined || kind.subKinds.includes(row.subKind)) return [];
  const allowed = kind.subKinds.length === 0 ? '区分のない種別です。空欄にしてください' : `使える区分: ${kind.subKinds.join(', ')}`;
  return [{ line, column: '区分', message: `区分: 「${row.subKind}」は種別「${row.kind}」の区分にありません。${allowed}` }];
}

/** Each kind's rows read by the schema alone (parseRowBySchema). */
const schemaParsers = new Map<ImportKind, ValuesParser<ImportRow>>();

function defineKind<K extends ImportKind>(
  definition: Omit<ImportKindDefinition<K>, 'parseRow' | 'parseValues' | 'toValues' | 'fromValues'>,
  spec: RowSpec<ImportRowByKind[K]>,
): ImportKindDefinition<K> {
  const parseValues = valuesParser(definition.columns, spec);
  const fields = Object.keys(spec.cells) as (keyof ImportRowByKind[K] & string)[];
  const fromValues = literalBuilder<ImportRowByKind[K]>(fields);
  const { columns } = definition;
  schemaParsers.set(definition.kind, valuesParser(columns, { ...spec, direct: false }) as ValuesParser<ImportRow>);
  return {
    ...definition,
    parseRow: (cells, line) =>
      parseValues(
        columns.map((c) => cells[c.header]),
        line,
      ),
    parseValues,
    toValues: (row) => fields.map((field) => row[field]),
    // A value that was absent stays undefined, as the rows' optional fields are.
    fromValues: (values) => fromValues(values),
  };
}

// ---------------------------------------------------------------- the kinds

const F = {
  text: '文字',
  code: 'コード（英数字など）',
  date: '日付',
  fiscalYear: '年度',
} as const;

export const IMPORT_KINDS: { readonly [K in ImportKind]: ImportKindDefinition<K> } = {
  businesses: defineKind(
    {
      kind: 'businesses',
      name: '事業者',
      description:
        '1行に1事業者。入会・退会をくり返した事業者は、同じ事業者コードで会員期間ごとに1行ずつ書きます（事業者名などは各行でそろえてください）。入会日のない行は会員でない事業者です。',
      columns: [
        {
          header: '事業者コード',
          field: 'code',
          required: true,
          format: F.code,
          description: '事業者を見分けるコード。',
          example: 'A0001',
        },
        { header: '事業者名', field: 'name', required: true, format: F.text, description: '屋号・法人名。', example: '㈱髙橋製作所' },
        {
          header: 'フリガナ',
          field: 'kana',
          required: false,
          format: 'カタカナ',
          description: 'ひらがな・半角カナも可（全角カタカナにして保存）。漢字は不可。',
          example: 'タカハシセイサクショ',
        },
        {
          header: '業種',
          field: 'industry',
          required: false,
          format: F.text,
          description: '製造業、建設業、小売業、サービス業 など。',
          example: '製造業',
        },
        { header: '地区', field: 'district', required: false, format: F.text, description: '地区名。', example: '象潟' },
        { header: '従業員数', field: 'employees', required: false, format: '整数（0以上）', description: '', example: '12' },
        { header: '創業日', field: 'foundedOn', required: false, format: F.date, description: '', example: 'S50.4.1' },
        { header: '入会日', field: 'joinedOn', required: false, format: F.date, description: '会員期間の初日。', example: '2010/4/1' },
        {
          header: '退会日',
          field: 'leftOn',
          required: false,
          format: F.date,
          description: '入会日より後。退会日当日から会員に数えません。入会日がないと誤り。',
          example: '令和6年3月31日',
        },
      ],
    },
    businessRow,
  ),

  statistics: defineKind(
    {
      kind: 'statistics',
      name: '統計値',
      description: '1行に1年度の1項目（商工業者数など、公的な統計の値）。同じ年度・項目は1行だけ。',
      columns: [
        { header: '年度', field: 'fiscalYear', required: true, format: F.fiscalYear, description: '', example: 'R6' },
        {
          header: '項目',
          field: 'item',
          required: true,
          format: F.text,
          description: 'KPI の算出方法（statistic）で使う名前。',
          example: '商工業者数',
        },
        { header: '値', field: 'value', required: true, format: '数値', description: '', example: '1,234' },
      ],
      unique: { columns: ['年度', '項目'], key: (row) => `${formatFiscalYear(row.fiscalYear)} ${row.item}` },
    },
    statisticRow,
  ),

  support: defineKind(
    {
      kind: 'support',
      name: '支援記録',
      description:
        '1行に1件の支援（課題解決、補助金申請、施策提案 など）。記録IDがある行は、同じ記録IDを2行に書けません。種別と区分は、商工会の種別一覧にある名前だけが使えます。',
      columns: [
        {
          header: '記録ID',
          field: 'externalId',
          required: false,
          format: F.code,
          description: '元の台帳の番号。あれば再取り込みで同じ記録と分かります。',
          example: 'S-2024-0001',
        },
        { header: '日付', field: 'date', required: true, format: F.date, description: '支援した日。', example: '2024/4/15' },
        {
          header: '事業者コード',
          field: 'businessCode',
          required: false,
          format: F.code,
          description: '支援先。商工会自身の記録（施策提案など）は空欄。',
          example: 'A0001',
        },
        {
          header: '種別',
          field: 'kind',
          required: true,
          format: F.text,
          description: '課題解決、補助金申請、施策提案 など、種別一覧にある名前。',
          example: '補助金申請',
        },
        {
          header: '区分',
          field: 'subKind',
          required: false,
          format: F.text,
          description: '種別の内訳（補助金申請なら持続化補助金 など）。内訳のない種別は空欄。',
          example: '持続化補助金',
        },
        { header: '件数', field: 'quantity', required: false, format: '整数（1以上）', description: '空欄は 1。', example: '1' },
        {
          header: '金額（千円）',
          field: 'amount',
          required: false,
          format: '数値（千円、0以上）',
          description: '補助金の採択額など。',
          example: '1,500',
        },
        { header: '担当者', field: 'staff', required: false, format: F.text, description: '', example: '佐藤' },
        { header: '備考', field: 'note', required: false, format: '文字（改行可）', description: '', example: '第15回で採択' },
      ],
      unique: { columns: ['記録ID'], key: (row) => row.externalId },
      checkRow: checkRecordKind,
    },
    supportRow,
  ),

  events: defineKind(
    {
      kind: 'events',
      name: 'イベント',
      description: '1行に1イベント（商談会、セミナー など）。同じイベントIDを2行に書けません。',
      columns: [
        {
          header: 'イベントID',
          field: 'externalId',
          required: true,
          format: F.code,
          description: 'イベントを見分けるコード。',
          example: 'E-2024-01',
        },
        { header: '日付', field: 'date', required: true, format: F.date, description: '開催日（複数日なら初日）。', example: 'R6.10.5' },
        { header: '名称', field: 'name', required: true, format: F.text, description: '', example: 'にかほ市ビジネス商談会' },
        { header: '区分', field: 'category', required: false, format: F.text, description: '商談会、セミナー など。', example: '商談会' },
        { header: '来場者数', field: 'visitors', required: false, format: '整数（0以上）', description: '空欄は 0。', example: '350' },
        {
          header: '参加事業者コード',
          field: 'participantCodes',
          required: false,
          format: 'コードの並び',
          description: '「、」「,」「・」「;」「/」または空白で区切る。同じコードは1つにまとめます。',
          example: 'A0001、A0002、A0015',
        },
      ],
      unique: { columns: ['イベントID'], key: (row) => row.externalId },
    },
    eventRow,
  ),

  finances: defineKind(
    {
      kind: 'finances',
      name: '財務',
      description: '1行に1年度。金額は千円単位で、会費・手数料・経常収入のどれか1つ以上を書きます。同じ年度は1行だけ。',
      columns: [
        { header: '年度', field: 'fiscalYear', required: true, format: F.fiscalYear, description: '', example: '令和6年度' },
        { header: '会費', field: 'membershipFees', required: false, format: '数値（千円、0以上）', description: '', example: '8,400' },
        { header: '手数料', field: 'fees', required: false, format: '数値（千円、0以上）', description: '', example: '1,250' },
        {
          header: '経常収入',
          field: 'recurringIncome',
          required: false,
          format: '数値（千円、0以上）',
          description: '',
          example: '52,300',
        },
      ],
      unique: { columns: ['年度'], key: (row) => formatFiscalYear(row.fiscalYear) },
    },
    financeRow,
  ),

  mutualAid: defineKind(
    {
      kind: 'mutualAid',
      name: '共済',
      description: '1行に1件の共済加入。証券番号がある行は、同じ証券番号を2行に書けません。',
      columns: [
        {
          header: '事業者コード',
          field: 'businessCode',
          required: true,
          format: F.code,
          description: '加入した事業者。',
          example: 'A0001',
        },
        {
          header: '種類',
          field: 'type',
          required: true,
          format: `${MUTUAL_AID_TYPES.join(' / ')}`,
          description: '「商工貯蓄共済」は「貯蓄共済」として読みます。',
          example: '福祉共済',
        },
        { header: '加入日', field: 'joinedOn', required: true, format: F.date, description: '', example: '2020/6/1' },
        {
          header: '解約日',
          field: 'leftOn',
          required: false,
          format: F.date,
          description: '加入日より後。解約日当日から加入者に数えません。',
          example: '',
        },
        { header: '証券番号', field: 'externalId', required: false, format: F.code, description: '', example: '123-456789' },
      ],
      unique: { columns: ['証券番号'], key: (row) => row.externalId },
    },
    mutualAidRow,
  ),
};

/**
 * parseRow by the zod schema alone, never the direct path: the general path, for the tests
 * that check the direct path reads every row the same.
 */
export function parseRowBySchema<K extends ImportKind>(
  kind: K,
  cells: Readonly<Record<string, string>>,
  line: number,
): ParseRowResult<ImportRowByKind[K]> {
  const parse = schemaParsers.get(kind) as ValuesParser<ImportRowByKind[K]>;
  return parse(
    IMPORT_KINDS[kind].columns.map((c) => cells[c.header]),
    line,
  );
}

/** In the order the documentation lists them. */
export const IMPORT_KIND_IDS: readonly ImportKind[] = ['businesses', 'statistics', 'support', 'events', 'finances', 'mutualAid'];

/** A kind by its code name (`support`) or its Japanese name (`支援記録`), as a CLI argument. */
export function findImportKind(name: string): ImportKind | undefined {
  const s = normalizeText(name);
  return IMPORT_KIND_IDS.find((kind) => kind === s || IMPORT_KINDS[kind].name === s);
}

export function isImportKind(value: string): value is ImportKind {
  return Object.hasOwn(IMPORT_KINDS, value);
}
