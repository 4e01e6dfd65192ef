import {
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartDataset, ChartOptions, ScaleOptions } from 'chart.js';
import type { ChartTheme } from './theme';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  Filler,
  Tooltip,
  Legend,
  Decimation,
);

/** A pre-parsed point: time (or simulated seconds) on x. */
export type Point = { x: number; y: number };

/** What differs between the pool charts; the rest of the setup is shared. */
export interface PoolChartParts {
  /** The time axis (its type is always linear). */
  x: Omit<ScaleOptions<'linear'>, 'type'>;
  /** Stack the worker series (the timeline's areas by state). */
  stackedWorkers: boolean;
  plugins: ChartOptions<'line'>['plugins'];
  onClick?: ChartOptions<'line'>['onClick'];
}

/**
 * A line chart of workers over time (left axis) with the backlog on its own right axis.
 * Data are pre-parsed points, without animation, since the charts redraw from store
 * subscriptions or explicit calls, never from React's render; hover picks the nearest x.
 * Colours come from `paintScales`.
 */
export function createPoolChart(
  canvas: HTMLCanvasElement,
  datasets: ChartDataset<'line', Point[]>[],
  parts: PoolChartParts,
): Chart<'line', Point[]> {
  return new Chart<'line', Point[]>(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { ...parts.x, type: 'linear' },
        y: {
          type: 'linear',
          stacked: parts.stackedWorkers,
          beginAtZero: true,
          title: { display: true, text: 'workers' },
          ticks: { precision: 0 },
        },
        backlog: {
          type: 'linear',
          position: 'right',
          beginAtZero: true,
          stacked: false,
          title: { display: true, text: 'backlog' },
          grid: { drawOnChartArea: false },
          ticks: { precision: 0 },
        },
      },
      plugins: parts.plugins,
      onClick: parts.onClick,
    },
  });
}

/** Colours every axis's grid, ticks and title from the theme (call `update` after). */
export function paintScales(chart: Chart<'line', Point[]>, theme: ChartTheme): void {
  for (const scale of Object.values(chart.options.scales ?? {})) {
    if (scale === undefined) continue;
    if (scale.grid) scale.grid.color = theme.grid;
    if (scale.ticks) scale.ticks.color = theme.text;
    if ('title' in scale && scale.title) scale.title.color = theme.text;
  }
}
