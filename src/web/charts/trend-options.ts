/**
 * ECharts options for a KPI over the plan's years: the baseline and the actuals as bars (this
 * year's, still provisional, lighter), the targets as a dashed line. A 累計 KPI's actuals are
 * a running total, drawn as a line. (The dashboard's small version is components/Sparkline.tsx.)
 */
import type { EChartsCoreOption } from 'echarts/core';
import { formatActual, formatTarget } from '../format.js';
import type { TrendPoint } from '../types.js';

const ACTUAL = '#1c7ed6';
const PROVISIONAL = '#a5d8ff';
const BASELINE = '#adb5bd';
const TARGET = '#e8590c';
const PROJECTION = '#1c7ed6';

export interface TrendChartInput {
  points: readonly TrendPoint[];
  unit: string;
  cumulative: boolean;
  /** This year's projected year-end value, marked on its year. */
  projection?: { fiscalYear: number; value: number } | null | undefined;
}

export function trendOption({ points, unit, cumulative, projection }: TrendChartInput): EChartsCoreOption {
  const labels = points.map((p) => (p.status === 'baseline' ? `${p.label}（基準）` : p.label));
  const colorOf = (p: TrendPoint) => (p.status === 'baseline' ? BASELINE : p.status === 'provisional' ? PROVISIONAL : ACTUAL);
  const actualData = points.map((p) => ({ value: p.actual, itemStyle: { color: colorOf(p) } }));
  const projectionData = points.map((p) => (projection && p.fiscalYear === projection.fiscalYear ? projection.value : null));
  const fmt = (v: unknown) => (typeof v === 'number' ? `${formatActual(v, unit)}${unit}` : '—');
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    legend: { top: 0, data: ['実績値', '目標値', ...(projection ? ['年度末の見込み'] : [])] },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: { dataIndex: number }[]) => {
        const i = params[0]?.dataIndex ?? 0;
        const p = points[i];
        if (!p) return '';
        const rows = [`<b>${labels[i]}</b>`, `実績値 ${fmt(p.actual)}${p.status === 'provisional' ? '（今日まで）' : ''}`];
        if (p.status !== 'baseline') rows.push(`目標値 ${p.target === null ? formatTarget(null) : fmt(p.target)}`);
        const projected = projectionData[i];
        if (typeof projected === 'number') rows.push(`年度末の見込み ${fmt(projected)}`);
        return rows.join('<br>');
      },
    },
    xAxis: { type: 'category', data: labels, axisTick: { show: false }, axisLabel: { interval: 0 } },
    yAxis: { type: 'value', min: 0, splitLine: { lineStyle: { color: '#eee' } } },
    series: [
      cumulative
        ? {
            name: '実績値',
            type: 'line',
            data: actualData,
            symbolSize: 6,
            lineStyle: { color: ACTUAL, width: 2 },
            itemStyle: { color: ACTUAL },
            connectNulls: false,
          }
        : { name: '実績値', type: 'bar', data: actualData, barMaxWidth: 36 },
      {
        name: '目標値',
        type: 'line',
        data: points.map((p) => (p.status === 'baseline' ? null : p.target)),
        symbol: 'circle',
        lineStyle: { type: 'dashed', color: TARGET, width: 2 },
        itemStyle: { color: TARGET },
        connectNulls: false,
      },
      ...(projection
        ? [
            {
              name: '年度末の見込み',
              type: 'line',
              data: projectionData,
              symbol: 'diamond',
              symbolSize: 12,
              itemStyle: { color: '#fff', borderColor: PROJECTION, borderWidth: 2 },
              lineStyle: { opacity: 0 },
            },
          ]
        : []),
    ],
  };
}
