/**
 * Property-based tests (fast-check) of parsePlanFile: whatever text it is given, it returns a
 * plan or throws PLAN_FILE_INVALID with details that name where; nothing else escapes (no
 * TypeError from a half-checked value, no YAML library error, no stack overflow).
 *
 * The inputs are arbitrary text, YAML-shaped values, and mutations of the real にかほ plan
 * (lines dropped, doubled, swapped, re-indented, values replaced, the file cut), which keep
 * most of the file valid so that the checks deep inside the plan are reached.
 *
 * The runs are seeded so that CI is repeatable. To search further:
 *   PLAN_PROPERTY_SEED=$RANDOM PLAN_PROPERTY_RUNS=2000 npx vitest run src/domain/plan/parse-plan-file.property.test.ts
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { mutatedPlanArb, NIKAHO } from '../../test/plan-mutations.js';
import { DomainError } from '../errors.js';
import { parsePlanFile } from './parse-plan-file.js';

const SEED = Number(process.env.PLAN_PROPERTY_SEED ?? 20261202);
const RUNS = Number(process.env.PLAN_PROPERTY_RUNS ?? 0) || 200;

type Outcome = { ok: true } | { ok: false; error: DomainError };

/** The property every input must satisfy; returns what happened for the tests that count. */
function parseSoundly(source: string): Outcome {
  let plan: ReturnType<typeof parsePlanFile>;
  try {
    plan = parsePlanFile(source, 'mutated.yaml');
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    expect(e.code).toBe('PLAN_FILE_INVALID');
    expect(e.message).toContain('mutated.yaml');
    expect(e.details.length).toBeGreaterThan(0);
    for (const d of e.details) {
      expect(d.message.length).toBeGreaterThan(0);
      expect(d.location).toMatch(/^mutated\.yaml/);
    }
    return { ok: false, error: e };
  }
  // A plan that parses is whole: every KPI has a named target entry for every year of the period.
  expect(plan.period.from).toBeLessThanOrEqual(plan.period.to);
  const years = plan.period.to - plan.period.from + 1;
  for (const kpi of plan.strategies.flatMap((s) => s.measures.flatMap((m) => m.goals.flatMap((g) => g.kpis)))) {
    expect(kpi.name.length).toBeGreaterThan(0);
    expect(Object.keys(kpi.targets)).toHaveLength(years);
  }
  return { ok: true };
}

describe('parsePlanFile returns a plan or PLAN_FILE_INVALID, and nothing else', () => {
  test('the real plan parses', () => {
    expect(parseSoundly(NIKAHO)).toEqual({ ok: true });
  });

  test('arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
        parseSoundly(text);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  test('arbitrary YAML values, and plan-shaped objects with random leaves', () => {
    const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    const planShaped = fc.record({
      chamber: fc.oneof(fc.record({ code: leaf, name: leaf }), leaf),
      code: leaf,
      title: leaf,
      period: fc.oneof(fc.record({ from: fc.integer({ min: 1900, max: 2100 }), to: fc.integer({ min: 1900, max: 2100 }) }), leaf),
      baselineYear: fc.oneof(fc.integer({ min: 1900, max: 2100 }), leaf),
      strategies: fc.array(fc.dictionary(fc.constantFrom('kind', 'number', 'title', 'measures'), fc.oneof(leaf, fc.array(fc.object()))), {
        maxLength: 3,
      }),
    });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), planShaped), (value) => {
        // stringify gives undefined for undefined, a function or a symbol: no file at all.
        parseSoundly(stringify(value) ?? '');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  test('YAML that expands or nests without end', () => {
    const laughs = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 12; i++)
      laughs.push(
        `${'b'.repeat(i + 1)}: &${'b'.repeat(i + 1)} [${Array(10)
          .fill(`*${i === 0 ? 'a' : 'b'.repeat(i)}`)
          .join(',')}]`,
      );
    expect(parseSoundly(laughs.join('\n')).ok).toBe(false);
    expect(parseSoundly(`${'['.repeat(5000)}${']'.repeat(5000)}`).ok).toBe(false);
    expect(parseSoundly(`${'- '.repeat(3000)}x`).ok).toBe(false);
  });

  test(`mutations of the にかほ plan (${RUNS} runs): a plan, or errors that say where`, () => {
    let invalid = 0;
    fc.assert(
      fc.property(mutatedPlanArb, (text) => {
        if (!parseSoundly(text).ok) invalid++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The mutations reach both outcomes, or the property proved nothing about one of them.
    expect(invalid).toBeGreaterThan(0);
    expect(invalid).toBeLessThan(RUNS);
  });
});
