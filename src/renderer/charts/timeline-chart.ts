import type { Chart, ChartDataset, TooltipItem } from 'chart.js';
import type { ScalingEvent } from '../../shared/events';
import { fmtClock } from '../format';
import type { GantryState, GantryStore } from '../state/store';
import { createPoolChart, paintScales } from './pool-chart';
import type { Point } from './pool-chart';
import { describeInputs, scalingEventsIn } from './scaling-markers';
import type { ChartTheme } from './theme';
import { readChartTheme, withAlpha } from './theme';

type LineSet = ChartDataset<'line', Point[]>;

/** Most points per series drawn; more are thinned by the ring (aligned across series). */
const MAX_POINTS = 600;
const MARKERS = 5;

function nowOf(state: GantryState): number {
  return state.snapshot?.ts ?? Date.now();
}

/**
 * The scaling timeline on a canvas: workers stacked by state, desired as a dashed line,
 * backlog on its own axis, and a marker per scaling event (hover for its reason, click to
 * select it). It redraws from a store subscription, outside React's render, without
 * animation and with pre-parsed data.
 */
export class TimelineChart {
  private readonly chart: Chart<'line', Point[]>;
  private readonly unsubscribe: () => void;
  private markers: ScalingEvent[] = [];
  private theme: ChartTheme;
  private readonly media: MediaQueryList;
  private readonly onTheme = () => {
    this.theme = readChartTheme(document.documentElement);
    this.applyTheme();
    this.chart.update('none');
  };

  constructor(
    canvas: HTMLCanvasElement,
    private readonly store: GantryStore,
  ) {
    this.theme = readChartTheme(document.documentElement);
    this.chart = createPoolChart(canvas, this.makeDatasets(), {
      x: { ticks: { maxRotation: 0, autoSkipPadding: 24, callback: (v) => fmtClock(Number(v)) } },
      stackedWorkers: true,
      plugins: {
        decimation: { enabled: true, algorithm: 'min-max', threshold: MAX_POINTS * 2 },
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => this.tooltipTitle(items),
            label: (item) => this.tooltipLabel(item),
          },
        },
      },
      onClick: (_event, elements) => {
        const hit = elements.find((e) => e.datasetIndex === MARKERS);
        const marker = hit === undefined ? undefined : this.markers[hit.index];
        if (marker !== undefined) this.store.getState().selectScalingEvent(marker.seq);
      },
    });
    this.applyTheme();
    this.render();

    this.unsubscribe = store.subscribe((state, prev) => {
      if (
        state.timelineVersion !== prev.timelineVersion ||
        state.eventsVersion !== prev.eventsVersion ||
        state.selectedScalingSeq !== prev.selectedScalingSeq ||
        state.timelineWindowMin !== prev.timelineWindowMin
      ) {
        this.render();
      }
    });
    this.media = window.matchMedia('(prefers-color-scheme: dark)');
    this.media.addEventListener('change', this.onTheme);
  }

  destroy(): void {
    this.unsubscribe();
    this.media.removeEventListener('change', this.onTheme);
    this.chart.destroy();
  }

  private makeDatasets(): LineSet[] {
    const area = (label: string, fill: LineSet['fill']): LineSet => ({
      label,
      data: [],
      stack: 'pool',
      fill,
      pointRadius: 0,
      borderWidth: 1,
      stepped: true,
      yAxisID: 'y',
    });
    return [
      area('ready', 'origin'),
      area('starting', '-1'),
      area('draining', '-1'),
      {
        label: 'desired',
        data: [],
        stack: 'desired',
        fill: false,
        pointRadius: 0,
        borderWidth: 2,
        borderDash: [6, 4],
        stepped: true,
        yAxisID: 'y',
      },
      {
        label: 'backlog',
        data: [],
        fill: false,
        pointRadius: 0,
        borderWidth: 1.5,
        yAxisID: 'backlog',
        tension: 0,
      },
      {
        label: 'scaling',
        data: [],
        stack: 'markers',
        showLine: false,
        pointRadius: 6,
        pointHoverRadius: 9,
        yAxisID: 'y',
      },
    ];
  }

  private applyTheme(): void {
    const t = this.theme;
    const sets = this.chart.data.datasets;
    const paint = (i: number, color: string, fillAlpha: number) => {
      const set = sets[i];
      if (set === undefined) return;
      set.borderColor = color;
      set.backgroundColor = fillAlpha > 0 ? withAlpha(color, fillAlpha) : color;
    };
    paint(0, t.ready, 0.45);
    paint(1, t.starting, 0.45);
    paint(2, t.draining, 0.45);
    paint(3, t.desired, 0);
    paint(4, t.backlog, 0);
    paintScales(this.chart, t);
  }

  private render(): void {
    const state = this.store.getState();
    const windowMs = state.timelineWindowMin * 60_000;
    const now = nowOf(state);
    const series = state.timeline.window(now, windowMs, MAX_POINTS);
    const sets = this.chart.data.datasets;
    const put = (i: number, data: Point[]) => {
      const set = sets[i];
      if (set !== undefined) set.data = data;
    };
    put(0, series.ready);
    put(1, series.starting);
    put(2, series.draining);
    put(3, series.desired);
    put(4, series.backlog);

    this.markers = scalingEventsIn(state.events, now - windowMs, now);
    put(
      MARKERS,
      this.markers.map((e) => ({ x: e.ts, y: e.decision.desired })),
    );
    const markerSet = sets[MARKERS];
    if (markerSet !== undefined) {
      const t = this.theme;
      markerSet.pointStyle = this.markers.map(() => 'triangle');
      markerSet.pointRotation = this.markers.map((e) => (e.direction === 'down' ? 180 : 0));
      markerSet.backgroundColor = this.markers.map((e) => (e.direction === 'down' ? t.down : t.up));
      markerSet.borderColor = this.markers.map((e) =>
        e.seq === state.selectedScalingSeq ? t.text : 'transparent',
      );
      markerSet.pointRadius = this.markers.map((e) => (e.seq === state.selectedScalingSeq ? 9 : 6));
    }

    // What the chart shows, readable without pixels (end-to-end tests, accessibility tools).
    const canvas = this.chart.canvas;
    canvas.dataset['points'] = String(series.ready.length);
    canvas.dataset['markers'] = String(this.markers.length);
    const last = series.ready.length - 1;
    canvas.dataset['workers'] = String(
      (series.ready[last]?.y ?? 0) + (series.starting[last]?.y ?? 0),
    );

    const x = this.chart.options.scales?.['x'];
    if (x !== undefined) {
      x.min = now - windowMs;
      x.max = now;
    }
    this.chart.update('none');
  }

  private tooltipTitle(items: TooltipItem<'line'>[]): string {
    const first = items[0];
    return first === undefined ? '' : fmtClock(first.parsed.x ?? 0);
  }

  private tooltipLabel(item: TooltipItem<'line'>): string | string[] {
    if (item.datasetIndex !== MARKERS) return `${item.dataset.label ?? ''}: ${item.parsed.y ?? ''}`;
    const event = this.markers[item.dataIndex];
    if (event === undefined) return '';
    const lines = [event.decision.reason, describeInputs(event.decision.inputs)];
    for (const clamp of event.decision.clamps)
      lines.push(`${clamp.name}: ${clamp.before} → ${clamp.after}`);
    return lines;
  }
}
