/**
 * 工程表の進み具合: what became of each entry of the 取組実施工程表 in each of its years, and
 * the rules a 事務局長 reads the plan by: what an entry without a report shows, which entries
 * are late (遅れ), and which carry over into next year's 事業計画 (繰越).
 *
 * An entry is one year of a roadmap item (a bar `[A, →, →]` has three entries: one per year).
 * Staff record a status per entry; nothing recorded is the common case and has a meaning too:
 *
 * | the entry's year         | nothing recorded shows | late when                                             |
 * | ------------------------ | ---------------------- | ----------------------------------------------------- |
 * | not yet begun (future)   | 予定                   | never (it has not begun)                              |
 * | this year, 上期 (4–9月)  | 予定                   | 未実施 or 延期                                        |
 * | this year, 下期 (10–3月) | 予定                   | 未実施 or 延期, or still 予定 (not started by 下期)   |
 * | ended (closed)           | 未報告                 | anything but 実施済 (未報告 included)                 |
 *
 * Why these:
 * - A closed year with nothing recorded shows 未報告, not 未実施: the system does not know that
 *   it was not done, only that nobody said. It counts as late all the same, so that the year's
 *   report (and the 評価委員会) is not made with holes in it.
 * - 実施中 in this year is never late: work is under way, and many entries (セミナー, 調査) run
 *   all year. At the year's end it is late unless it became 実施済.
 * - 予定 becomes late when 下期 begins (10月1日): half the year is gone and the entry has not
 *   started. Staff who hold it for 下期 on purpose set 実施中 (準備中) with a note.
 * - 3月31日 still belongs to the year (下期, so a 予定 is late); on 4月1日 the year is closed and
 *   everything not 実施済 is late, 未報告 included.
 *
 * Carry-over (繰越): the 未実施 and 延期 entries of a year are the ones next year's 事業計画 must
 * take up. 実施中 at the year's end is not carried over by itself: staff decide (実施済, or 延期
 * with a note); 未報告 is not either: it must be reported first.
 *
 * Pure: the fiscal calendar only; `today` is passed in. No zod (the dashboard's bundle uses it).
 */
import { type FiscalYear, fiscalYearOf, halfOf, type IsoDate } from '../fiscal-calendar.js';

/** The statuses staff record, in the order of the form. */
export const ROADMAP_STATUSES = ['planned', 'inProgress', 'done', 'notDone', 'postponed'] as const;
export type RoadmapStatus = (typeof ROADMAP_STATUSES)[number];

/** What an entry shows: its recorded status, or 未報告 for a closed year with none. */
export const ROADMAP_STATES = [...ROADMAP_STATUSES, 'unreported'] as const;
export type RoadmapState = (typeof ROADMAP_STATES)[number];

export const ROADMAP_STATE_LABELS: Readonly<Record<RoadmapState, string>> = {
  planned: '予定',
  inProgress: '実施中',
  done: '実施済',
  notDone: '未実施',
  postponed: '延期',
  unreported: '未報告',
};

/** Mantine colour names: grey waiting, blue moving, teal done, red not done, orange slipped, yellow to report. */
export const ROADMAP_STATE_COLORS: Readonly<Record<RoadmapState, string>> = {
  planned: 'gray',
  inProgress: 'blue',
  done: 'teal',
  notDone: 'red',
  postponed: 'orange',
  unreported: 'yellow',
};

export function isRoadmapStatus(value: string): value is RoadmapStatus {
  return (ROADMAP_STATUSES as readonly string[]).includes(value);
}

export type YearPhase = 'future' | 'current' | 'closed';

/** Whether a fiscal year has not begun, is under way, or has ended, on `today`. */
export function yearPhase(fiscalYear: FiscalYear, today: IsoDate): YearPhase {
  const current = fiscalYearOf(today);
  return fiscalYear > current ? 'future' : fiscalYear === current ? 'current' : 'closed';
}

/** One year of a roadmap item. */
export interface RoadmapEntry {
  fiscalYear: FiscalYear;
}

/** What the entry shows: the recorded status; with none, 予定 until its year ends and 未報告 after. */
export function roadmapState(entry: RoadmapEntry, status: RoadmapStatus | null, today: IsoDate): RoadmapState {
  if (status !== null) return status;
  return yearPhase(entry.fiscalYear, today) === 'closed' ? 'unreported' : 'planned';
}

/** Why an entry is late. */
export const LATE_REASONS = ['unreported', 'unfinished', 'notDone', 'postponed', 'notStarted'] as const;
export type LateReason = (typeof LATE_REASONS)[number];

export const LATE_REASON_LABELS: Readonly<Record<LateReason, string>> = {
  unreported: '年度が終わり、報告がありません',
  unfinished: '年度が終わり、実施済になっていません',
  notDone: '未実施',
  postponed: '延期',
  notStarted: '下期（10月）になっても予定のまま',
};

/** Why the entry is late on `today`, or null when it is not (see the table above). */
export function lateReason(entry: RoadmapEntry, status: RoadmapStatus | null, today: IsoDate): LateReason | null {
  const phase = yearPhase(entry.fiscalYear, today);
  if (phase === 'future' || status === 'done') return null;
  if (status === 'notDone' || status === 'postponed') return status;
  if (phase === 'closed') return status === null ? 'unreported' : 'unfinished';
  // This year: 予定 (recorded or not) from 下期 on; 実施中 is never late while the year runs.
  return status !== 'inProgress' && halfOf(today) === 'secondHalf' ? 'notStarted' : null;
}

export function isLate(entry: RoadmapEntry, status: RoadmapStatus | null, today: IsoDate): boolean {
  return lateReason(entry, status, today) !== null;
}

/** The statuses that carry an entry over into the next year's 事業計画. */
export const CARRY_OVER_STATUSES: readonly RoadmapStatus[] = ['notDone', 'postponed'];

export interface CarryOverEntry extends RoadmapEntry {
  status: RoadmapStatus | null;
  /** The last year of the entry's item (its bar): a later one means the plan continues it anyway. */
  lastYear: FiscalYear;
}

export type CarriedOver<E extends CarryOverEntry> = E & {
  /** The year that takes it up: the next one. */
  toYear: FiscalYear;
  /** The plan already has the item in `toYear` (its bar goes on): take it up there rather than add it. */
  continuesInPlan: boolean;
};

/**
 * The entries of `fiscalYear` that next year's 事業計画 must take up: those recorded 未実施 or
 * 延期, in the order given. For the annual plan (事業計画) of `fiscalYear + 1`; whether the
 * year has ended does not matter (the plan is drafted in 2–3月, before it does).
 */
export function carriedOver<E extends CarryOverEntry>(entries: readonly E[], fiscalYear: FiscalYear): CarriedOver<E>[] {
  return entries
    .filter((e) => e.fiscalYear === fiscalYear && e.status !== null && CARRY_OVER_STATUSES.includes(e.status))
    .map((e) => ({ ...e, toYear: fiscalYear + 1, continuesInPlan: e.lastYear > fiscalYear }));
}
