/**
 * One ECharts chart in a div. ECharts is loaded on first use (its own chunk); the div carries
 * data-chart="drawn" once the chart has rendered, which the browser tests and the page-load
 * bench wait for.
 */

import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef } from 'react';

let loading: Promise<typeof import('./echarts.js')> | undefined;
/** Starts loading ECharts (once); call it as soon as a page with charts is known to come. */
export const loadEcharts = () => {
  loading ??= import('./echarts.js');
  return loading;
};

export function Chart({
  option,
  width,
  height,
  label,
  className,
}: {
  option: EChartsCoreOption;
  width?: number | undefined;
  height: number;
  /** What the chart shows, for screen readers (the figures are in the table beside it). */
  label: string;
  className?: string | undefined;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let disposed = false;
    let chart: import('echarts/core').ECharts | undefined;
    el.dataset.chart = 'loading';
    void loadEcharts().then(({ echarts }) => {
      if (disposed) return;
      chart = echarts.init(el, null, { renderer: 'svg' });
      chart.on('finished', () => {
        el.dataset.chart = 'drawn';
      });
      chart.setOption(option);
    });
    const resize = () => chart?.resize();
    window.addEventListener('resize', resize);
    return () => {
      disposed = true;
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
  }, [option]);
  return <div ref={ref} role="img" aria-label={label} className={className} style={{ width: width ?? '100%', height }} />;
}
