import type { Chart, ChartDataset } from 'chart.js';
import type { SimResult } from '../../shared/api/contract/sim';
import { createPoolChart, paintScales } from './pool-chart';
import type { Point } from './pool-chart';
import { readChartTheme } from './theme';

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
    this.chart = createPoolChart(canvas, [], {
      x: {
        title: { display: true, text: 'simulated minutes' },
        ticks: { callback: (v) => (Number(v) / 60).toFixed(0) },
      },
      stackedWorkers: false,
      plugins: {
        decimation: { enabled: true, algorithm: 'lttb', samples: 500 },
        legend: { labels: { color: theme.text, boxWidth: 12 } },
      },
    });
    paintScales(this.chart, theme);
    this.chart.update('none');
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
