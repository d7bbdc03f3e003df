/**
 * Property-based test (fast-check) of importPlan on both backends: a mutated にかほ plan file
 * (src/test/plan-mutations.ts) either loads, or fails with PLAN_FILE_INVALID and leaves every
 * table of the chamber, and the audit trail, as it was. A file that loads loads again without
 * a change.
 *
 * Seeded for CI; PLAN_PROPERTY_SEED / PLAN_PROPERTY_RUNS search further.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DomainError } from '../domain/errors.js';
import { snapshotChamberTables, type TestDb, testBackends } from '../test/databases.js';
import { mutatedPlanArb, NIKAHO } from '../test/plan-mutations.js';
import { importPlan } from './import-plan.js';

const SEED = Number(process.env.PLAN_PROPERTY_SEED ?? 20261202);
const RUNS = Number(process.env.PLAN_PROPERTY_RUNS ?? 0) || 30;

describe.each(await testBackends())('importPlan of mutated plan files on $name', (backend) => {
  let db: TestDb;
  const snapshot = () => snapshotChamberTables(db);

  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'plans/nikaho-2022.yaml', now: '2025-01-01T00:00:00Z' });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test(`a mutated plan loads whole, or fails with PLAN_FILE_INVALID and writes nothing (${RUNS} runs)`, async () => {
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(mutatedPlanArb, fc.boolean(), async (source, dryRun) => {
        const before = await snapshot();
        const options = { db: db.kysely, source, fileName: 'mutated.yaml', now: '2025-02-01T00:00:00Z', dryRun };
        let loaded = true;
        try {
          await importPlan(options);
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          // PLAN_FILE_INVALID from the parser, or a refusal of the store (e.g. another chamber's code).
          expect(e.details.length + e.message.length).toBeGreaterThan(0);
          loaded = false;
          invalid++;
        }
        if (!loaded || dryRun) {
          expect(await snapshot()).toEqual(before);
          return;
        }
        const after = await snapshot();
        const again = await importPlan({ ...options, now: '2025-03-01T00:00:00Z' });
        expect(again.changed).toBe(false);
        expect(await snapshot()).toEqual(after);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(invalid).toBeGreaterThan(0);
    expect(invalid).toBeLessThan(RUNS);
  }, 180_000);
});
