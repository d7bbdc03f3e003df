/**
 * The dashboard's small trend of a KPI: the baseline and the yearly actuals as bars (this
 * year's, still provisional, lighter; a 累計 KPI's as a line), the targets as a dashed line,
 * this year's projection as a diamond. Plain SVG: 21 ECharts instances on one page cost about
 * half a second to start on this machine (measured with bench/page-load.ts), for pictures of
 * six points each; the measure pages draw the full chart with ECharts.
 */
import type { TrendPoint } from '../types.js';

const W = 132;
const H = 34;
const PAD = 3;

export function Sparkline({
  points,
  cumulative,
  projection,
  label,
}: {
  points: readonly TrendPoint[];
  cumulative: boolean;
  projection: { fiscalYear: number; value: number } | null;
  label: string;
}) {
  const values = points.flatMap((p) => [p.actual, p.target]).concat(projection ? [projection.value] : []);
  const max = Math.max(1e-9, ...values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const step = (W - PAD * 2) / Math.max(1, points.length);
  const x = (i: number) => PAD + step * i + step / 2;
  const y = (v: number) => H - PAD - (Math.max(0, v) / max) * (H - PAD * 2);
  const line = (pick: (p: TrendPoint, i: number) => number | null) => {
    let d = '';
    let open = false;
    points.forEach((p, i) => {
      const v = pick(p, i);
      if (v === null) {
        open = false;
        return;
      }
      d += `${open ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      open = true;
    });
    return d;
  };
  const projectedAt = projection ? points.findIndex((p) => p.fiscalYear === projection.fiscalYear) : -1;
  return (
    <svg className="sparkline" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <title>{label}</title>
      {cumulative ? (
        <path d={line((p) => p.actual)} fill="none" stroke="#1c7ed6" strokeWidth={1.5} />
      ) : (
        points.map((p, i) =>
          p.actual === null ? null : (
            <rect
              key={p.fiscalYear}
              x={x(i) - 4}
              y={y(p.actual)}
              width={8}
              height={Math.max(0.5, H - PAD - y(p.actual))}
              className={`spark-bar spark-${p.status}`}
            />
          ),
        )
      )}
      <path
        d={line((p) => (p.status === 'baseline' ? null : p.target))}
        fill="none"
        stroke="#e8590c"
        strokeWidth={1}
        strokeDasharray="3 2"
      />
      {projection && projectedAt >= 0 && (
        <path
          d={`M${x(projectedAt)},${y(projection.value) - 3.5}l3.5,3.5l-3.5,3.5l-3.5,-3.5z`}
          fill="#fff"
          stroke="#1c7ed6"
          strokeWidth={1.5}
        />
      )}
    </svg>
  );
}
