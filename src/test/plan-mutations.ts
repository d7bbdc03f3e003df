/**
 * Random changes to the real にかほ plan file for the property tests of the plan parser and
 * the plan import: lines dropped, doubled, swapped, re-indented, values replaced, random lines
 * inserted, the file cut. Most of the file stays valid, so the checks deep inside are reached.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';

export const NIKAHO = readFileSync(new URL('../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
const LINES = NIKAHO.split('\n');

/** One change to the lines of the plan file. */
const mutationArb: fc.Arbitrary<(lines: string[]) => string[]> = fc.oneof(
  fc.nat().map((i) => (lines: string[]) => lines.filter((_, j) => j !== i % lines.length)),
  fc.nat().map((i) => (lines: string[]) => {
    const at = i % lines.length;
    return [...lines.slice(0, at + 1), lines[at] ?? '', ...lines.slice(at + 1)];
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => (lines: string[]) => {
    const out = [...lines];
    const a = i % out.length;
    const b = j % out.length;
    [out[a], out[b]] = [out[b] ?? '', out[a] ?? ''];
    return out;
  }),
  // Re-indent a line by one or two spaces either way, or with a tab.
  fc.tuple(fc.nat(), fc.constantFrom(' ', '  ', '\t', '-1', '-2')).map(([i, how]) => (lines: string[]) => {
    const at = i % lines.length;
    const line = lines[at] ?? '';
    const changed = how.startsWith('-') ? line.slice(Number(how.slice(1))) : how + line;
    return lines.map((l, j) => (j === at ? changed : l));
  }),
  // Replace the value after a key's colon with something else.
  fc
    .tuple(
      fc.nat(),
      fc.oneof(
        fc.constantFrom(
          '',
          '-1',
          '0',
          '1e309',
          'null',
          '~',
          '[]',
          '{}',
          '"',
          "'",
          '&a',
          '*a',
          '!!binary x',
          '１２３',
          '1,200',
          'R6',
          '令和6年度',
        ),
        fc.string({ maxLength: 12 }),
        fc.double().map(String),
        fc.integer().map(String),
      ),
    )
    .map(([i, value]) => (lines: string[]) => {
      const candidates = lines.flatMap((l, j) => (/:\s*\S/.test(l) && !/^\s*#/.test(l) ? [j] : []));
      const at = candidates[i % candidates.length] ?? 0;
      return lines.map((l, j) => (j === at ? l.replace(/:\s*\S.*$/, `: ${value}`) : l));
    }),
  // Insert a random line.
  fc.tuple(fc.nat(), fc.string({ maxLength: 30 })).map(([i, text]) => (lines: string[]) => {
    const at = i % lines.length;
    return [...lines.slice(0, at), text, ...lines.slice(at)];
  }),
);

export const mutatedPlanArb = fc
  .tuple(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }))
  .map(([mutations, cut]) => {
    const text = mutations.reduce((lines, m) => m(lines), LINES).join('\n');
    return cut === undefined ? text : text.slice(0, Math.floor(cut * text.length));
  });
