/**
 * A KPI's chart on its measure page: the baseline, the targets as a line, the actuals as bars
 * (a 累計 KPI's as a line), and this year's projected year-end value marked. The figures come
 * from the dashboard's response for today's year, shared with the other charts of the page.
 */
import { Text } from '@mantine/core';
import { useMemo } from 'react';
import { useProgress } from '../api.js';
import { Chart } from '../charts/Chart.js';
import { trendOption } from '../charts/trend-options.js';

export function KpiTrendChart({ chamber, code }: { chamber: string; code: string }) {
  const progress = useProgress(chamber, undefined);
  const row = progress.data?.rows.find((r) => r.code === code);
  const fiscalYear = progress.data?.fiscalYear;
  const option = useMemo(
    () =>
      row && fiscalYear !== undefined
        ? trendOption({
            points: row.trend,
            unit: row.unit,
            cumulative: row.cumulative,
            projection: row.projected !== null && row.projectionMethod !== 'final' ? { fiscalYear, value: row.projected } : null,
          })
        : null,
    [row, fiscalYear],
  );
  if (!row || !option) return null;
  return (
    <figure className="kpi-chart" data-kpi-chart={code}>
      <Chart option={option} height={220} label={`${row.name}の基準値・目標値・実績値の推移`} />
      {row.projectionNote && row.kind === 'flow' && row.projectionMethod !== 'final' && (
        <Text component="figcaption" size="xs" c="dimmed">
          ◇ 年度末の見込み: {row.projectionNote}
        </Text>
      )}
    </figure>
  );
}
