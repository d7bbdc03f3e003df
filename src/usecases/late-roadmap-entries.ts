/**
 * The dashboard's 遅れている取組: the 工程表 entries of one fiscal year (today's by default) that
 * are late on `today` (src/domain/plan/roadmap-status.ts lateReason), in the plan's order, each
 * with its measure and initiative so that the list links to the measure page. No evidence: the
 * list is for a glance, and a federation account reads it too.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { type FiscalYear, fiscalYearOf, type IsoDate } from '../domain/fiscal-calendar.js';
import type { LateReason, RoadmapState } from '../domain/plan/roadmap-status.js';
import { roadmapProgress } from './roadmap-progress.js';

export interface LateRoadmapEntry {
  itemId: number;
  fiscalYear: FiscalYear;
  measure: number;
  measureTitle: string;
  initiative: number;
  initiativeTitle: string;
  text: string;
  state: RoadmapState;
  lateReason: LateReason;
  note: string | null;
}

export interface LateRoadmapEntries {
  fiscalYear: FiscalYear;
  today: IsoDate;
  /** Entries of the year in the plan, late or not. */
  planned: number;
  entries: LateRoadmapEntry[];
}

export async function lateRoadmapEntries({
  db,
  chamberCode,
  fiscalYear,
  today,
}: {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear?: FiscalYear | undefined;
  today: IsoDate;
}): Promise<LateRoadmapEntries | undefined> {
  const year = fiscalYear ?? fiscalYearOf(today);
  const progress = await roadmapProgress({ db, chamberCode, today, fiscalYear: year });
  if (!progress) return undefined;
  const entries: LateRoadmapEntry[] = [];
  let planned = 0;
  for (const m of progress.measures)
    for (const i of m.initiatives)
      for (const r of i.rows)
        for (const item of r.items)
          for (const e of item.entries) {
            planned += 1;
            if (e.lateReason === null) continue;
            entries.push({
              itemId: item.id,
              fiscalYear: e.fiscalYear,
              measure: m.number,
              measureTitle: m.title,
              initiative: i.number,
              initiativeTitle: i.title,
              text: item.text,
              state: e.state,
              lateReason: e.lateReason,
              note: e.note,
            });
          }
  return { fiscalYear: year, today, planned, entries };
}
