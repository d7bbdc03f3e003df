/**
 * The 工程表 section of a 評価シート: per roadmap row of the measure's 取組内容, what was
 * planned for the fiscal year (the bar covering that year, or nothing) and its status.
 *
 * The status is what staff recorded on the 工程表 (src/domain/plan/roadmap-status.ts): 予定,
 * 実施中, 実施済, 未実施 or 延期, and 未報告 for a closed year with nothing recorded; null for a
 * row with nothing planned that year.
 */
import type { Kysely } from 'kysely';
import type { LoadedPlan } from '../../db/queries/load-plan.js';
import { listRoadmapStatuses } from '../../db/queries/roadmap.js';
import type { Database } from '../../db/schema.js';
import type { FiscalYear, IsoDate } from '../../domain/fiscal-calendar.js';
import { ROADMAP_STATE_LABELS, roadmapState } from '../../domain/plan/roadmap-status.js';

export interface RoadmapYearRow {
  initiative: { number: number; title: string };
  /** 0-based row of the initiative's roadmap. */
  row: number;
  /** The entry planned for the year (a bar that covers it), or null: nothing that year. */
  text: string | null;
  /** The bar began in an earlier year (→ in the plan): the year continues it. */
  continued: boolean;
  /** 予定 / 実施中 / 実施済 / 未実施 / 延期 / 未報告; null when nothing was planned that year. */
  status: string | null;
  statusNote: string | null;
}

export async function roadmapForYear(
  db: Kysely<Database>,
  { loaded, measureNumber, fiscalYear, today }: { loaded: LoadedPlan; measureNumber: number; fiscalYear: FiscalYear; today: IsoDate },
): Promise<RoadmapYearRow[]> {
  const measure = loaded.plan.strategies.flatMap((s) => s.measures).find((m) => m.number === measureNumber);
  if (!measure) return [];
  const [initiatives, statuses] = await Promise.all([
    db
      .selectFrom('initiatives as i')
      .innerJoin('measures as m', 'm.id', 'i.measureId')
      .select(['i.id', 'i.number'])
      .where('i.chamberId', '=', loaded.chamberId)
      .where('i.planId', '=', loaded.planId)
      .where('m.number', '=', measureNumber)
      .execute(),
    listRoadmapStatuses(db, loaded.chamberId, loaded.planId),
  ]);
  const initiativeIds = new Map(initiatives.map((i) => [i.number, i.id]));
  const recorded = new Map(statuses.filter((r) => r.fiscalYear === fiscalYear).map((r) => [`${r.initiativeId}/${r.rowIndex}`, r]));
  return measure.initiatives.flatMap((initiative) =>
    initiative.roadmap.map((r, row): RoadmapYearRow => {
      const item = r.items.find((i) => i.firstYear <= fiscalYear && fiscalYear <= i.lastYear);
      const status = recorded.get(`${initiativeIds.get(initiative.number)}/${row}`);
      return {
        initiative: { number: initiative.number, title: initiative.title },
        row,
        text: item?.text ?? null,
        continued: item !== undefined && item.firstYear < fiscalYear,
        status: item ? ROADMAP_STATE_LABELS[roadmapState({ fiscalYear }, status?.status ?? null, today)] : null,
        statusNote: item ? (status?.note ?? null) : null,
      };
    }),
  );
}
