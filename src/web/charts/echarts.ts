/**
 * The parts of Apache ECharts the app draws with, and nothing else (bar and line charts, the
 * grid, tooltips, legends, the SVG renderer): imported on their own so that the
 * bundle carries only these, and loaded when the first chart is drawn (see Chart.tsx).
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { echarts };
