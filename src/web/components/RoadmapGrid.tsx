/**
 * 【取組実施工程表】 as a year grid: one column per fiscal year of the period, one grid
 * row per roadmap row, each item a bar spanning its first to its last year (a "→→→"
 * continuation is one bar). Years without an item stay empty.
 *
 * With the items' entries (GET …/roadmap), plan and reality side by side: under each bar, one
 * button per year with what became of it (状況, 遅れ, 備考 and 根拠 marks); a click opens it.
 */
import { formatFiscalYear } from '../../domain/fiscal-calendar.js';
import { LATE_REASON_LABELS, ROADMAP_STATE_LABELS } from '../../domain/plan/roadmap-status.js';
import type { RoadmapEntryBody } from '../types.js';
import { RoadmapStateBadge } from './RoadmapStateBadge.js';

export interface RoadmapGridItem {
  firstYear: number;
  lastYear: number;
  text: string;
  /** With the progress: the item's id and one entry per year. */
  id?: number;
  entries?: RoadmapEntryBody[];
}

interface RoadmapGridProps {
  rows: { items: RoadmapGridItem[] }[];
  /** The fiscal years of the plan's period. */
  years: number[];
  /** A year's entry was clicked. */
  onEntry?: ((item: RoadmapGridItem, entry: RoadmapEntryBody) => void) | undefined;
}

export function RoadmapGrid({ rows, years, onEntry }: RoadmapGridProps) {
  const first = years[0];
  if (first === undefined || rows.length === 0) return null;
  const last = first + years.length - 1;
  const columns = { gridTemplateColumns: `repeat(${years.length}, minmax(0, 1fr))` };
  return (
    <div className="roadmap">
      <div className="roadmap-grid roadmap-head" style={columns}>
        {years.map((y) => (
          <div key={y} className="roadmap-year">
            {formatFiscalYear(y, 'short')}
          </div>
        ))}
      </div>
      {rows.map((row, r) => {
        const tracked = row.items.some((item) => item.entries !== undefined);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are fixed by the plan and have no key of their own
          <div key={r} className="roadmap-grid roadmap-row" style={columns}>
            {years.map((y, i) => (
              <div key={y} className="roadmap-cell" style={{ gridColumn: i + 1, gridRow: tracked ? '1 / 3' : 1 }} />
            ))}
            {row.items.map((item) => {
              const from = Math.max(item.firstYear, first);
              const to = Math.min(item.lastYear, last);
              if (from > to) return null;
              const start = from - first + 1;
              const end = to - first + 1;
              return (
                <div
                  key={`${item.firstYear}-${item.text}`}
                  className="roadmap-bar"
                  style={{ gridColumn: `${start} / ${end + 1}`, gridRow: 1 }}
                  data-first-year={item.firstYear}
                  data-last-year={item.lastYear}
                  title={yearSpan(item.firstYear, item.lastYear)}
                >
                  {item.text.split('\n').map((line, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text
                    <span key={i} className={line.startsWith('・') ? 'roadmap-line roadmap-bullet' : 'roadmap-line'}>
                      {line}
                    </span>
                  ))}
                </div>
              );
            })}
            {row.items.flatMap((item) =>
              (item.entries ?? []).map((entry) => (
                <EntryButton
                  key={`${item.firstYear}-${entry.fiscalYear}`}
                  item={item}
                  entry={entry}
                  column={entry.fiscalYear - first + 1}
                  onEntry={onEntry}
                />
              )),
            )}
          </div>
        );
      })}
    </div>
  );
}

function EntryButton({
  item,
  entry,
  column,
  onEntry,
}: {
  item: RoadmapGridItem;
  entry: RoadmapEntryBody;
  column: number;
  onEntry: RoadmapGridProps['onEntry'];
}) {
  const label = `${item.text.replace(/\s+/g, ' ')} ${formatFiscalYear(entry.fiscalYear, 'short')} ${ROADMAP_STATE_LABELS[entry.state]}`;
  const title = [
    `${formatFiscalYear(entry.fiscalYear)}: ${ROADMAP_STATE_LABELS[entry.state]}`,
    entry.lateReason ? `遅れ（${LATE_REASON_LABELS[entry.lateReason]}）` : null,
    entry.note,
    entry.evidenceCount > 0 ? `根拠 ${entry.evidenceCount}件` : null,
  ]
    .filter((t) => t !== null)
    .join('\n');
  return (
    <button
      type="button"
      className={`roadmap-entry${entry.lateReason ? ' roadmap-entry-late' : ''}`}
      style={{ gridColumn: column, gridRow: 2 }}
      onClick={onEntry ? () => onEntry(item, entry) : undefined}
      disabled={!onEntry}
      aria-label={label}
      title={title}
      data-item={item.id}
      data-year={entry.fiscalYear}
      data-state={entry.state}
    >
      <RoadmapStateBadge state={entry.state} />
      {entry.lateReason && <span className="roadmap-mark roadmap-mark-late">遅れ</span>}
      {entry.note && <span className="roadmap-mark">備考</span>}
      {entry.evidenceCount > 0 && <span className="roadmap-mark">根拠{entry.evidenceCount}</span>}
    </button>
  );
}

function yearSpan(from: number, to: number): string {
  return from === to ? formatFiscalYear(from) : `${formatFiscalYear(from)}〜${formatFiscalYear(to)}`;
}
