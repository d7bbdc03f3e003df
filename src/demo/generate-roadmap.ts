/**
 * The demo's 工程表の進み具合: what a diligent にかほ-like 事務局 would have reported for each
 * entry of the plan's 工程表 up to `today`, deterministic for the same day and seed.
 *
 * - Closed years: mostly 実施済; a few 延期 and 未実施 with their reason; a few left without a
 *   report (未報告), so that the grid shows what is missing.
 * - This year: the further into the year, the more 実施済; many 実施中, a few 延期 and a few
 *   left 予定 (late from 下期 on), so that the dashboard has something, not everything, to show.
 * - Years not begun: nothing.
 */
import { type FiscalYear, fiscalYearOf, type IsoDate, parseIsoDate } from '../domain/fiscal-calendar.js';
import type { RoadmapStatus } from '../domain/plan/roadmap-status.js';
import { seededRandom } from './seeded-random.js';

export interface DemoRoadmapCell {
  initiativeId: number;
  rowIndex: number;
  fiscalYear: FiscalYear;
}

export interface DemoRoadmapStatus extends DemoRoadmapCell {
  status: RoadmapStatus;
  note: string | null;
}

const DONE_NOTES = ['計画どおり実施', '年2回開催', '参加 18事業者', '関係機関と連携して実施', null, null, null, null] as const;
const POSTPONED_NOTES = [
  '講師の都合により翌年度に延期',
  '関係機関との日程調整がつかず翌年度上期に延期',
  '感染症の拡大により翌年度に延期',
] as const;
const NOT_DONE_NOTES = ['感染症の拡大により中止', '参加希望がなく見送り（翌年度に手法を見直す）'] as const;
const IN_PROGRESS_NOTES = ['準備中（下期に開催予定）', '調査票を配布済み、回収中', '2回目を2月に予定', null] as const;

export function generateDemoRoadmap({
  cells,
  today,
  seed = 2022,
}: {
  cells: readonly DemoRoadmapCell[];
  today: IsoDate;
  seed?: number;
}): DemoRoadmapStatus[] {
  const r = seededRandom(seed + 7);
  const current = fiscalYearOf(today);
  const { month } = parseIsoDate(today);
  // Months of the fiscal year gone by: April 1 … March 12.
  const elapsed = ((month + 8) % 12) + 1;
  const out: DemoRoadmapStatus[] = [];
  for (const cell of cells) {
    if (cell.fiscalYear > current) continue;
    if (cell.fiscalYear < current) {
      const status = r.weighted<RoadmapStatus | null>([
        ['done', 84],
        ['postponed', 7],
        ['notDone', 4],
        [null, 5],
      ]);
      if (status === null) continue;
      const note = status === 'done' ? r.pick(DONE_NOTES) : status === 'postponed' ? r.pick(POSTPONED_NOTES) : r.pick(NOT_DONE_NOTES);
      out.push({ ...cell, status, note });
      continue;
    }
    const status = r.weighted<RoadmapStatus | null>([
      ['done', 6 * elapsed],
      ['inProgress', 70],
      ['postponed', 5],
      ['planned', 6],
      [null, 6],
    ]);
    if (status === null) continue;
    const note =
      status === 'done'
        ? r.pick(DONE_NOTES)
        : status === 'inProgress'
          ? r.pick(IN_PROGRESS_NOTES)
          : status === 'postponed'
            ? r.pick(POSTPONED_NOTES)
            : null;
    out.push({ ...cell, status, note });
  }
  return out;
}
