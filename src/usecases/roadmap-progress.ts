/**
 * 工程表の進み具合 of the chamber's current plan: every measure's roadmap rows, each item (bar)
 * with one entry per year of the plan it covers: the recorded status and note, what the entry
 * shows without one (src/domain/plan/roadmap-status.ts), whether it is late on `today` and why,
 * and the evidence linked to it. With `fiscalYear`, only the entries of that year (and the
 * items, rows and measures that have one).
 */
import type { Kysely } from 'kysely';
import { findChamberByCode, listPlans } from '../db/queries/chambers.js';
import {
  type EvidenceEvent,
  type EvidenceRecord,
  type LinkedEvidence,
  listRoadmapEvidence,
  listRoadmapItems,
  listRoadmapStatuses,
  type RoadmapItemRow,
  type RoadmapStatusRow,
} from '../db/queries/roadmap.js';
import type { Database } from '../db/schema.js';
import { type FiscalYear, fiscalYearOf, type IsoDate } from '../domain/fiscal-calendar.js';
import { pickCurrentPlan } from '../domain/plan/current-plan.js';
import { strategyLabel } from '../domain/plan/labels.js';
import {
  type LateReason,
  lateReason,
  ROADMAP_STATES,
  type RoadmapState,
  type RoadmapStatus,
  roadmapState,
} from '../domain/plan/roadmap-status.js';

export interface RoadmapEntryView {
  fiscalYear: FiscalYear;
  /** What staff recorded; null: nothing yet. */
  status: RoadmapStatus | null;
  /** What the entry shows. */
  state: RoadmapState;
  lateReason: LateReason | null;
  note: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
  evidence: { supportRecords: EvidenceRecord[]; events: EvidenceEvent[] };
}

export interface RoadmapItemView {
  id: number;
  firstYear: FiscalYear;
  lastYear: FiscalYear;
  text: string;
  entries: RoadmapEntryView[];
}

export interface RoadmapMeasureView {
  /** 共通戦略1 */
  strategy: string;
  strategyTitle: string;
  number: number;
  title: string;
  initiatives: { number: number; title: string; rows: { rowIndex: number; items: RoadmapItemView[] }[] }[];
}

export interface RoadmapProgress {
  chamber: { code: string; name: string };
  plan: { code: string; title: string; period: { from: FiscalYear; to: FiscalYear } };
  today: IsoDate;
  /** Today's fiscal year. */
  currentYear: FiscalYear;
  /** The year asked for; null: every year of the plan. */
  fiscalYear: FiscalYear | null;
  measures: RoadmapMeasureView[];
  /** Entries shown, by what they show, and how many of them are late. */
  counts: Record<RoadmapState, number>;
  late: number;
}

export interface RoadmapProgressOptions {
  db: Kysely<Database>;
  chamberCode: string;
  today: IsoDate;
  fiscalYear?: FiscalYear | undefined;
}

/** The chamber and its current plan (the one whose period holds today's year), or undefined. */
export async function currentPlanOf(db: Kysely<Database>, chamberCode: string, today: IsoDate) {
  const chamber = await findChamberByCode(db, chamberCode);
  if (!chamber) return undefined;
  const plan = pickCurrentPlan(await listPlans(db, chamber.id), fiscalYearOf(today));
  return plan ? { chamber, plan } : undefined;
}

const NO_EVIDENCE = { supportRecords: [], events: [] };

/** One year of an item, as the grid shows it. */
export function entryView(
  fiscalYear: FiscalYear,
  recorded: RoadmapStatusRow | undefined,
  evidence: LinkedEvidence | undefined,
  today: IsoDate,
): RoadmapEntryView {
  const status = recorded?.status ?? null;
  return {
    fiscalYear,
    status,
    state: roadmapState({ fiscalYear }, status, today),
    lateReason: lateReason({ fiscalYear }, status, today),
    note: recorded?.note ?? null,
    updatedBy: recorded?.updatedBy ?? null,
    updatedAt: recorded?.updatedAt ?? null,
    evidence: evidence ? { supportRecords: evidence.supportRecords, events: evidence.events } : NO_EVIDENCE,
  };
}

export const cellKey = (initiativeId: number, rowIndex: number, fiscalYear: number) => `${initiativeId}/${rowIndex}/${fiscalYear}`;

export async function roadmapProgress({
  db,
  chamberCode,
  today,
  fiscalYear,
}: RoadmapProgressOptions): Promise<RoadmapProgress | undefined> {
  const found = await currentPlanOf(db, chamberCode, today);
  if (!found) return undefined;
  const { chamber, plan } = found;
  const [items, statuses, evidence] = await Promise.all([
    listRoadmapItems(db, chamber.id, plan.id),
    listRoadmapStatuses(db, chamber.id, plan.id),
    listRoadmapEvidence(db, chamber.id, plan.id),
  ]);
  const statusOf = new Map(statuses.map((s) => [cellKey(s.initiativeId, s.rowIndex, s.fiscalYear), s]));
  const counts = Object.fromEntries(ROADMAP_STATES.map((s) => [s, 0])) as Record<RoadmapState, number>;
  let late = 0;

  const measures: RoadmapMeasureView[] = [];
  for (const item of items) {
    const entries = yearsOf(item, plan, fiscalYear).map((fy) => {
      const recorded = statusOf.get(cellKey(item.initiativeId, item.rowIndex, fy));
      const entry = entryView(fy, recorded, recorded && evidence.get(recorded.id), today);
      counts[entry.state] += 1;
      if (entry.lateReason !== null) late += 1;
      return entry;
    });
    if (entries.length === 0) continue;
    const measure = lastOr(
      measures,
      (m) => m.number === item.measureNumber,
      () => ({
        strategy: strategyLabel({ kind: item.strategyKind, number: item.strategyNumber }),
        strategyTitle: item.strategyTitle,
        number: item.measureNumber,
        title: item.measureTitle,
        initiatives: [],
      }),
    );
    const initiative = lastOr(
      measure.initiatives,
      (i) => i.number === item.initiativeNumber,
      () => ({
        number: item.initiativeNumber,
        title: item.initiativeTitle,
        rows: [],
      }),
    );
    const row = lastOr(
      initiative.rows,
      (r) => r.rowIndex === item.rowIndex,
      () => ({ rowIndex: item.rowIndex, items: [] }),
    );
    row.items.push({ id: item.id, firstYear: item.firstYear, lastYear: item.lastYear, text: item.text, entries });
  }

  return {
    chamber: { code: chamber.code, name: chamber.name },
    plan: { code: plan.code, title: plan.title, period: { from: plan.firstYear, to: plan.lastYear } },
    today,
    currentYear: fiscalYearOf(today),
    fiscalYear: fiscalYear ?? null,
    measures,
    counts,
    late,
  };
}

/** The years of the plan an item covers (only `fiscalYear` when given). */
function yearsOf(item: RoadmapItemRow, plan: { firstYear: number; lastYear: number }, fiscalYear: FiscalYear | undefined): FiscalYear[] {
  const years: FiscalYear[] = [];
  for (let y = Math.max(item.firstYear, plan.firstYear); y <= Math.min(item.lastYear, plan.lastYear); y++) {
    if (fiscalYear === undefined || y === fiscalYear) years.push(y);
  }
  return years;
}

/** The list's last element when it matches (the items come in the plan's order), else a new one pushed. */
function lastOr<T>(list: T[], matches: (t: T) => boolean, make: () => T): T {
  const last = list.at(-1);
  if (last !== undefined && matches(last)) return last;
  const made = make();
  list.push(made);
  return made;
}
