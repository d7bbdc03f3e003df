/**
 * A target as the tables show it: the one the year is rated against, and, where a revision made
 * it differ from the plan's original, 当初 under it (1,600 / （当初 1,740）). A revised target
 * carries its history as the cell's title (each decision: day, body, change, reason), and a mark
 * that says so on the screen and in print.
 */
import { formatFiscalYear, formatJapaneseDate } from '../../domain/fiscal-calendar.js';
import { formatTarget } from '../format.js';
import type { TargetYear } from '../types.js';

/** The revisions of a year as lines: 令和8年7月15日 評価委員会: 1,740 → 1,600（理由）. */
export function revisionLines(year: TargetYear): string[] {
  return year.revisions.map(
    (r) =>
      `${formatJapaneseDate(r.decidedOn)} ${r.decidedBy}: ${formatTarget(r.previous)} → ${formatTarget(r.value)}` +
      `${r.reason ? `（${r.reason}）` : ''}${r.afterYearEnd ? ' ※年度終了後の決定のため評価には使いません' : ''}`,
  );
}

/** The title of a revised target: 当初 and every decision; undefined when never revised. */
export function revisionTitle(year: TargetYear | undefined): string | undefined {
  if (!year || year.revisions.length === 0) return undefined;
  return [
    `${formatFiscalYear(year.fiscalYear, 'short')}の目標値の改訂（当初 ${formatTarget(year.original)}）`,
    ...revisionLines(year),
  ].join('\n');
}

interface TargetFigureProps {
  /** The target shown (rated against). */
  target: number | null | undefined;
  /** The year's history, when the plan has one for it. */
  year: TargetYear | undefined;
  /** The original when there is no history at hand (a dashboard row carries it). */
  original?: number | null | undefined;
}

export function TargetFigure({ target, year, original = year?.original }: TargetFigureProps) {
  const revised = original !== undefined && (original ?? null) !== (target ?? null);
  return (
    <span className={revised ? 'target-figure target-revised' : 'target-figure'} data-target-revised={revised || undefined}>
      <span className="target-value">{formatTarget(target)}</span>
      {revised && <span className="target-original">（当初 {formatTarget(original)}）</span>}
    </span>
  );
}
