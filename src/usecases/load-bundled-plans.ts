/**
 * At start, every plan file shipped in plans/ is loaded for its chamber if that chamber
 * does not have it yet, so a newcomer's first `npm start` shows the plan. A plan already
 * in the database is left alone: changing it takes an explicit `shirube plan import`,
 * which records target revisions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { findChamberByCode, listPlans } from '../db/queries/chambers.js';
import type { Database } from '../db/schema.js';
import { parsePlanFile } from '../domain/plan/parse-plan-file.js';
import { importPlan } from './import-plan.js';

export interface LoadBundledPlansOptions {
  db: Kysely<Database>;
  dir: string;
  now: string;
}

export async function loadBundledPlans({ db, dir, now }: LoadBundledPlansOptions): Promise<string[]> {
  const loaded: string[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()) {
    const source = readFileSync(join(dir, name), 'utf8');
    const fileName = `plans/${name}`;
    const plan = parsePlanFile(source, fileName);
    const chamber = await findChamberByCode(db, plan.chamber.code);
    if (chamber && (await listPlans(db, chamber.id)).some((p) => p.code === plan.code)) continue;
    await importPlan({ db, source, fileName, now });
    loaded.push(`${plan.chamber.name}「${plan.title}」`);
  }
  return loaded;
}
