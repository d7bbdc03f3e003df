/**
 * 【取組実施工程表】 as a year grid: one column per fiscal year of the period, one grid
 * row per roadmap row, each item a bar spanning its first to its last year (a "→→→"
 * continuation is one bar). Years without an item stay empty.
 */
import { formatFiscalYear } from '../../domain/fiscal-calendar.js';
import type { RoadmapRow } from '../types.js';

interface RoadmapGridProps {
  rows: RoadmapRow[];
  /** The fiscal years of the plan's period. */
  years: number[];
}

export function RoadmapGrid({ rows, years }: RoadmapGridProps) {
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
      {rows.map((row, r) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are fixed by the plan and have no key of their own
        <div key={r} className="roadmap-grid roadmap-row" style={columns}>
          {years.map((y, i) => (
            <div key={y} className="roadmap-cell" style={{ gridColumn: i + 1, gridRow: 1 }} />
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
        </div>
      ))}
    </div>
  );
}

function yearSpan(from: number, to: number): string {
  return from === to ? formatFiscalYear(from) : `${formatFiscalYear(from)}〜${formatFiscalYear(to)}`;
}
