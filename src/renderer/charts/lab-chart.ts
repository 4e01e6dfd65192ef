import {
  Chart,
  Decimation,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
} from 'chart.js';
import type { ChartDataset } from 'chart.js';
import type { SimResult } from '../../shared/api/contract/sim';
import { readChartTheme } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, Decimation);

type Point = { x: number; y: number };

/** Series colours for up to four policies, then repeated. */
const PALETTE = ['--starting', '--ready', '--draining', '--desired'];

/**
 * The policy lab's chart: workers over simulated time for each policy, the clairvoyant
 * oracle dashed, and the selected run's backlog on the right axis. Redrawn by `show`, never
 * from React's render.
 */
export class LabChart {
  private readonly chart: Chart<'line', Point[]>;

  // TODO: follow a theme switch while the lab is open (axes keep the colours read here);
  // the timeline chart does, the lab chart is rebuilt only when the view is reopened.
  constructor(canvas: HTMLCanvasElement) {
    const theme = readChartTheme(document.documentElement);
    this.chart = new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: {
            type: 'linear',
            title: { display: true, text: 'simulated minutes', color: theme.text },
            ticks: { color: theme.text, callback: (v) => (Number(v) / 60).toFixed(0) },
            grid: { color: theme.grid },
          },
          y: {
            type: 'linear',
            beginAtZero: true,
            title: { display: true, text: 'workers', color: theme.text },
            ticks: { color: theme.text, precision: 0 },
            grid: { color: theme.grid },
          },
          backlog: {
            type: 'linear',
            position: 'right',
            beginAtZero: true,
            title: { display: true, text: 'backlog', color: theme.text },
            ticks: { color: theme.text, precision: 0 },
            grid: { drawOnChartArea: false },
          },
        },
        plugins: {
          decimation: { enabled: true, algorithm: 'lttb', samples: 500 },
          legend: { labels: { color: theme.text, boxWidth: 12 } },
        },
      },
    });
  }

  show(results: readonly SimResult[], selected: number): void {
    const root = document.documentElement;
    const theme = readChartTheme(root);
    const css = getComputedStyle(root);
    const sets: ChartDataset<'line', Point[]>[] = results.map((r, i) => {
      const color =
        css.getPropertyValue(PALETTE[i % PALETTE.length] ?? '--starting').trim() || theme.ready;
      return {
        label: r.policy,
        data: r.series.map((p) => ({ x: p.t, y: p.workers })),
        borderColor: color,
        backgroundColor: color,
        borderWidth: i === selected ? 2.5 : 1.5,
        pointRadius: 0,
        stepped: true,
        yAxisID: 'y',
      };
    });
    const first = results[selected] ?? results[0];
    if (first !== undefined) {
      sets.push({
        label: 'oracle',
        data: first.series.map((p) => ({ x: p.t, y: p.oracle })),
        borderColor: theme.text,
        backgroundColor: theme.text,
        borderDash: [5, 4],
        borderWidth: 1.5,
        pointRadius: 0,
        stepped: true,
        yAxisID: 'y',
      });
      sets.push({
        label: `backlog (${first.policy})`,
        data: first.series.map((p) => ({ x: p.t, y: p.backlog })),
        borderColor: theme.backlog,
        backgroundColor: theme.backlog,
        borderWidth: 1,
        pointRadius: 0,
        yAxisID: 'backlog',
      });
    }
    this.chart.data.datasets = sets;
    this.chart.canvas.dataset['series'] = String(sets.length);
    this.chart.update('none');
  }

  destroy(): void {
    this.chart.destroy();
  }
}
