/**
 * The 工程表 section of a 評価シート: per roadmap row of the measure's 取組内容, what was
 * planned for the fiscal year (the bar covering that year, or nothing) and its status.
 *
 * The status (予定 / 実施中 / 実施済 / 未実施 / 延期) comes from branch `roadmap`; until it is
 * merged it is null and the page leaves the column out. To connect it, fill `status` (and,
 * if wanted, `statusNote`) here from that branch's reading of roadmap statuses for
 * (measure, initiative, row, fiscal year); nothing else needs to change.
 */
import type { Kysely } from 'kysely';
import type { LoadedPlan } from '../../db/queries/load-plan.js';
import type { Database } from '../../db/schema.js';
import type { FiscalYear } from '../../domain/fiscal-calendar.js';

export interface RoadmapYearRow {
  initiative: { number: number; title: string };
  /** 0-based row of the initiative's roadmap. */
  row: number;
  /** The entry planned for the year (a bar that covers it), or null: nothing that year. */
  text: string | null;
  /** The bar began in an earlier year (→ in the plan): the year continues it. */
  continued: boolean;
  /** 予定 / 実施中 / 実施済 / 未実施 / 延期 once roadmap statuses exist; null until then. */
  status: string | null;
  statusNote: string | null;
}

export async function roadmapForYear(
  _db: Kysely<Database>,
  { loaded, measureNumber, fiscalYear }: { loaded: LoadedPlan; measureNumber: number; fiscalYear: FiscalYear },
): Promise<RoadmapYearRow[]> {
  const measure = loaded.plan.strategies.flatMap((s) => s.measures).find((m) => m.number === measureNumber);
  if (!measure) return [];
  return measure.initiatives.flatMap((initiative) =>
    initiative.roadmap.map((r, row): RoadmapYearRow => {
      const item = r.items.find((i) => i.firstYear <= fiscalYear && fiscalYear <= i.lastYear);
      return {
        initiative: { number: initiative.number, title: initiative.title },
        row,
        text: item?.text ?? null,
        continued: item !== undefined && item.firstYear < fiscalYear,
        status: null,
        statusNote: null,
      };
    }),
  );
}
