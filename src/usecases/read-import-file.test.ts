import { describe, expect, test } from 'vitest';
import type { ImportKind } from '../domain/import/kinds.js';
import { parseImportFile } from '../domain/import/parse-import-file.js';
import { DEFAULT_RECORD_KINDS } from '../domain/records/record-kinds.js';
import { BATCH_ROWS, type ReadEvent, readImportFileEvents } from './read-import-file.js';
import { BatchDecoder, BatchEncoder } from './row-batch-codec.js';

describe('row batches between threads', () => {
  test('every value comes back as it went, through dictionaries that grow and one that overflows', () => {
    const encoder = new BatchEncoder(5);
    const decoder = new BatchDecoder(5);
    let seen = 0;
    for (let batch = 0; batch < 4; batch++) {
      const rows = Array.from({ length: 3000 }, (_, i) => {
        const n = batch * 3000 + i;
        return [
          n % 7 === 0 ? undefined : `kind${n % 5}`, // few strings, some absent
          `id${n}`, // a new string every row: overflows its dictionary in the second batch
          n % 3 === 0 ? undefined : n / 4, // numbers, some absent, fractions
          n % 2 === 0 ? ['A', `B${n}`] : [], // lists
          n % 11 === 0 ? 0 : n % 13 === 0 ? 'mixed' : undefined, // strings and numbers in one column
        ];
      });
      const lines = rows.map((_, i) => seen + i + 2);
      const { batch: encoded, transfer } = encoder.encode(lines, rows);
      // As postMessage would: the typed arrays are moved, not shared.
      const moved = structuredClone(encoded, { transfer });
      const decoded = decoder.decode(moved, (values) => [...values]);
      expect(decoded.map((r) => r.line)).toEqual(lines);
      expect(decoded.map((r) => r.value)).toEqual(rows);
      seen += rows.length;
    }
  });
});

const recordKinds = DEFAULT_RECORD_KINDS;

async function collect<K extends ImportKind>(kind: K, bytes: Uint8Array, inWorker: boolean) {
  const rows: unknown[] = [];
  let done: Extract<ReadEvent<unknown>, { type: 'done' }> | undefined;
  let restarted = false;
  let issueTold = false;
  for await (const event of readImportFileEvents({ kind, bytes, recordKinds, inWorker })) {
    if (event.type === 'rows') rows.push(...event.rows);
    if (event.type === 'restart') {
      restarted = true;
      rows.length = 0;
    }
    if (event.type === 'issue') issueTold = true;
    if (event.type === 'done') done = event;
  }
  return { rows, reading: done?.reading, restarted, issueTold };
}

const header = '記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考';
const line = (i: number) =>
  `S${i},2024-05-${String(1 + (i % 28)).padStart(2, '0')},B${i % 50},課題解決,,${1 + (i % 3)},,経営指導員,メモ${i % 4 || ''}`;
const file = (lines: string[]) => new TextEncoder().encode(`${[header, ...lines].join('\n')}\n`);

describe('reading an import file in the reader thread', () => {
  test.each([
    ['a good file of several batches', Array.from({ length: 2 * BATCH_ROWS + 17 }, (_, i) => line(i))],
    [
      'bad rows among good ones',
      Array.from({ length: BATCH_ROWS + 40 }, (_, i) => (i % 1000 === 999 ? `S${i},2024-02-30,B1,課題解決,,1,,,` : line(i))),
    ],
    // A quote inside an unquoted cell partway: the fast CSV path gives up and all is read again.
    [
      'a file the fast CSV path gives up on partway',
      Array.from({ length: BATCH_ROWS + 40 }, (_, i) =>
        i === BATCH_ROWS + 20 ? `S${i},2024-05-01,B1,課題解決,,1,,経営"指導員,` : line(i),
      ),
    ],
  ])('%s: the same rows and issues as parseImportFile', async (_, lines) => {
    const bytes = file(lines);
    const expected = parseImportFile({ kind: 'support', bytes, recordKinds });
    const here = await collect('support', bytes, false);
    const there = await collect('support', bytes, true);
    for (const got of [here, there]) {
      expect(got.reading).toEqual({ encoding: expected.encoding, issues: expected.issues });
      expect(got.rows).toEqual(expected.rows);
      expect(got.issueTold).toBe(expected.issues.length > 0);
    }
    expect(here.restarted).toBe(false);
    // Only the worker hands rows on before the end, so only it must take them back.
    expect(there.restarted).toBe(lines.some((l) => l.includes('"')));
  });

  test('a file that is not CSV at all is an issue from either thread', async () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    for (const inWorker of [false, true]) {
      const got = await collect('support', xlsx, inWorker);
      expect(got.rows).toEqual([]);
      expect(got.reading?.encoding).toBeNull();
      expect(got.reading?.issues[0]?.message).toContain('Excel ブック');
    }
  });

  test('the reader thread is kept for the next file, and a writer that stops partway does not leave it stuck', async () => {
    const bytes = file(Array.from({ length: 12 * BATCH_ROWS }, (_, i) => line(i)));
    // Take two batches and leave: more batches than the worker may send ahead are still to come.
    let taken = 0;
    for await (const event of readImportFileEvents({ kind: 'support', bytes, recordKinds, inWorker: true })) {
      if (event.type === 'rows' && ++taken === 2) break;
    }
    const next = await collect('support', file([line(1), line(2)]), true);
    expect(next.rows).toHaveLength(2);
    const again = await collect('support', file([line(3)]), true);
    expect(again.rows).toHaveLength(1);
  });
});
