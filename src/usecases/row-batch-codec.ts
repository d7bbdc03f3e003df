/**
 * Rows cross from the import's reader thread to its writer as columns, not as one array per
 * row: passing a million rows of nine values as arrays spent about two seconds of the writer
 * thread's time in deserializing them (and in the garbage they left), the largest cost of a
 * bulk load after SQLite's own (bench/import-and-kpi.ts).
 *
 * A column of few distinct strings (種別, 区分, 日付, 担当者) goes as an Int32Array of codes
 * into a dictionary that both sides grow batch by batch, a column of numbers as a
 * Float64Array; both cross without a copy. Anything else (記録ID, 事業者コード: too many
 * distinct values to be worth a dictionary; lists) goes as plain values.
 */

/** A column stops growing its dictionary at this many entries and goes as plain values. */
const MAX_DICTIONARY = 4096;
const ABSENT = -1;

export type EncodedColumn =
  | { type: 'codes'; codes: Int32Array; added: string[] }
  | { type: 'numbers'; values: Float64Array; absent: Uint8Array }
  | { type: 'values'; values: unknown[] };

export interface EncodedBatch {
  lines: Int32Array;
  columns: EncodedColumn[];
}

/** The reader's side: its dictionaries, kept from batch to batch of one file. */
export class BatchEncoder {
  private readonly dictionaries: (Map<string, number> | null)[];

  constructor(width: number) {
    this.dictionaries = Array.from({ length: width }, () => new Map<string, number>());
  }

  encode(lines: readonly number[], rows: readonly (readonly unknown[])[]): { batch: EncodedBatch; transfer: ArrayBuffer[] } {
    const transfer: ArrayBuffer[] = [];
    const lineArray = Int32Array.from(lines);
    transfer.push(lineArray.buffer);
    const columns = this.dictionaries.map((_, c): EncodedColumn => {
      const column = this.encodeColumn(c, rows);
      if (column.type === 'codes') transfer.push(column.codes.buffer as ArrayBuffer);
      if (column.type === 'numbers') transfer.push(column.values.buffer as ArrayBuffer, column.absent.buffer as ArrayBuffer);
      return column;
    });
    return { batch: { lines: lineArray, columns }, transfer };
  }

  private encodeColumn(c: number, rows: readonly (readonly unknown[])[]): EncodedColumn {
    const n = rows.length;
    let strings = true;
    let numbers = true;
    for (let r = 0; r < n && (strings || numbers); r++) {
      const v = rows[r]?.[c];
      if (v === undefined) continue;
      if (typeof v !== 'string') strings = false;
      if (typeof v !== 'number') numbers = false;
    }
    const dictionary = this.dictionaries[c];
    if (strings && dictionary) {
      const codes = new Int32Array(n);
      const added: string[] = [];
      for (let r = 0; r < n; r++) {
        const v = rows[r]?.[c] as string | undefined;
        if (v === undefined) {
          codes[r] = ABSENT;
          continue;
        }
        let code = dictionary.get(v);
        if (code === undefined) {
          if (dictionary.size >= MAX_DICTIONARY) {
            // Too many distinct values: this column goes as plain values from now on (the
            // writer's dictionary keeps what it has; this batch's `added` is not sent).
            this.dictionaries[c] = null;
            return plain(c, rows);
          }
          code = dictionary.size;
          dictionary.set(v, code);
          added.push(v);
        }
        codes[r] = code;
      }
      return { type: 'codes', codes, added };
    }
    if (numbers) {
      const values = new Float64Array(n);
      const absent = new Uint8Array(n);
      for (let r = 0; r < n; r++) {
        const v = rows[r]?.[c] as number | undefined;
        if (v === undefined) absent[r] = 1;
        else values[r] = v;
      }
      return { type: 'numbers', values, absent };
    }
    return plain(c, rows);
  }
}

function plain(c: number, rows: readonly (readonly unknown[])[]): EncodedColumn {
  return { type: 'values', values: rows.map((row) => row[c]) };
}

/** The writer's side: the same dictionaries, grown from each batch's additions. */
export class BatchDecoder {
  private readonly dictionaries: string[][];

  constructor(width: number) {
    this.dictionaries = Array.from({ length: width }, () => []);
  }

  /** Each row's values in column order, handed to `row` through one reused array. */
  decode<Row>(batch: EncodedBatch, row: (values: readonly unknown[]) => Row): { line: number; value: Row }[] {
    const { columns } = batch;
    columns.forEach((column, c) => {
      if (column.type === 'codes') for (const s of column.added) this.dictionaries[c]?.push(s);
    });
    const n = batch.lines.length;
    const width = columns.length;
    const values = new Array<unknown>(width);
    const rows: { line: number; value: Row }[] = new Array(n);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < width; c++) {
        const column = columns[c] as EncodedColumn;
        if (column.type === 'codes') {
          const code = column.codes[r] as number;
          values[c] = code === ABSENT ? undefined : this.dictionaries[c]?.[code];
        } else if (column.type === 'numbers') values[c] = column.absent[r] ? undefined : column.values[r];
        else values[c] = column.values[r];
      }
      rows[r] = { line: batch.lines[r] as number, value: row(values) };
    }
    return rows;
  }
}
